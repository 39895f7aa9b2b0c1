/** What a 督导 report stores, as zod: the visit date, 五项管理 with a note for each item not met, and what was seen. */
import { z } from "zod";

const text = (max: number) => z.string().min(1).max(max);
const item = z.boolean();

export const SupervisionData = z
  .object({
    visitDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    homework: item,
    sleep: item,
    phone: item,
    reading: item,
    fitness: item,
    homeworkNote: text(200).optional(),
    sleepNote: text(200).optional(),
    phoneNote: text(200).optional(),
    readingNote: text(200).optional(),
    fitnessNote: text(200).optional(),
    afterschool: text(300),
    conduct: text(300),
    note: z.string().max(300).nullable().optional(),
  })
  .superRefine((a, ctx) => {
    for (const key of ["homework", "sleep", "phone", "reading", "fitness"] as const)
      if (!a[key] && a[`${key}Note`] === undefined) ctx.addIssue({ code: "custom", path: [`${key}Note`], message: "不达标的项须说明问题" });
  });
export type SupervisionData = z.infer<typeof SupervisionData>;

/** 五项管理 as stored, for the summary's counts (older rows may lack items: those count as met). */
export const FiveItems = z.object({
  homework: item.optional(),
  sleep: item.optional(),
  phone: item.optional(),
  reading: item.optional(),
  fitness: item.optional(),
});
