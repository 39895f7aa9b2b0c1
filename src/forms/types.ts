/**
 * Guided forms: a definition (fields in order, with types, bounds,
 * conditions and repeated groups) and a state stored in the database, so a
 * restart or a second server continues the same form.
 */
import type { LocalDate } from "../time/zoned.js";

export type Answers = Record<string, Value>;
export type ImageValue = { mediaId: string; photoId: number };
/** null = skipped (an optional field). */
export type Scalar = string | number | boolean | ImageValue | null;
export type Value = Scalar | Answers[];

type Base = {
  key: string;
  /** Short name, shown in the summary ("生命通道畅通"). */
  label: string;
  /** The question. */
  prompt: string;
  optional?: boolean;
  /** Asked only when this holds for the answers so far. */
  when?: (answers: Answers, item?: Answers) => boolean;
  /** One line of help under the question. */
  hint?: string;
  /** The question as the answers so far make it ("除上面记录的 1 处，还发现隐患几处？"); `prompt` otherwise. */
  promptFor?: (answers: Answers) => string;
};

export type NumberField = Base & {
  type: "integer" | "decimal";
  /** Base unit the value is stored in; answers in another unit are asked again. */
  unit: string;
  /** Other ways of writing the unit (人 for 名). */
  unitAliases?: string[];
  min?: number;
  max?: number;
  /** A bound that depends on earlier answers, with the reason. */
  maxFrom?: (answers: Answers) => { max: number; why: string } | null;
};

export type Field =
  | (Base & { type: "yesno" })
  | (Base & { type: "choice"; options: readonly string[] })
  | NumberField
  | (Base & { type: "percent" })
  | (Base & {
      type: "date";
      /** refuse dates before today */
      notPast?: boolean;
      /** refuse dates after today */
      notFuture?: boolean;
    })
  /** `window`: when the answer is expected ("12:00"–"22:00"): an hour without 上午/下午 is read inside it, one outside asked again. */
  | (Base & { type: "time"; window?: { from: string; to: string } })
  | (Base & { type: "text"; maxLength: number })
  | (Base & { type: "image" })
  /** A repeated group: as many items as the answer `countFrom` says, or as `countFrom(answers)` computes. */
  | (Base & { type: "group"; countFrom: string | ((answers: Answers) => number); itemName: string; fields: Field[] });

/**
 * A rule across answers (participants ≤ enrolment, a visit date inside the report's month): checked on every
 * change of an answer and again at 确认; `field` is the question to go back to when it fails there.
 */
export type FormRule = { field: string; check(answers: Answers): string | null };

/** A figure computed from the answers (发现隐患合计: the checklist's hazards and the others), shown and exported beside them. */
export type FormTotal = { key: string; label: string; unit: string; of(answers: Answers): number };

export type FormDef = {
  id: string;
  title: string;
  fields: Field[];
  totals?: FormTotal[];
  rules?: FormRule[];
  /** Submit as soon as every question is answered, without a summary (a one-question form). */
  autoSubmit?: boolean;
  /** What the person is doing with it, as messages say it (正在填写 …, 正在确认 …): 填写 unless said. */
  doing?: string;
};

/** One question's place: a top-level field, or a sub-field of a group's item. */
export type Cursor = { field: string; item?: number; sub?: string };

export type FormState = {
  v: 1;
  form: string;
  /** What the form is for: the report kind decides (unit, period, target …). */
  context: Record<string, string | number | null>;
  answers: Answers;
  /** null: the summary, waiting for 确认 or 改 N. */
  cursor: Cursor | null;
  history: Cursor[];
  /** A command typed mid-form, waiting for 是 (abandon the form) or 否. */
  pendingCommand?: string;
  startedAt: string;
  /** The message that brought the form to this state and what was answered: a redelivery of it is answered the same. */
  lastEvent?: { id: string; say: string[] };
  /** The task id of the card that asks the current question, when it was sent as one (a tap on another is stale). */
  card?: string;
  /** Words offered as the answer to a free-text question (given with an earlier answer): 是 takes them. */
  offer?: { cursor: Cursor; text: string };
};

export type FieldInput = { text: string } | { image: { mediaId: string } };

/** `detail`: words given with the answer that say more (“缺两个灭火器” at a yes/no: the problem, offered as its description). */
export type ParseResult = { ok: true; value: Scalar; detail?: string } | { ok: false; reason: string };

export type FormClock = { today: LocalDate };
