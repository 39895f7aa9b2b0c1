/**
 * One roster row: the columns DESIGN.md lists, validated with a Chinese reason
 * per column.
 *   userid,name,mobile,unit_code,unit_name,unit_kind,township,roles,schools,rural
 */
import { z } from "zod";
import { ROLE_ALIASES, type Role, UnitKindSchema } from "../domain/units.js";

export const ROSTER_COLUMNS = [
  "userid",
  "name",
  "mobile",
  "unit_code",
  "unit_name",
  "unit_kind",
  "township",
  "roles",
  "schools",
  "rural",
] as const;
export const REQUIRED_COLUMNS = ["userid", "name", "unit_code", "unit_name", "unit_kind", "roles"] as const;

const list = (s: string) =>
  s
    .split(/[|｜]/)
    .map((x) => x.trim())
    .filter(Boolean);

export const RosterRowSchema = z.object({
  // WeCom userids: 1–64 letters, digits and _ - . @ (企业微信“账号”).
  userid: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, "应为企业微信账号：1–64 位字母、数字或 _ - . @"),
  name: z.string().min(1, "不能为空").max(64, "太长（最多 64 字）"),
  mobile: z.string().regex(/^(1\d{10})?$/, "应为 11 位手机号，或留空"),
  unit_code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "应为 1–32 位字母、数字、_ 或 -"),
  unit_name: z.string().min(1, "不能为空").max(64, "太长（最多 64 字）"),
  unit_kind: UnitKindSchema,
  township: z.string().max(32, "太长（最多 32 字）"),
  roles: z
    .string()
    .transform(list)
    .pipe(
      z
        .array(z.string())
        .min(1, "至少一个角色")
        .superRefine((names, ctx) => {
          for (const n of names) {
            if (!(n.toLowerCase() in ROLE_ALIASES) && !(n in ROLE_ALIASES)) {
              ctx.addIssue({
                code: "custom",
                message: `不认识的角色“${n}”：可写 principal/校长、reporter/填报员、inspector/督学、viewer/查看、admin/管理员，用 | 分隔`,
              });
            }
          }
        })
        .transform((names) => [...new Set(names.map((n) => (ROLE_ALIASES[n.toLowerCase()] ?? ROLE_ALIASES[n]) as Role))]),
    ),
  schools: z.string().transform(list),
  rural: z
    .string()
    .refine((v) => ["", "是", "否", "y", "n", "yes", "no", "true", "false", "1", "0"].includes(v.toLowerCase()), "应为 是 或 否，或留空")
    .transform((v) => ["是", "y", "yes", "true", "1"].includes(v.toLowerCase())),
});

export type RosterRow = z.infer<typeof RosterRowSchema>;
