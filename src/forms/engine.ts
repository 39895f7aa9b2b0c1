/**
 * The generic form engine: one input at a time, it answers the current
 * question, navigates (上一步 / 跳过 / 取消 / 确认 / 改 N), and asks before a
 * different command abandons the form. Pure apart from storing photos: the
 * caller persists the returned state and performs the submission.
 */
import { forms } from "../../templates/forms.js";
import { displayValue, parseField, parseYesNo, recheckValue } from "./fields.js";
import { normalize } from "./parse/normalize.js";
import { parseNumber } from "./parse/numbers.js";
import { firstUnanswered, getAnswer, type Step, sameCursor, setAnswer, steps } from "./steps.js";
import type { Answers, FieldInput, FormClock, FormDef, FormState, ImageValue } from "./types.js";

export type EngineDeps = {
  clock: FormClock;
  /** Downloads and stores a WeCom image; null when it could not be fetched now; refused: why it will not be stored. */
  storeImage(mediaId: string): Promise<ImageValue | { refused: string } | null>;
  /** Whether the text is a bot command (so typing one mid-form asks before abandoning). */
  isCommand(text: string): boolean;
};

export type EngineResult =
  | { kind: "continue"; state: FormState; say: string[] }
  | { kind: "cancelled"; say: string[] }
  | { kind: "submit"; state: FormState; answers: Answers }
  | { kind: "command"; command: string };

const CANCEL = new Set(["取消", "/cancel", "放弃", "退出"]);
/** After a command typed mid-form: the one word that leaves the form for it (never a yes-word meant for the question). */
const ABANDON = new Set(["放弃", "放弃填写", "放弃填报", "/abandon"]);
/** … and the words that say "no, stay" without answering anything. */
const STAY = new Set(["继续", "继续填写", "继续填报", "不放弃", "/continue"]);
/** At a question that already has an answer (reached by 上一步): keep it and go on. */
const KEEP = new Set(["不变", "保持", "保持不变", "下一步", "下一项", "/next"]);
const BACK = new Set(["上一步", "/back", "返回", "上一项"]);
const SKIP = new Set(["跳过", "/skip", "略过"]);
const OK = new Set(["确认", "/ok", "确定", "提交", "确认提交"]);
const HELP = new Set(["帮助", "help", "/help", "?", "怎么填", "怎么写"]);
/** At an optional text question these mean "nothing to add": the same as 跳过. */
const NOTHING = new Set(["没有", "无", "没", "暂无", "没有了", "无备注", "无说明", "不用", "/", "-"]);

/** A word that only means something inside a form (取消, 上一步, 跳过, 确认). */
export function isFormWord(text: string): boolean {
  return CANCEL.has(text) || BACK.has(text) || SKIP.has(text) || OK.has(text) || STAY.has(text) || KEEP.has(text);
}

export function startForm(def: FormDef, context: FormState["context"], now: Date, prefill?: Answers): { state: FormState; say: string[] } {
  const answers = prefill ?? {};
  const first = firstUnanswered(def, answers);
  const state: FormState = {
    v: 1,
    form: def.id,
    context,
    answers,
    cursor: first?.cursor ?? null,
    history: [],
    startedAt: now.toISOString(),
  };
  return { state, say: [render(def, state)] };
}

function stepAt(def: FormDef, state: FormState): { step: Step | null; index: number; total: number } {
  const all = steps(def, state.answers);
  const index = all.findIndex((s) => sameCursor(s.cursor, state.cursor));
  return { step: index >= 0 ? (all[index] ?? null) : null, index, total: all.length };
}

/**
 * Where one is: the questions answered in this form so far plus one, and that plus the questions still unanswered —
 * so the position goes up by one with each answer, whatever was prefilled (a school's facts) or appears on the way.
 */
function position(def: FormDef, state: FormState): { at: number; of: number } | null {
  if (!state.cursor) return null;
  const current = state.cursor;
  const all = steps(def, state.answers);
  // An answered question reopened (上一步, 改 N): its number in the summary, as 改 N names it.
  if (getAnswer(state.answers, current) !== undefined) {
    const index = all.findIndex((s) => sameCursor(s.cursor, current));
    return index >= 0 ? { at: index + 1, of: all.length } : null;
  }
  const open = all.filter((s) => !sameCursor(s.cursor, current) && getAnswer(state.answers, s.cursor) === undefined);
  const at = state.history.length + 1;
  return { at, of: at + open.length };
}

export function progressOf(def: FormDef, state: FormState): string {
  // A one-question confirmation has no position: it waits for an answer.
  if (def.autoSubmit) return forms.progressWaiting();
  const p = position(def, state);
  return p ? forms.progress(p.at, p.of) : forms.progressDone();
}

