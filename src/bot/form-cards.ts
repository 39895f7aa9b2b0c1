/**
 * Buttons inside forms: for a person who taps, a yes/no or choice question (≤ 6 options) and the summary
 * come as a card with one button per answer; a tap is the same input as typing the button's words. Each
 * card has its own task id, kept in the form's state, so a tap on an older card (a question already
 * answered) is recognised and refused rather than taken as the answer to the current question.
 */
import { createHash } from "node:crypto";
import { forms } from "../../templates/forms.js";
import type { Card } from "../chat/reply.js";
import { steps } from "../forms/steps.js";
import type { FormDef, FormState } from "../forms/types.js";

/** Form cards' task ids start so: a tap on one is checked against the form's current card. */
export const FORM_CARD_PREFIX = "f";
const MAX_BUTTONS = 6;
const DESCRIPTION_MAX = 300;

export const isFormCard = (taskId: string) => taskId.startsWith(FORM_CARD_PREFIX);

/** A task id unique to this message (WeCom refuses a task id used before): the person, the time, the event. */
export function formCardId(personId: number, now: Date, eventId: string): string {
  const h = createHash("sha256").update(eventId).digest("hex").slice(0, 10);
  return `${FORM_CARD_PREFIX}${personId}_${now.getTime().toString(36)}_${h}`;
}

type Button = Card["buttons"][number];

/** The buttons for the form's current step, or null where an answer must be typed (numbers, dates, text). */
function buttonsFor(def: FormDef, state: FormState): { label: string; buttons: Button[] } | null {
  if (state.pendingCommand !== undefined) return null;
  if (state.cursor === null) {
    return {
      label: forms.reviewCardTitle(),
      buttons: [
        { key: "确认", text: forms.confirmButton(), primary: true },
        { key: "取消", text: forms.cancelButton() },
      ],
    };
  }
  const c = state.cursor;
  const step = steps(def, state.answers).find((s) => s.cursor.field === c.field && s.cursor.item === c.item && s.cursor.sub === c.sub);
  if (!step) return null;
  const f = step.field;
  const options = f.type === "yesno" ? ["是", "否"] : f.type === "choice" ? [...f.options] : null;
  if (!options) return null;
  const skip = f.optional && options.length < MAX_BUTTONS ? ["跳过"] : [];
  if (options.length + skip.length > MAX_BUTTONS) return null;
  return { label: f.label, buttons: [...options, ...skip].map((o) => ({ key: o, text: o })) };
}

/**
 * The card for what `rendered` (the current question or the summary, as text) asks, or null when it is not
 * answered by a button. `lead`: text to send before the card (a summary too long for a card's description).
 */
export function formCard(def: FormDef, state: FormState, rendered: string, taskId: string): { card: Card; lead: string | null } | null {
  const b = buttonsFor(def, state);
  if (!b) return null;
  const fits = [...rendered].length <= DESCRIPTION_MAX;
  const title = [...b.label].slice(0, 40).join("");
  return {
    card: {
      taskId,
      title,
      ...(fits ? { description: rendered } : state.cursor === null ? { description: forms.reviewCardHint() } : {}),
      buttons: b.buttons,
    },
    lead: fits ? null : rendered,
  };
}
