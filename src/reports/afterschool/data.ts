/**
 * What a 课后服务 report stores, as zod: every answer with its bounds, and
 * the rules across answers (participants never above enrolment; a fee only
 * when it is charged; an end time only on days with service). Checked before
 * a report is stored; read back through `participationOf` by the figures.
 */
import { z } from "zod";

const count = (max: number) => z.number().int().min(0).max(max);

export const AfterschoolData = z
  .object({
    enrolled: z.number().int().min(1).max(20_000),
    participants: count(20_000),
    teachers: count(3_000),
    daysPerWeek: count(7),
    endTime: z.string().optional(),
    specialCourses: count(500),
    charged: z.boolean(),
    fee: z.number().min(0).max(10_000).optional(),
    outsideInstitutions: z.boolean(),
    note: z.string().max(300).nullable().optional(),
  })
  .superRefine((a, ctx) => {
    if (a.participants > a.enrolled) ctx.addIssue({ code: "custom", path: ["participants"], message: "参加人数多于在校生数" });
    if (!a.charged && a.fee !== undefined) ctx.addIssue({ code: "custom", path: ["fee"], message: "不收费却有收费标准" });
    if (a.daysPerWeek === 0 && a.endTime !== undefined) ctx.addIssue({ code: "custom", path: ["endTime"], message: "不开展却有结束时间" });
  });
export type AfterschoolData = z.infer<typeof AfterschoolData>;

/** The two figures the digests need, from any stored row that has them (older rows may lack the rest). */
const Participation = z.object({ enrolled: z.number().int().min(1), participants: z.number().int().min(0) });

export function participationOf(data: unknown): { enrolled: number; participants: number } | null {
  const r = Participation.safeParse(data);
  return r.success && r.data.participants <= r.data.enrolled ? r.data : null;
}
