import { describe, expect, it } from "vitest";
import { ChartUnavailable, renderChart } from "../../src/charts/render.js";
import { loadConfig } from "../../src/config.js";
import { decodePng, inkIn, pngSize } from "../support/png.js";

const font = loadConfig({}).chartFont;
const label = (text: string) => ({ title: { text, left: 20, top: 20, textStyle: { fontSize: 72, color: "#000" } } });

describe.runIf(font)("chart images", () => {
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
