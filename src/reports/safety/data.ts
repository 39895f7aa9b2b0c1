/**
 * What a 安全检查 report stores, as zod: the checklist, the platform's
 * coverage, and one entry per hazard found — as many as the count says, each
 * with a category, severity and deadline the ledger can use. Checked before a
 * report is stored.
 */
import { z } from "zod";
import { CHECKLIST_HAZARDS, HAZARD_CATEGORIES, SEVERITIES } from "./form.js";

const percent = z.number().min(0).max(100);
const Photo = z.object({ mediaId: z.string(), photoId: z.number().int() }).nullable().optional();

const Hazard = z.object({
  description: z.string().min(1).max(200),
  category: z.enum(HAZARD_CATEGORIES),
  severity: z.enum(SEVERITIES),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  responsible: z.string().min(1).max(20),
  photo: Photo,
});

/** The hazard a checklist item found not normal: its category is the item's. */
const ChecklistHazard = Hazard.omit({ category: true });
const checklistHazards = Object.fromEntries(
  CHECKLIST_HAZARDS.map((c) => [`${c.item}Hazard`, z.array(ChecklistHazard).max(1).optional()]),
) as Record<`${(typeof CHECKLIST_HAZARDS)[number]["item"]}Hazard`, z.ZodOptional<z.ZodArray<typeof ChecklistHazard>>>;

export const SafetyData = z
  .object({
    ...checklistHazards,
    lifePassage: z.boolean(),
    stationBuilt: z.boolean(),
    stationEquipment: z.boolean().optional(),
    stationOnDuty: z.boolean().optional(),
    highRise: z.enum(["符合要求", "存在问题", "不适用"]),
    schoolBus: z.enum(["正常", "存在问题", "不适用"]),
    canteenFood: z.enum(["正常", "存在问题", "无食堂"]),
    canteenGasPower: z.boolean().optional(),
    canteenTraining: z.boolean().optional(),
    platformClasses: percent,
    platformStudents: percent,
    hazardCount: z.number().int().min(0).max(20),
    hazards: z.array(Hazard),
    note: z.string().max(300).nullable().optional(),
  })
  .superRefine((a, ctx) => {
    if (a.hazards.length !== a.hazardCount)
      ctx.addIssue({ code: "custom", path: ["hazards"], message: `隐患数 ${a.hazardCount} 与记录的 ${a.hazards.length} 处不符` });
    // 隐患即事故: an item not normal has its hazard recorded, and only such an item.
    for (const c of CHECKLIST_HAZARDS) {
      const recorded = a[`${c.item}Hazard`]?.length ?? 0;
      const bad = c.bad(a);
      if (bad !== (recorded === 1))
        ctx.addIssue({
          code: "custom",
          path: [`${c.item}Hazard`],
          message: `${c.name}${bad ? "有问题却没有记录隐患" : "正常却记录了隐患"}`,
        });
    }
    if (!a.stationBuilt && (a.stationEquipment !== undefined || a.stationOnDuty !== undefined))
      ctx.addIssue({ code: "custom", path: ["stationEquipment"], message: "微型消防站未建成却填了器材或值守" });
  });
export type SafetyData = z.infer<typeof SafetyData>;
