/**
 * KindSpec: a report kind as data (docs/DESIGN.md "Interfaces: KindSpec") — its names, period, deadline, who owes it,
 * its fields with their bounds and conditions, what may be prefilled, its figures and words — checked by zod with
 * a Chinese reason naming the key that is wrong. The built-in kinds are such files (prisma/data/kinds/); what data
 * cannot say is a capability a spec names with its options (capabilities/).
 */
import { z } from "zod";
import { UNPRINTABLE } from "../chat/plain-text.js";

const KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;
export const FieldKey = z.string().regex(KEY, "应为字母开头的英文键（字母、数字、下划线，最多 40 个）");
const Scalar = z.union([z.string().max(100), z.number(), z.boolean(), z.null()]);
/** Words people read (names, questions, options): bounded, and without control or direction-override characters. */
const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "不能为空")
    .max(max, `太长（最多 ${max} 字）`)
    .superRefine((v, ctx) => {
      const bad = v.match(UNPRINTABLE)?.[0];
      if (bad !== undefined)
        ctx.addIssue({
          code: "custom",
          message: `含有不可见的控制字符或文字方向控制符（U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}），请删除`,
        });
    });

/** A condition on the answers so far: `{field, is | not | in}`, or `all` / `any` of conditions. */
export type Condition =
  | { field: string; is: z.infer<typeof Scalar> }
  | { field: string; not: z.infer<typeof Scalar> }
  | { field: string; in: z.infer<typeof Scalar>[] }
  | { all: Condition[] }
  | { any: Condition[] };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ field: FieldKey, is: Scalar }),
      z.strictObject({ field: FieldKey, not: Scalar }),
      z.strictObject({ field: FieldKey, in: z.array(Scalar).min(1).max(50) }),
      z.strictObject({ all: z.array(ConditionSchema).min(1).max(20) }),
      z.strictObject({ any: z.array(ConditionSchema).min(1).max(20) }),
    ],
    { error: "应写成 {field, is}、{field, not}、{field, in: […]}，或 {all: […]}、{any: […]}" },
  ),
);

/** A fact about the unit that the answer records (在校生数), or that it has one unless the answer is `absentWhen` (校车: 不适用). */
const FactSpec = z.union([Text(20), z.strictObject({ name: Text(20), absentWhen: Scalar })]);

const base = {
  key: FieldKey,
  label: Text(40),
  prompt: Text(300),
  hint: Text(200).optional(),
  optional: z.boolean().optional(),
  showIf: ConditionSchema.optional(),
  fact: FactSpec.optional(),
};

const NumberSpec = z.strictObject({
  ...base,
  type: z.enum(["integer", "decimal"]),
  unit: z.string().max(10, "单位太长（最多 10 字）"),
  unitAliases: z.array(z.string().min(1).max(20)).max(10).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** At most another answer (参加人数 ≤ 在校生数): the field, and how the bound is named in the reason. */
  maxField: z.strictObject({ field: FieldKey, label: Text(20).optional() }).optional(),
});

const ScalarField = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ ...base, type: z.literal("yesno") }),
    z.strictObject({ ...base, type: z.literal("choice"), options: z.array(Text(40)).min(2, "至少两个选项").max(20, "最多 20 个选项") }),
    NumberSpec,
    z.strictObject({ ...base, type: z.literal("percent") }),
    z.strictObject({
      ...base,
      type: z.literal("date"),
      notPast: z.boolean().optional(),
      notFuture: z.boolean().optional(),
      /** Inside the report's own period (a March 督导 records a March visit), and why, as the reason says it. */
      inPeriod: z.union([z.boolean(), z.strictObject({ why: Text(40) })]).optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal("time"),
      window: z.strictObject({ from: z.string().regex(/^\d{2}:\d{2}$/), to: z.string().regex(/^\d{2}:\d{2}$/) }).optional(),
    }),
    z.strictObject({ ...base, type: z.literal("text"), maxLength: z.number().int().min(1).max(2000) }),
    z.strictObject({ ...base, type: z.literal("image") }),
  ],
  { error: "type 应为 yesno、choice、integer、decimal、percent、date、time、text、image 或 group" },
);
export type ScalarFieldSpec = z.infer<typeof ScalarField>;

/** A repeated group: as many items as an earlier integer answer says, each with these fields. */
const GroupField = z.strictObject({
  ...base,
  type: z.literal("group"),
  countFrom: FieldKey,
  itemName: Text(20),
  fields: z.array(ScalarField).min(1).max(20),
});

export const FieldSpecSchema = z.union([ScalarField, GroupField]);
export type FieldSpec = z.infer<typeof FieldSpecSchema>;

