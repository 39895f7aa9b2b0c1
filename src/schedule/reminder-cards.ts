/**
 * A personal reminder as an app template card: what is owed, by when, and buttons that are the commands a
 * principal would type — `安全检查 无异常 <期间>` (the all-clear), `课后服务 同上期 <期间>` (only for units
 * with an earlier report to carry), `<报表> <期间>` (start filling in). The period is written into each key,
 * so a tap on an old reminder reports the period the reminder was about. Kinds without a form of their own,
 * or whose report is about a school assigned to the person (督导), keep the text reminder.
 */
import { createHash } from "node:crypto";
import { reminderTexts as t } from "../../templates/reminders.js";
import type { Card } from "../chat/reply.js";
import type { Db } from "../db/client.js";
import type { Kind } from "../kinds/kind.js";
import type { OutboundMessage } from "../outbox/enqueue.js";
import { type Period, periodLabel } from "../reports/periods.js";
import { formatDeadlineZh } from "../time/zoned.js";
import { TOUSER_MAX } from "../wecom/limits.js";

/** A reminder card's task id: from its outbox dedupe key, so the same message always has the same card. */
export const reminderTaskId = (dedupeKey: string) => `r_${createHash("sha256").update(dedupeKey).digest("hex").slice(0, 40)}`;

type Recipient = { userid: string; unitId: number };

/** The units that have a report of the kind before `period` (to carry with 同上期). */
async function unitsWithEarlier(db: Db, kind: string, period: Period): Promise<Set<number>> {
  const rows = await db.report.findMany({
    where: { kind, period: { lt: period.key } },
    select: { unitId: true },
    distinct: ["unitId"],
  });
  return new Set(rows.map((r) => r.unitId));
}

function reminderCard(kind: Kind, period: Period, due: Date | null, tz: string, overdue: boolean, withSame: boolean, taskId: string): Card {
  const m = kind.form;
  const buttons: Card["buttons"] = [];
  if (m?.allClear) buttons.push({ key: `${kind.name} 无异常 ${period.key}`, text: t.allClearButton(period), primary: true });
  // Where a kind has an all-clear, that is its one-tap button; 同上期 is for kinds without one (课后服务).
  if (m?.carry && !m.allClear && withSame)
    buttons.push({ key: `${kind.name} 同上期 ${period.key}`, text: t.sameButton(period), primary: true });
  buttons.push({ key: `${kind.name} ${period.key}`, text: t.startButton() });
  return {
    taskId,
    title: t.cardTitle(kind.name, overdue),
    description: t.cardDescription(periodLabel(period)),
    fields: [
      { label: t.periodLabel(), value: periodLabel(period) },
      ...(due ? [{ label: t.dueLabel(), value: formatDeadlineZh(due, tz) }] : []),
    ],
    buttons,
  };
}

/**
 * The app messages of a personal reminder round: cards where the kind has a form for the unit (batches of
 * TOUSER_MAX people, split by whether their unit has an earlier report), the text otherwise.
 */
export async function personalReminders(
  db: Db,
  kind: Kind,
  period: Period,
  recipients: Recipient[],
  at: { due: Date | null; tz: string; overdue: boolean; key: string; text: string },
): Promise<OutboundMessage[]> {
  const batches = (people: Recipient[], key: string) => {
    const out: { userids: string[]; key: string }[] = [];
    for (let i = 0; i < people.length; i += TOUSER_MAX)
      out.push({ userids: people.slice(i, i + TOUSER_MAX).map((p) => p.userid), key: `${key}:${i / TOUSER_MAX}` });
    return out;
  };
  if (!kind.form || kind.chases !== "unit") {
    return batches(recipients, `${at.key}:app`).map((b) => ({
      channel: "app",
      target: b.userids.join("|"),
      msgtype: "text",
      content: at.text,
      dedupeKey: b.key,
    }));
  }
  const withSame = !!kind.form.carry && !kind.form.allClear;
  const earlier = withSame ? await unitsWithEarlier(db, kind.id, period) : new Set<number>();
  const groups = withSame
    ? [
        { same: true, people: recipients.filter((r) => earlier.has(r.unitId)), key: `${at.key}:app-same` },
        { same: false, people: recipients.filter((r) => !earlier.has(r.unitId)), key: `${at.key}:app` },
      ]
    : [{ same: false, people: recipients, key: `${at.key}:app` }];
  return groups.flatMap((g) =>
    batches(g.people, g.key).map(
      (b): OutboundMessage => ({
        channel: "app",
        target: b.userids.join("|"),
        msgtype: "card",
        card: reminderCard(kind, period, at.due, at.tz, at.overdue, g.same, reminderTaskId(b.key)),
        fallback: at.text,
        dedupeKey: b.key,
      }),
    ),
  );
}
