/**
 * What changed between two versions of a kind, in the words `kind load` reports to the officer who loaded it:
 * questions added, removed and changed (by their labels), and the other keys that differ.
 */
import type { FieldSpec, KindSpec } from "./spec.js";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The parts of a question that changed, named as an officer knows them. */
const PARTS: [keyof FieldSpec | string, string][] = [
  ["label", "名称"],
  ["prompt", "提问"],
  ["type", "类型"],
  ["options", "选项"],
  ["unit", "单位"],
  ["min", "下限"],
  ["max", "上限"],
  ["maxField", "上限（另一项）"],
  ["maxLength", "字数上限"],
  ["optional", "是否必答"],
  ["showIf", "何时询问"],
  ["fact", "记录的学校信息"],
];

function fieldChanges(before: FieldSpec, after: FieldSpec): string[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const named = PARTS.filter(([k]) => !same(b[k], a[k])).map(([, w]) => w);
  const known = new Set(PARTS.map(([k]) => k));
  const other = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !known.has(k) && k !== "key" && !same(b[k], a[k]));
  return [...named, ...other];
}

/** Lines like "新增问题：参加人数", "修改问题「参加人数」：上限", "删除问题：备注", "修改：截止时间". */
export function specChanges(before: KindSpec, after: KindSpec): string[] {
  const lines: string[] = [];
  const old = new Map(before.fields.map((f) => [f.key, f]));
  const now = new Map(after.fields.map((f) => [f.key, f]));
  for (const f of after.fields) {
    const was = old.get(f.key);
    if (!was) lines.push(`新增问题：${f.label}`);
    else {
      const parts = fieldChanges(was, f);
      if (parts.length) lines.push(`修改问题「${was.label}」：${parts.join("、")}`);
    }
  }
  for (const f of before.fields) if (!now.has(f.key)) lines.push(`删除问题：${f.label}`);
  const orderBefore = before.fields.map((f) => f.key).filter((k) => now.has(k));
  const orderAfter = after.fields.map((f) => f.key).filter((k) => old.has(k));
  if (!same(orderBefore, orderAfter)) lines.push("调整了问题的顺序");
  const KEYS: [keyof KindSpec, string][] = [
    ["name", "名称"],
    ["short", "简称"],
    ["alias", "英文命令"],
    ["period", "周期"],
    ["deadline", "截止时间"],
    ["owedBy", "填报单位"],
    ["purpose", "用途"],
    ["office", "科室"],
    ["texts", "帮助中的说明"],
    ["prefill", "一键填报（无异常、同上期）"],
    ["capabilities", "功能选项"],
    ["figures", "统计项"],
    ["words", "汇总和日报、周报的文字"],
    ["weeklyPeriod", "周报所说的期间"],
  ];
  const changed = KEYS.filter(([k]) => !same(before[k], after[k])).map(([, w]) => w);
  if (changed.length) lines.push(`修改：${changed.join("、")}`);
  return lines.length ? lines : ["无实质变化"];
}
