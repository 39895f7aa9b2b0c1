/**
 * Firing a reminder: who owes the report for the period and has not
 * reported (or everyone who owes it), as app messages saying what is missing,
 * the deadline and the command to start — or one group message naming the
 * units and @mentioning their people. After REMINDER_ESCALATE_AFTER
 * unanswered personal reminders, the round also tells the group bound for the
 * kind's purpose, in one message for all such units.
 */
import { aibotTexts } from "../../templates/aibot.js";
import { reminderTexts as t } from "../../templates/reminders.js";
import { enqueue, type OutboundMessage } from "../outbox/enqueue.js";
import { adminUserids, groupFor, toGroup } from "../outbox/targets.js";
import { type DeadlineRule, deadlineOf, openPeriod, type Period, type PeriodType } from "../reports/periods.js";
import { formTitle } from "../reports/report-form.js";
import { periodStatus } from "../reports/status.js";
import type { ScheduleDeps } from "./context.js";
import { personalReminders } from "./reminder-cards.js";

type ReminderRow = { id: number; kind: string; audience: string; groupId: number | null };

/** The most units a group message names; the rest are counted (and still reminded in person). */
export const GROUP_LIST_LIMIT = 40;

/** The period a reminder firing is about: the open one at that moment. */
export function reminderPeriod(kind: { periodType: PeriodType; deadline: DeadlineRule }, at: Date, tz: string): Period {
  return openPeriod(kind.periodType, kind.deadline, at, tz);
}

