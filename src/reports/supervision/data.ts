/** 五项管理 as stored, read back by 汇总 (older rows may lack items: those count as met). */
import { z } from "zod";

const item = z.boolean();

export const FiveItems = z.object({
  homework: item.optional(),
  sleep: item.optional(),
  phone: item.optional(),
  reading: item.optional(),
  fitness: item.optional(),
});
