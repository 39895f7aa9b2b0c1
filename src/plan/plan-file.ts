/**
 * The plan data file (prisma/data/plan-YYYY.json): its shape and rules,
 * following docs/DESIGN.md's "Plan targets". A file with any error is refused
 * whole, with the path of every error.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { UnitKindSchema } from "../domain/units.js";
import { invalidFile } from "../errors.js";

export const COMPARATORS = ["gt", "gte", "lte", "eq", "range"] as const;
export const AGGREGATIONS = ["sum", "count_meeting", "latest", "percentage"] as const;

const text = z.string().trim().min(1, "不能为空");
const Comparator = z.enum(COMPARATORS, { message: `应为 ${COMPARATORS.join(" / ")}` });

const PerUnit = z.strictObject({
  measure: text,
  comparator: z.enum(["gt", "gte", "lte", "eq"], { message: "应为 gt / gte / lte / eq" }),
  value: z.number().finite(),
});

const Reporters = z.strictObject({
  kinds: z.array(UnitKindSchema),
  codes: z.array(text).optional(),
  /** Computed from another report kind rather than entered (e.g. 督导). */
  computedFrom: z.enum(["督导"]).optional(),
});

const Common = {
  key: z.string().regex(/^\d+\.\d+\.[a-z0-9-]+$/, "应写成 1.2.new-seats 这样：条目编号加英文短名"),
  name: text,
  reporters: Reporters,
  source: z.string().default(""),
};

const Quantity = z
  .strictObject({
    ...Common,
    kind: z.literal("quantity"),
    measure: text,
    comparator: Comparator,
    value: z.number().finite(),
    valueMax: z.number().finite().optional(),
    aggregation: z.enum(AGGREGATIONS, { message: `应为 ${AGGREGATIONS.join(" / ")}` }),
    perUnit: PerUnit.optional(),
  })
  .superRefine((t, ctx) => {
    if (t.comparator === "range" && (t.valueMax === undefined || t.valueMax <= t.value)) {
      ctx.addIssue({ code: "custom", path: ["valueMax"], message: "range 须有大于 value 的 valueMax" });
    }
    if (t.comparator !== "range" && t.valueMax !== undefined) {
      ctx.addIssue({ code: "custom", path: ["valueMax"], message: "只有 range 才有 valueMax" });
    }
    if ((t.aggregation === "count_meeting" || t.aggregation === "percentage") && !t.perUnit) {
      ctx.addIssue({ code: "custom", path: ["perUnit"], message: `${t.aggregation} 须说明单个单位何时算达标（perUnit）` });
    }
  });

const Milestone = z.strictObject({ ...Common, kind: z.literal("milestone") });

export const TargetSchema = z.discriminatedUnion("kind", [Quantity, Milestone], {
  error: "kind 应为 quantity（定量指标）或 milestone（里程碑）",
});

const Item = z.strictObject({
  code: z.string().regex(/^\d+\.\d+$/, "条目编号应写成 1.2"),
  title: text,
  targets: z.array(TargetSchema),
});

const Section = z.strictObject({
  code: z.string().regex(/^\d+$/, "部分编号应为数字"),
  title: text,
  items: z.array(Item).min(1, "至少一个条目"),
});

export const PlanFileSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    title: text,
    issuedBy: z.string().default(""),
    sections: z.array(Section).min(1, "至少一个部分"),
  })
  .superRefine((plan, ctx) => {
    const items = new Set<string>();
    const keys = new Set<string>();
    plan.sections.forEach((s, si) => {
      s.items.forEach((item, ii) => {
        const at = ["sections", si, "items", ii];
        if (!item.code.startsWith(`${s.code}.`))
          ctx.addIssue({ code: "custom", path: [...at, "code"], message: `条目 ${item.code} 不属于第 ${s.code} 部分` });
        if (items.has(item.code)) ctx.addIssue({ code: "custom", path: [...at, "code"], message: `条目编号 ${item.code} 重复` });
        items.add(item.code);
        item.targets.forEach((t, ti) => {
          if (!t.key.startsWith(`${item.code}.`))
            ctx.addIssue({ code: "custom", path: [...at, "targets", ti, "key"], message: `指标 ${t.key} 应以条目编号 ${item.code}. 开头` });
          if (keys.has(t.key)) ctx.addIssue({ code: "custom", path: [...at, "targets", ti, "key"], message: `指标 ${t.key} 重复` });
          keys.add(t.key);
        });
      });
    });
  });

export type PlanFile = z.infer<typeof PlanFileSchema>;
export type PlanTargetInput = z.infer<typeof TargetSchema>;

/** Validates a plan; throws an INVALID_FILE AppError listing every error with its path. */
export function parsePlan(data: unknown, name = "计划文件"): PlanFile {
  const parsed = PlanFileSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw invalidFile(
    name,
    parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(文件)"}: ${i.message}`),
  );
}

export function readPlanFile(file: string): PlanFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw invalidFile(file, [`不是有效的 JSON：${err instanceof Error ? err.message : String(err)}`]);
  }
  return parsePlan(data, file);
}
