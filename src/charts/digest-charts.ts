/**
 * The digests' pictures, from the same figures as their words: the 周报's completion by township of the weekly kind
 * that keeps the hazard ledger (bars) and its last 12 weeks' completion and open hazards (lines); a kind's 汇总
 * digest, its ratio (参与率) by township. Option builders are pure; `digestChart` reads the figures and renders.
 */
import type { EChartsOption } from "echarts";
import { chartTexts as t } from "../../templates/charts.js";
import type { Db } from "../db/client.js";
import {
  completionByTownship,
  safetyHistory,
  type TownshipCompletion,
  type WeekPoint,
} from "../kinds/capabilities/hazard-ledger/figures.js";
import { type RatioFigures, ratioFigures } from "../kinds/figures.js";
import type { Kind } from "../kinds/kind.js";
import type { KindRegistry } from "../kinds/registry.js";
import { bureauGoLive, goLiveOf, owesPeriod } from "../reports/go-live.js";
import { openPeriod, type Period, periodLabel, previous, weekOf } from "../reports/periods.js";
import { periodStatus } from "../reports/status.js";
import { atLocal, localDate } from "../time/zoned.js";
import { renderChart } from "./render.js";

/** The most bars a chart shows (the lowest rates: those that need attention). */
export const MAX_BARS = 30;

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : 0);
const name = (township: string) => township || t.noTownship;

function bars(title: string, axis: string, items: { label: string; value: number }[]): EChartsOption {
  const shown = items.slice(0, MAX_BARS);
  return {
    title: { text: items.length > MAX_BARS ? `${title}${t.lowest(MAX_BARS, items.length)}` : title, left: "center" },
    grid: { left: 60, right: 30, top: 60, bottom: 110 },
    xAxis: { type: "category", data: shown.map((i) => i.label), axisLabel: { rotate: shown.length > 8 ? 40 : 0, interval: 0 } },
    yAxis: { type: "value", name: axis, max: 100 },
    series: [{ type: "bar", data: shown.map((i) => i.value), label: { show: true, position: "top" }, itemStyle: { color: "#2f7bf6" } }],
  };
}

/** The open-hazards axis: at least 0–5, and a quarter above the most open, so the line's height means a number. */
export function hazardAxisMax(history: readonly WeekPoint[]): number {
  const most = Math.max(0, ...history.map((w) => w.openHazards));
  return Math.max(5, Math.ceil((most * 1.25) / 5) * 5);
}

export function weeklyChartOption(week: string, byTownship: TownshipCompletion[], history: WeekPoint[], kindName: string): EChartsOption {
  const top = bars(
    t.townshipTitle(week, kindName),
    t.completion,
    byTownship.map((x) => ({ label: name(x.township), value: pct(x.done, x.owing) })),
  );
  const shown = byTownship.slice(0, MAX_BARS);
  return {
    title: [
      { ...(top.title as object), top: 8 },
      { text: t.historyTitle(kindName), left: "center", top: 470 },
    ],
    legend: { top: 500, data: [t.completion, t.openHazards] },
    grid: [
      { left: 60, right: 60, top: 60, height: 300 },
      { left: 60, right: 60, top: 540, height: 280 },
    ],
    xAxis: [
      {
        gridIndex: 0,
        type: "category",
        data: shown.map((x) => name(x.township)),
        axisLabel: { rotate: shown.length > 8 ? 40 : 0, interval: 0 },
      },
      { gridIndex: 1, type: "category", data: history.map((w) => w.key.slice(5)) },
    ],
    yAxis: [
      { gridIndex: 0, type: "value", max: 100, name: t.completion },
      { gridIndex: 1, type: "value", max: 100, name: t.completion },
      // Counts of hazards on a scale of their own, never stretched to the chart's height: 1 open hazard is not drawn as high as 100 %.
      { gridIndex: 1, type: "value", name: t.openHazards, position: "right", minInterval: 1, min: 0, max: hazardAxisMax(history) },
    ],
    series: [
      { ...(top.series as object[])[0], xAxisIndex: 0, yAxisIndex: 0 },
      {
        name: t.completion,
        type: "line",
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: history.map((w) => (w.owing ? pct(w.done, w.owing) : null)),
        label: { show: true },
      },
      {
        name: t.openHazards,
        type: "line",
        xAxisIndex: 1,
        yAxisIndex: 2,
        data: history.map((w) => w.openHazards),
        label: { show: true },
        itemStyle: { color: "#e6553a" },
      },
    ],
  };
}

/** A kind's ratio (参与率) by township, lowest first. */
export function ratioChartOption(period: string, kindName: string, label: string, byTownship: RatioFigures["byTownship"]): EChartsOption {
  return bars(
    t.ratioTitle(period, kindName, label),
    t.ratioAxis(label),
    byTownship.map((x) => ({ label: name(x.township), value: pct(x.of, x.over) })),
  );
}

/** The 周报's figures for its chart: last week by township, and the 12 weeks up to it, of the kind that keeps the ledger. */
async function weeklyFigures(db: Db, kind: Kind, now: Date, tz: string) {
  const last = previous(weekOf(localDate(now, tz)));
  const status = await periodStatus(db, kind, last, now, tz);
  const weeks: Period[] = [last];
  while (weeks.length < 12) weeks.unshift(previous(weeks[0] as Period));
  // Each week's completion is of the units live by its end: a week before the bot existed owed nothing.
  const bureau = await bureauGoLive(db);
  const owingIn = new Map(weeks.map((w) => [w.key, status.filter((s) => owesPeriod(goLiveOf(s.since, bureau, now, tz), w)).length]));
  const history = await safetyHistory(
    db,
    kind.id,
    weeks.map((w) => ({ key: w.key, endsAt: atLocal(w.end, 23, 59, tz) })),
    (key) => owingIn.get(key) ?? 0,
  );
  return { week: periodLabel(last), byTownship: completionByTownship(status), history };
}

/** The PNG for a digest (`content` as stored: weekly, a kind's id …), or null for a digest without one. */
export async function digestChart(
  db: Db,
  kinds: KindRegistry,
  content: string,
  now: Date,
  tz: string,
  font: string | null,
): Promise<Buffer | null> {
  if (content === "weekly") {
    const ledger = kinds.all().find((k) => k.hazardLedger && k.periodType === "week");
    if (!ledger) return null;
    const f = await weeklyFigures(db, ledger, now, tz);
    return renderChart(weeklyChartOption(f.week, f.byTownship, f.history, ledger.name), font, { width: 900, height: 860 });
  }
  const kind = kinds.byId(content);
  const ratio = kind?.spec.figures?.find((f) => f.type === "ratio");
  if (!kind || !ratio || ratio.type !== "ratio") return null;
  // The period the digest's words are about: the open one.
  const period = openPeriod(kind.periodType, kind.deadline, now, tz);
  const f = await ratioFigures(db, kind.id, ratio, period.key);
  if (!f.byTownship.length) return null;
  return renderChart(ratioChartOption(periodLabel(period), kind.name, ratio.label ?? "比例", f.byTownship), font);
}
