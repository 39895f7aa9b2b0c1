/**
 * One-tap 安全检查: the all-clear (`安全检查 无异常`) and `同上期`, as answers to prefill the form with. The
 * facts a week does not change (whether there is a 微型消防站, a high-rise, a school bus, a canteen) and the
 * 安全教育平台 coverage come from the unit's last report; without one they are left out, so the form asks.
 */
import type { Answers } from "../../forms/types.js";
import { CHECKLIST_HAZARDS } from "./form.js";

/** Checklist answers with a "not here" value, and what "normal" is for each. */
const FACTS = [
  { key: "highRise", normal: "符合要求", absent: "不适用" },
  { key: "schoolBus", normal: "正常", absent: "不适用" },
  { key: "canteenFood", normal: "正常", absent: "无食堂" },
] as const;
const COVERAGE = ["platformClasses", "platformStudents"] as const;
/** Nothing new found: no hazard beyond the checklist's, no note. */
const NOTHING_NEW: Answers = { hazardCount: 0, hazards: [], note: null };

const isPercent = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 100;

/** The coverage figures of `last`, when it has them. */
function coverageOf(last: Answers | null): Answers {
  const out: Answers = {};
  for (const k of COVERAGE) {
    const v = last?.[k];
    if (isPercent(v)) out[k] = v;
  }
  return out;
}

/** Every checklist item normal and nothing new found; facts and coverage from `last` (asked when there is none). */
export function safetyAllClear(last: Answers | null): Answers {
  const a: Answers = {
    lifePassage: true,
    // Asked only where there is a station / a canteen; normal when they are.
    stationEquipment: true,
    stationOnDuty: true,
    canteenGasPower: true,
    canteenTraining: true,
    ...NOTHING_NEW,
    ...coverageOf(last),
  };
  if (last && typeof last.stationBuilt === "boolean") a.stationBuilt = last.stationBuilt;
  for (const f of FACTS) {
    const was = last?.[f.key];
    if (typeof was === "string") a[f.key] = was === f.absent ? f.absent : f.normal;
  }
  return a;
}

/**
 * `同上期`: last week's checklist and coverage, nothing new found. An item that was not normal then is left out
 * (asked again): carrying it would record last week's hazard a second time — it stays in the ledger until 整改.
 */
export function safetyCarry(last: Answers): Answers {
  const a: Answers = { ...NOTHING_NEW, ...coverageOf(last) };
  for (const key of [
    "lifePassage",
    "stationBuilt",
    "stationEquipment",
    "stationOnDuty",
    "highRise",
    "schoolBus",
    "canteenFood",
    "canteenGasPower",
    "canteenTraining",
  ]) {
    const v = last[key];
    if (v === undefined || v === null || Array.isArray(v) || typeof v === "object") continue;
    if (CHECKLIST_HAZARDS.some((c) => c.item === key && c.bad(last))) continue;
    a[key] = v;
  }
  return a;
}

/** The school's facts a 安全检查 states: whether it has a 微型消防站, a high-rise, a school bus, a canteen. */
export const SAFETY_FACTS = { station: "微型消防站", highRise: "高层建筑", schoolBus: "校车", canteen: "食堂" } as const;

export function safetyFactsOf(a: Answers): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  if (typeof a.stationBuilt === "boolean") out[SAFETY_FACTS.station] = a.stationBuilt;
  for (const f of FACTS) {
    const v = a[f.key];
    if (typeof v === "string") out[FACT_NAME[f.key]] = v !== f.absent;
  }
  return out;
}

const FACT_NAME: Record<(typeof FACTS)[number]["key"], string> = {
  highRise: SAFETY_FACTS.highRise,
  schoolBus: SAFETY_FACTS.schoolBus,
  canteenFood: SAFETY_FACTS.canteen,
};

/**
 * What a 安全检查 starts with from the school's facts: the 微型消防站 answer, and 不适用 / 无食堂 for what the school
 * does not have — none of it asked again (a school that has a high-rise is still asked about it every week).
 */
export function safetyFactPrefill(facts: Record<string, unknown>): Answers {
  const a: Answers = {};
  const station = facts[SAFETY_FACTS.station];
  if (typeof station === "boolean") a.stationBuilt = station;
  for (const f of FACTS) if (facts[FACT_NAME[f.key]] === false) a[f.key] = f.absent;
  return a;
}

/** The all-clear over the school's facts: what it has is normal, what it lacks is 不适用 (facts win over the last report). */
export function safetyAllClearWithFacts(facts: Record<string, unknown>): Answers {
  const a = safetyFactPrefill(facts);
  for (const f of FACTS) if (facts[FACT_NAME[f.key]] === true) a[f.key] = f.normal;
  return a;
}