/** The current question, or the summary when every question is answered. */
export function render(def: FormDef, state: FormState): string {
  const { step } = stepAt(def, state);
  if (!step) return review(def, state.answers);
  const current = getAnswer(state.answers, step.cursor);
  const heading =
    step.group && step.item !== undefined ? `${forms.itemHeading(step.group.itemName, step.item + 1, step.count ?? 1)} · ` : "";
  const options = step.field.type === "choice" ? `\n${step.field.options.map((o, i) => `${i + 1}. ${o}`).join("\n")}` : "";
  const offered = state.offer && sameCursor(state.offer.cursor, step.cursor) ? `\n${forms.offered(state.offer.text)}` : "";
  return forms.question(
    progressOf(def, state),
    `${heading}${step.field.promptFor?.(state.answers) ?? step.field.prompt}${options}${offered}`,
    step.field.hint,
    current === undefined ? null : displayValue(step.field, current),
    !!step.field.optional,
  );
}

/** The answers as numbered lines ("3. 隐患1·描述：…"), as the summary and 查看 show them. */
export function summaryLines(def: FormDef, answers: Answers): string[] {
  const lines = steps(def, answers).map((s, i) => {
    const heading = s.group && s.item !== undefined ? `${s.group.itemName}${s.item + 1}·` : "";
    return `${i + 1}. ${heading}${s.field.label}：${displayValue(s.field, getAnswer(answers, s.cursor))}`;
  });
  return [...lines, ...(def.totals ?? []).map((t) => forms.totalLine(t.label, t.of(answers), t.unit))];
}

export function review(def: FormDef, answers: Answers): string {
  return forms.review(def.title, summaryLines(def, answers));
}

export type Conflict = { index: number; step: Step; reason: string };

/**
 * The first answer that does not hold with the others (a bound that depends on another answer, a rule across
 * answers), skipping `changed` — the answer just given, already checked on its own. Null when all hold.
 */
export function firstConflict(def: FormDef, answers: Answers, changed?: Step["cursor"]): Conflict | null {
  const all = steps(def, answers);
  for (const [index, step] of all.entries()) {
    if (changed && sameCursor(step.cursor, changed)) continue;
    const value = getAnswer(answers, step.cursor);
    if (value === undefined || value === null) continue;
    const reason = recheckValue(step.field, value, answers);
    if (reason) return { index, step, reason };
  }
  for (const rule of def.rules ?? []) {
    const reason = rule.check(answers);
    if (!reason) continue;
    const index = all.findIndex((s) => s.cursor.field === rule.field && s.cursor.item === undefined);
    const step = all[index];
    if (step) return { index, step, reason };
  }
  return null;
}

function shown(answers: Answers, c: Conflict): string {
  return displayValue(c.step.field, getAnswer(answers, c.step.cursor));
}

/** Moves on to the first question still unanswered; `offer`: words to offer there if it takes free text. */
function advance(def: FormDef, state: FormState, answers: Answers, offer?: string): FormState {
  const next = firstUnanswered(def, answers);
  const history = state.cursor ? [...state.history, state.cursor].slice(-100) : state.history;
  const { offer: _old, ...rest } = state;
  const moved = { ...rest, answers, cursor: next?.cursor ?? null, history };
  if (!offer || !next || next.field.type !== "text") return moved;
  return { ...moved, offer: { cursor: next.cursor, text: [...offer].slice(0, next.field.maxLength).join("") } };
}

