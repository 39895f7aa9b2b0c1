/**
 * One roster row: the columns docs/DESIGN.md lists, validated with a Chinese reason
 * per column.
 *   userid,name,mobile,unit_code,unit_name,unit_kind,township,roles,schools,rural
 */
import { z } from "zod";
import { UNPRINTABLE } from "../chat/plain-text.js";
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

/** Headers as Excel users write them (姓名, 单位代码 …), each to its column. */
const HEADER_ALIASES: Record<string, (typeof ROSTER_COLUMNS)[number]> = {
  账号: "userid",
  企业微信账号: "userid",
  用户id: "userid",
  成员账号: "userid",
  姓名: "name",
  名字: "name",
  手机: "mobile",
  手机号: "mobile",
  手机号码: "mobile",
  单位代码: "unit_code",
  学校代码: "unit_code",
  单位名称: "unit_name",
  学校名称: "unit_name",
  单位: "unit_name",
  单位类型: "unit_kind",
  学校类型: "unit_kind",
  学段: "unit_kind",
  乡镇: "township",
  镇街: "township",
  所属乡镇: "township",
  角色: "roles",
  负责学校: "schools",
  督导学校: "schools",
  是否农村: "rural",
  农村: "rural",
  农村学校: "rural",
};

/** A header cell as its column's name: the English names as they are, the Chinese ones (姓名, 单位代码 …) mapped. */
export function rosterColumn(header: string): string {
  const h = header
    .trim()
    .replace(/\s+/g, "")
    .replace(/[（(].*[)）]$/, "");
  return HEADER_ALIASES[h] ?? header.trim().toLowerCase();
}

const list = (s: string) =>
  s
    .split(/[|｜]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Text a person or a screen should never get from a roster cell: control and direction-override characters. */
const printableText = (schema: z.ZodString) =>
  schema.superRefine((v, ctx) => {
    const bad = v.match(UNPRINTABLE)?.[0];
    if (bad !== undefined)
      ctx.addIssue({
        code: "custom",
        message: `含有不可见的控制字符或文字方向控制符（U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}），请删除后再导入`,
      });
  });

export const RosterRowSchema = z.object({
  // WeCom userids: 1–64 letters, digits and _ - . @ (企业微信“账号”).
  userid: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, "应为企业微信账号：1–64 位字母、数字或 _ - . @"),
  name: printableText(z.string().min(1, "不能为空").max(64, "太长（最多 64 字）")),
  mobile: z.string().regex(/^(1\d{10})?$/, "应为 11 位手机号，或留空"),
  unit_code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "应为 1–32 位字母、数字、_ 或 -"),
  unit_name: printableText(z.string().min(1, "不能为空").max(64, "太长（最多 64 字）")),
  unit_kind: UnitKindSchema,
  township: printableText(z.string().max(32, "太长（最多 32 字）")),
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
