/**
 * A chart as a PNG, without a browser: ECharts renders SVG on the server, resvg draws it with one CJK
 * font file named explicitly (no system font lookup: resvg has no fontconfig). Animation off, white
 * background, a fixed size; the result is checked to stay under WeCom's 2 MB for a robot's image.
 */
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import * as echarts from "echarts";
import { printable } from "../chat/plain-text.js";
import { ROBOT_IMAGE_MAX_BYTES } from "../wecom/limits.js";

export class ChartUnavailable extends Error {}

/** Every string in an option (labels, titles from township and unit names) without control or override characters. */
function printableStrings<T>(v: T): T {
  if (typeof v === "string") return printable(v) as T;
  if (Array.isArray(v)) return v.map(printableStrings) as T;
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, printableStrings(x)])) as T;
  return v;
}

export type ChartSize = { width: number; height: number };

/** The family the charts ask for; resvg falls back to the one font it was given, whatever it is called. */
const FAMILY = "sans-serif";

/** An ECharts option (animation and font set here) as PNG bytes drawn with `font`. */
export function renderChart(option: echarts.EChartsOption, font: string | null, size: ChartSize = { width: 900, height: 500 }): Buffer {
  if (!font) throw new ChartUnavailable("no CJK font file (CHART_FONT, or Debian's fonts-noto-cjk / fonts-wqy-zenhei)");
  if (!existsSync(font)) throw new ChartUnavailable(`CHART_FONT ${font} does not exist`);
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  let svg: string;
  try {
    chart.setOption({ animation: false, backgroundColor: "#ffffff", textStyle: { fontFamily: FAMILY }, ...printableStrings(option) });
    // Whatever reached the SVG from data: no control character (resvg refuses an ESC; the chart failed every week).
    svg = printable(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
  const png = new Resvg(svg, {
    font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: FAMILY, sansSerifFamily: FAMILY },
    background: "#ffffff",
  })
    .render()
    .asPng();
  if (png.length > ROBOT_IMAGE_MAX_BYTES) throw new ChartUnavailable(`chart of ${png.length} bytes: over a robot image's limit`);
  return Buffer.from(png);
}