export async function handleInput(def: FormDef, state: FormState, input: FieldInput, deps: EngineDeps): Promise<EngineResult> {
  const text = "text" in input ? normalize(input.text) : "";
  const again = (s: FormState, ...before: string[]): EngineResult =>
    def.autoSubmit && s.cursor === null && state.cursor !== null
      ? { kind: "submit", state: s, answers: s.answers }
      : { kind: "continue", state: s, say: [...before, render(def, s)].filter(Boolean) };

  if (state.pendingCommand !== undefined) {
    const { pendingCommand, ...rest } = state;
    if (ABANDON.has(text)) return { kind: "command", command: pendingCommand };
    if (STAY.has(text)) return again(rest, forms.resumed());
    // Anything else is for the form, as if the command had not been typed: an answer given after the question is
    // never taken as a yes to leaving it (是 / 好的 / 已培训 answered the question, and lost 12 answers).
    return handleInput(def, rest, input, deps);
  }
  if (CANCEL.has(text))
    return { kind: "cancelled", say: [def.autoSubmit ? forms.confirmCancelled(def.title) : forms.cancelled(def.title)] };
  if (BACK.has(text)) {
    const history = [...state.history];
    const prev = history.pop();
    if (!prev) return again(state, forms.atFirst());
    return again({ ...state, cursor: prev, history });
  }

  // The summary: 确认 or 改 N.
  if (state.cursor === null) {
    const total = steps(def, state.answers).length;
    if (OK.has(text)) {
      // Every rule again at 确认: answers prefilled or reopened (修改) may not hold together.
      const c = firstConflict(def, state.answers);
      if (c)
        return again(
          { ...state, cursor: c.step.cursor },
          forms.recheck(c.index + 1, c.step.field.label, shown(state.answers, c), c.reason),
        );
      return { kind: "submit", state, answers: state.answers };
    }
    const change = /^(?:改|修改|\/edit)\s*(.+)$/.exec(text);
    if (change?.[1]) {
      const n = parseNumber(change[1]);
      const target = n && n.unit === "" ? steps(def, state.answers)[n.value - 1] : undefined;
      if (!target) return { kind: "continue", state, say: [forms.badItemNumber(total)] };
      return again({ ...state, cursor: target.cursor });
    }
    if (HELP.has(text)) return { kind: "continue", state, say: [forms.reviewHelp(total)] };
    if (deps.isCommand(text))
      return {
        kind: "continue",
        state: { ...state, pendingCommand: text },
        say: [forms.abandonAsk(def.title, forms.progressDone(), text, null, def.doing)],
      };
    return { kind: "continue", state, say: [forms.reviewHelp(total)] };
  }

  const { step } = stepAt(def, state);
  if (!step) return again({ ...state, cursor: firstUnanswered(def, state.answers)?.cursor ?? null });

  // 帮助 inside a form explains the question and the form's words; it does not offer to leave.
  if (HELP.has(text)) return again(state, forms.questionHelp(step.field.type, !!step.field.optional));
  const current = getAnswer(state.answers, step.cursor);
  // Back at an answered question (上一步): 跳过 or 不变 keeps its answer — a photo is not thrown away by moving on.
  if (current !== undefined && (KEEP.has(text) || SKIP.has(text))) return again(advance(def, state, state.answers));
  if (SKIP.has(text) || (step.field.optional && (step.field.type === "text" || step.field.type === "image") && NOTHING.has(text))) {
    if (!step.field.optional) return again(state, forms.notOptional());
    return again(advance(def, state, setAnswer(def, state.answers, step.cursor, null)));
  }
  if ("image" in input) {
    if (step.field.type !== "image") return again(state, forms.photoNotExpected());
    const stored = await deps.storeImage(input.image.mediaId);
    if (!stored) return again(state, forms.invalid(forms.photoFailed()));
    if ("refused" in stored) return again(state, forms.photoRefused(stored.refused, !!step.field.optional));
    return again(advance(def, state, setAnswer(def, state.answers, step.cursor, stored)), forms.photoSaved());
  }
  const command = deps.isCommand(text);
  const askToLeave = (): EngineResult => ({
    kind: "continue",
    state: { ...state, pendingCommand: text },
    say: [forms.abandonAsk(def.title, progressOf(def, state), text, def.autoSubmit ? null : stepAt(def, state).index + 1, def.doing)],
  });
  // Free text takes any words, so a command there is asked about first (“进度 1” is not a 说明).
  if (step.field.type === "text" && command) return askToLeave();
  // Words offered here with an earlier answer (“缺两个灭火器” at a yes/no): 是 takes them as this answer.
  if (state.offer && sameCursor(state.offer.cursor, step.cursor) && "text" in input && parseYesNo(text) === true)
    return again(advance(def, state, setAnswer(def, state.answers, step.cursor, state.offer.text)));
  // A form word is never a free-text answer (确认 is not the name of the person responsible).
  if (step.field.type === "text" && isFormWord(text)) return again(state, forms.invalid(forms.formWordAsText(text)));
  const parsed = parseField(step.field, "text" in input ? input.text : "", state.answers, deps.clock);
  // An answer that fits the question is an answer, even when it is also a command's name (安全 to “是否安全？”);
  // only words that fit no answer may be a command that leaves the form.
  if (!parsed.ok) return command ? askToLeave() : again(state, forms.invalid(parsed.reason));
  const answers = setAnswer(def, state.answers, step.cursor, parsed.value);
  // The new answer must hold with every other, however it was reached (in order, 上一步, 改 N).
  const c = firstConflict(def, answers, step.cursor);
  if (c)
    return again(
      state,
      sameCursor(c.step.cursor, step.cursor)
        ? forms.invalid(c.reason)
        : forms.conflicts(c.index + 1, c.step.field.label, shown(answers, c), c.reason),
    );
  return again(advance(def, state, answers, parsed.detail));
}