export async function fireReminder(
  deps: ScheduleDeps,
  r: ReminderRow,
  scheduledFor: Date,
  key: string,
  /** A test (提醒 测试): goes at once, not spread over minutes or held by quiet hours. */
  opts: { now?: boolean } = {},
): Promise<{ people: number; units: number }> {
  const { db, tz } = deps;
  const kind = deps.kinds.byId(r.kind);
  if (!kind) return { people: 0, units: 0 };
  const period = reminderPeriod(kind, scheduledFor, tz);
  // Nothing owed this period (课后服务 in the holidays): the status below is empty.
  const status = await periodStatus(db, kind, period, scheduledFor, tz);
  const targets = r.audience === "all" ? status : status.filter((s) => !s.report);
  if (!targets.length) return { people: 0, units: 0 };
  const due = deadlineOf(kind.deadline, period, tz);
  const overdue = due !== null && scheduledFor > due;
  const title = formTitle(kind, { unitId: 0, unitName: "", period, subject: "" });

  // The people: a unit's principals and reporters; for 督导, the inspector.
  const unitIds = [...new Set(targets.map((s) => s.unitId))];
  // Read everyone with the roles and filter here: an IN list of 20,000 units exceeds SQLite's parameter limit.
  const owing = new Set(unitIds);
  const people = (
    await db.person.findMany({
      where: { active: true, roles: { some: { role: { in: ["principal", "reporter"] } } } },
      orderBy: { id: "asc" },
      include: { roles: { select: { role: true } } },
    })
  ).filter((p) => owing.has(p.unitId));
  const subjects = new Set(targets.map((s) => s.subject));
  const inspectors =
    kind.chases === "subject"
      ? (await db.person.findMany({ where: { active: true, roles: { some: { role: "inspector" } } } })).filter((p) =>
          subjects.has(p.useridKey),
        )
      : [];
  const chased = kind.chases === "subject" ? inspectors : people;
  const recipients = chased.map((p) => p.userid);
  const messages: OutboundMessage[] = [];

  // A unit as groups see it: its name, township and principals; its chased people to @mention.
  const principals = new Map<number, string[]>();
  for (const p of people) {
    if (!p.roles.some((x) => x.role === "principal")) continue;
    principals.set(p.unitId, [...(principals.get(p.unitId) ?? []), p.name]);
  }
  const peopleOf = new Map<number, Set<string>>();
  const add = (unitId: number, userid: string) => peopleOf.set(unitId, (peopleOf.get(unitId) ?? new Set()).add(userid));
  if (kind.chases === "subject") {
    const inspector = new Map(inspectors.map((p) => [p.useridKey, p.userid]));
    for (const s of targets) {
      const u = inspector.get(s.subject);
      if (u) add(s.unitId, u);
    }
  } else for (const p of people) add(p.unitId, p.userid);
  const byUnit = new Map(targets.map((s) => [s.unitId, s]));
  const groupLines = (ids: number[]) => {
    const listed = ids.slice(0, GROUP_LIST_LIMIT);
    const labels = ids.map((id) => {
      const s = byUnit.get(id);
      if (!s) return "";
      return kind.missingName ? kind.missingName(s) : t.unit(s.unitName, s.township, principals.get(id) ?? []);
    });
    return { text: t.units(labels, GROUP_LIST_LIMIT), mentioned: [...new Set(listed.flatMap((id) => [...(peopleOf.get(id) ?? [])]))] };
  };

  if (r.audience === "group") {
    const group = r.groupId ? await db.groupChat.findUnique({ where: { id: r.groupId } }) : null;
    if (group) {
      const list = groupLines(unitIds);
      messages.push(
        toGroup(group, {
          msgtype: "text",
          content: t.group(title, unitIds.length, list.text, due, tz),
          mentioned: list.mentioned,
          dedupeKey: `${key}:group`,
        }),
      );
    }
  } else {
    const text = t.personal(title, due, tz, kind.name, overdue);
    let to = chased.map((p) => ({ userid: p.userid, unitId: p.unitId }));
    if (deps.reachable) {
      // Sent by the intelligent bot (no app): only to people who have written to it; the admins hear who else.
      const reach = await deps.reachable(chased.map((p) => p.userid));
      const missed = chased.filter((p) => !reach.has(p.userid));
      to = to.filter((p) => reach.has(p.userid));
      const admins = missed.length ? await adminUserids(db) : [];
      if (admins.length) {
        const names = missed.map((p) => (kind.chases === "subject" ? p.name : `${p.name}（${byUnit.get(p.unitId)?.unitName ?? ""}）`));
        messages.push({
          channel: "app",
          target: admins.join("|"),
          msgtype: "text",
          content: aibotTexts.unreachable(title, names, GROUP_LIST_LIMIT),
          dedupeKey: `${key}:unreachable`,
        });
      }
    }
    messages.push(...(await personalReminders(db, kind, period, to, { due, tz, overdue, key, text })));
    // Escalation: units already reminded REMINDER_ESCALATE_AFTER times without answering.
    if (deps.escalateAfter > 0) {
      const group = await groupFor(db, kind.purpose);
      const timesOf = new Map<number, number>();
      if (group) {
        for (const r of await db.reminderSent.findMany({ where: { kind: kind.id, period: period.key } })) {
          for (const id of Array.isArray(r.unitIds) ? (r.unitIds as number[]) : []) timesOf.set(id, (timesOf.get(id) ?? 0) + 1);
        }
      }
      const late = group ? unitIds.filter((id) => (timesOf.get(id) ?? 0) >= deps.escalateAfter) : [];
      if (group && late.length) {
        // One message for the round, whatever the number of units.
        const list = groupLines(late);
        messages.push(
          toGroup(group, {
            msgtype: "text",
            content: t.escalated(title, late.length, list.text, deps.escalateAfter),
            mentioned: list.mentioned,
            dedupeKey: `${key}:esc`,
          }),
        );
      }
    }
  }
  const when = opts.now ? { urgent: true } : { spread: true };
  const inserted = await enqueue(db, messages, { scheduledFor, quiet: deps.quiet, tz, ...when });
  if (r.audience !== "group" && inserted > 0) {
    await db.reminderSent.create({ data: { kind: kind.id, period: period.key, unitIds, at: scheduledFor } });
  }
  deps.kick();
  return { people: recipients.length, units: unitIds.length };
}