/** A figure of the period's reports. */
const FigureSpecSchema = z.discriminatedUnion(
  "type",
  [
    /** Σ`of` / Σ`over` across the reports (参与率), each unit's own rate, the lowest, by township. */
    z.strictObject({ type: z.literal("ratio"), name: FieldKey, of: FieldKey, over: FieldKey, label: Text(10).optional() }),
    /** How many reports answered each yes/no item 否 (五项管理不达标), and for one report which. */
    z.strictObject({
      type: z.literal("notMet"),
      name: FieldKey,
      items: z
        .array(z.strictObject({ field: FieldKey, name: Text(20) }))
        .min(1)
        .max(50),
    }),
  ],
  { error: "type 应为 ratio 或 notMet" },
);
export type FigureSpec = z.infer<typeof FigureSpecSchema>;

/** A template of words (LiquidJS), checked when the spec is loaded. */
const Template = z.string().max(2000, "太长（最多 2000 字）");

const Purpose = z.enum(["安全", "课后", "进度", "综合"], { error: "应为 安全、课后、进度 或 综合" });

export const KindSpecSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, "应为小写英文字母开头的标识（字母、数字、连字符）"),
  version: z.number().int().min(1).max(100_000),
  name: Text(20),
  short: Text(10),
  /** The ASCII alias of its command (/safety); default /<id>. */
  alias: z
    .string()
    .regex(/^\/[a-z][a-z0-9-]{1,39}$/)
    .optional(),
  period: z.enum(["week", "month", "once"], { error: "应为 week、month 或 once" }),
  /** 周五 17:00 · 次月5日 17:00 · 当月最后一天 24:00 · 2027-01-15 17:00 · 无 */
  deadline: Text(40),
  owedBy: z
    .strictObject({
      unitKinds: z.array(Text(10)).max(20).optional(),
      units: z
        .array(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/))
        .max(20_000)
        .optional(),
      /** Only in months a school term overlaps (课后服务). */
      inTermOnly: z.boolean().optional(),
    })
    .optional(),
  purpose: Purpose.default("综合"),
  office: Text(20).optional(),
  /** Its command's line in 帮助 and its one-sentence refusal. */
  texts: z.strictObject({ describe: Text(60), example: Text(40), refusal: Text(80) }).optional(),
  fields: z.array(FieldSpecSchema).max(100, "最多 100 个问题"),
  /**
   * One-tap answers. `allClear`: what `<报表> 无异常` answers (each item normal; for a fact with `absentWhen`, the
   * answer when the school has it). `carry`: what `<报表> 同上期` takes from the last report — and what 无异常 takes
   * from it for fields it does not answer. `nothingNew`: what both answer for what is new each time (隐患 0, no note).
   */
  prefill: z
    .strictObject({
      allClear: z.record(FieldKey, Scalar).optional(),
      carry: z.array(FieldKey).max(100).optional(),
      /** `[]`: a repeated group with no items. */
      nothingNew: z.record(FieldKey, z.union([Scalar, z.tuple([])])).optional(),
    })
    .optional(),
  /** What data cannot say, by name, with its options (hazardLedger, planTargets, inspectorVisits). */
  capabilities: z.record(z.string(), z.unknown()).optional(),
  /** Figures computed from its reports, named for its words: a ratio of two answers, the yes/no items not met. */
  figures: z.array(FigureSpecSchema).max(20).optional(),
  /**
   * Its words, as LiquidJS templates over its figures (`status`, `previous`, its own figures, its capabilities'):
   * `submitted` the line after a report is stored, `summary` 汇总's lines after who reported, `daily` its section of
   * the 日报, `weekly` of the 周报, `headline` the 周报's first line. Unset: the bot's own words (templates/digests/).
   */
  words: z
    .strictObject({
      submitted: Template.optional(),
      summary: Template.optional(),
      daily: Template.optional(),
      weekly: Template.optional(),
      headline: Template.optional(),
    })
    .optional(),
  /** The period the 周报 speaks of: the last week, the open period, or the latest one closed (due next month). */
  weeklyPeriod: z.enum(["last", "open", "closed"]).optional(),
});
export type KindSpec = z.infer<typeof KindSpecSchema>;

/** Why a spec is refused, each reason naming where: "fields[2].max：应不大于 …". */
export class BadSpec extends Error {
  constructor(readonly problems: string[]) {
    super(`规格有误，没有载入：${problems.join("；")}`);
    this.name = "BadSpec";
  }
}

/** Where an issue is, as a path people can find in the file: fields[2].options. */
export function wherePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("") || "（整个规格）";
}

/** Checks a spec's shape; throws BadSpec naming every key that is wrong. (Rules across fields: compile.ts.) */
export function parseKindSpec(data: unknown): KindSpec {
  const r = KindSpecSchema.safeParse(data);
  if (!r.success) throw new BadSpec(r.error.issues.slice(0, 20).map((i) => `${wherePath(i.path)}：${i.message}`));
  return r.data;
}
