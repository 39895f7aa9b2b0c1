/**
 * The questions the bot's own forms ask (a hazard's, 进度's, a rectification photo's), with their short labels for
 * summaries: [label, question]. A report kind's questions are in its spec (prisma/data/kinds/). Numbered choices are
 * listed by the engine after the question, from the form's options.
 */
type Q = readonly [label: string, prompt: string];

export const questions = {
  /** A hazard's questions (the hazard ledger's, in any kind that names it). */
  hazard: {
    hazards: ["隐患", ""],
    hazardItem: ["隐患", ""],
    description: ["描述", "请描述这处隐患（在哪里、什么问题）。"],
    category: ["类别", "隐患类别："],
    severity: ["严重程度", "严重程度："],
    deadline: ["整改期限", "整改期限是哪天？（例如“下周五”“3月20日”）"],
    responsible: ["责任人", "整改责任人是谁？"],
    photo: ["照片", "请拍一张隐患照片发送过来；没有照片请回复“跳过”。"],
  },
  progress: {
    done: ["已完成", "是否已经完成？"],
    doneOn: ["完成日期", "哪天完成的？"],
    evidence: ["进展说明", "请简要说明进展或佐证材料（文件名、文号等）。"],
    valueNumber: ["累计数值", ""],
    valuePercent: ["累计比例", ""],
    note: ["说明", "请简要说明（没有请回复“跳过”）。"],
  },
  rectifyPhoto: {
    photo: ["整改照片", "请发送整改后的照片，或回复“跳过”。"],
  },
} as const satisfies Record<string, Record<string, Q>>;

/** { label, prompt } for a field definition. */
export function ask(q: Q, prompt?: string): { label: string; prompt: string } {
  return { label: q[0], prompt: prompt ?? q[1] };
}
