/** Unit kinds and roles: the fixed vocabularies of the roster and the plan. */
import { z } from "zod";

export const UNIT_KINDS = ["幼儿园", "小学", "初中", "九年一贯制", "高中", "职校", "直属单位", "科室"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UnitKindSchema = z.enum(UNIT_KINDS, { message: `应为 ${UNIT_KINDS.join("、")} 之一` });

/** Kinds that are schools: they owe the weekly safety inspection. */
export const SCHOOL_KINDS: readonly UnitKind[] = ["幼儿园", "小学", "初中", "九年一贯制", "高中", "职校"];

export const ROLES = ["principal", "reporter", "inspector", "viewer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Chinese names an admin may write in a roster instead of the English role names. */
export const ROLE_ALIASES: Record<string, Role> = {
  principal: "principal",
  校长: "principal",
  园长: "principal",
  reporter: "reporter",
  填报员: "reporter",
  填报人: "reporter",
  inspector: "inspector",
  督学: "inspector",
  责任督学: "inspector",
  viewer: "viewer",
  查看: "viewer",
  局领导: "viewer",
  admin: "admin",
  管理员: "admin",
};
