import { describe, expect, it } from "vitest";
import { hazardAxisMax, weeklyChartOption } from "../../src/charts/digest-charts.js";
import { ChartUnavailable, renderChart } from "../../src/charts/render.js";
import { bundledChartFont, loadConfig } from "../../src/config.js";
import { decodePng, inkIn, pngSize } from "../support/png.js";

const font = loadConfig({}).chartFont;
/** The pixels of a box as one string, to compare two drawings. */
const box = (png: Buffer, b: { x: number; y: number; w: number; h: number }) => {
  const px = decodePng(png);
  const out: number[] = [];
  for (let y = b.y; y < b.y + b.h; y++) for (let x = b.x; x < b.x + b.w; x++) out.push(...px.at(x, y));
  return out.join(",");
};
const label = (text: string) => ({ title: { text, left: 20, top: 20, textStyle: { fontSize: 72, color: "#000" } } });

describe("the chart font", () => {
  it("is the one the project ships, on any machine, unless CHART_FONT names another", () => {
    expect(font).toBe(bundledChartFont());
    expect(font).toMatch(/NotoSansHans-Regular\.otf$/);
    expect(loadConfig({ CHART_FONT: "/srv/fonts/other.ttf" }).chartFont).toBe("/srv/fonts/other.ttf");
  });

  it("has real glyphs for Chinese place names: two different words draw differently (a missing glyph is one empty box)", () => {
    const at = { x: 20, y: 20, w: 300, h: 90 };
    const size = { width: 640, height: 200 };
    const a = box(renderChart(label("溧阳教育"), font, size), at);
    const b = box(renderChart(label("埭头社渚"), font, size), at);
    // Hangul is not in a Simplified Chinese font: four different letters draw four identical empty boxes.
    const c = box(renderChart(label("한국어가"), font, size), at);
    const d = box(renderChart(label("나다라마"), font, size), at);
    expect(c).toBe(d);
    expect(a).not.toBe(b);
  });
});

describe("chart images", () => {
  it("draws Chinese text with the CJK font where the text is, and nothing there without it", () => {
    const box = { x: 20, y: 20, w: 300, h: 90 };
    const withText = decodePng(renderChart(label("溧阳教育"), font, { width: 640, height: 200 }));
    const without = decodePng(renderChart(label(""), font, { width: 640, height: 200 }));
    expect(withText.width).toBe(640);
    expect(inkIn(without, box)).toBe(0);
    // Four glyphs of 72 px: thousands of dark pixels (a missing glyph would leave the box white).
    expect(inkIn(withText, box)).toBeGreaterThan(2_000);
  });

  it("refuses to draw without a font file, rather than send a chart without its words", () => {
    expect(() => renderChart(label("x"), null)).toThrow(ChartUnavailable);
    expect(() => renderChart(label("x"), "/nonexistent/font.ttc")).toThrow(ChartUnavailable);
  });

  it("makes a PNG at least 600 px wide and under a robot's 2 MB", () => {
    const png = renderChart({ xAxis: { type: "category", data: ["溧城街道"] }, yAxis: {}, series: [{ type: "bar", data: [90] }] }, font);
    expect(pngSize(png).width).toBeGreaterThanOrEqual(600);
    expect(png.length).toBeLessThan(2 * 1024 * 1024);
  });
});

describe("the 周报's chart axes", () => {
  const week = (key: string, openHazards: number) => ({ key, done: 10, owing: 10, openHazards });

  it("draws open hazards on a count scale of their own: one hazard is not as high as 100 %", () => {
    const history = [week("2022-W08", 0), week("2022-W09", 1)];
    expect(hazardAxisMax(history)).toBe(5);
    const option = weeklyChartOption("第9周", [{ township: "溧城街道", done: 10, owing: 10 }], history, "安全检查");
    const axes = option.yAxis as { max?: number; name?: string }[];
    expect(axes[1]?.max).toBe(100); // completion, in %
    expect(axes[2]?.max).toBe(5); // open hazards, a count
  });

  it("leaves room above the most hazards open", () => {
    expect(hazardAxisMax([week("2022-W09", 12)])).toBe(15);
    expect(hazardAxisMax([week("2022-W09", 40)])).toBe(50);
  });
});
