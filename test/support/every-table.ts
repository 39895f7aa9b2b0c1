/**
 * A database that holds at least one row of every model, the way a county's does after some months: what a
 * whole-database operation (db copy, backup) must carry. Rows the bot's own flows did not make are added here.
 */

import type { Db } from "../../src/db/client.js";
import { COPY_ORDER } from "../../src/db/copy.js";

const day = new Date("2022-03-09T02:00:00Z");

/** Adds one row to each model that has none; returns the models with their counts. */
export async function fillEveryTable(db: Db): Promise<Record<string, number>> {
  const unit = await db.unit.findFirstOrThrow({ orderBy: { id: "asc" } });
  const person = await db.person.findFirstOrThrow({ where: { unitId: unit.id }, orderBy: { id: "asc" } });
  const empty = async (m: string) => (await (db as unknown as Record<string, { count(): Promise<number> }>)[lower(m)]?.count()) === 0;
  const make: Record<string, () => Promise<unknown>> = {
    Plan: async () => {
      const plan = await db.plan.create({ data: { year: 2099, title: "测试计划" } });
      const section = await db.planSection.create({ data: { planId: plan.id, code: "1", title: "一", sort: 1 } });
      const item = await db.planItem.create({ data: { planId: plan.id, sectionId: section.id, code: "1.1", title: "一一", sort: 1 } });
      await db.planTarget.create({
        data: {
          planId: plan.id,
          itemId: item.id,
          key: "1.1.x",
          name: "x",
          kind: "quantity",
          measure: "个",
          comparator: "gte",
          value: 1,
          aggregation: "sum",
          reporters: { kinds: ["小学"], codes: [] },
          sort: 1,
        },
      });
    },
    InspectorSchool: async () => {
      const insp = await db.person.create({ data: { userid: "copy_insp", useridKey: "copy_insp", name: "复制督学", unitId: unit.id } });
      await db.personRole.create({ data: { personId: insp.id, role: "inspector" } });
      await db.inspectorSchool.create({ data: { personId: insp.id, unitId: unit.id } });
    },
    GroupChat: () => db.groupChat.create({ data: { name: "复制群", purpose: "安全", channel: "robot", robotKey: "copy-key" } }),
    AuditLog: () => db.auditLog.create({ data: { actor: "test", action: "copy", detail: { a: 1 } } }),
    InboundDedupe: () => db.inboundDedupe.create({ data: { key: "copy-1", fromUser: person.userid, status: "done", leaseUntil: day } }),
    Conversation: () => db.conversation.create({ data: { personId: person.id, state: "{}", expiresAt: day } }),
    AbandonedForm: () => db.abandonedForm.create({ data: { personId: person.id, state: "{}", reason: "cancelled", at: day, until: day } }),
    UnitFact: () => db.unitFact.create({ data: { unitId: unit.id, fact: "微型消防站", value: "true", at: day } }),
    Report: async () => {
      const r = await db.report.create({
        data: { kind: "safety", unitId: unit.id, period: "2022-W09", data: {}, submittedById: person.id, submittedAt: day },
      });
      await db.reportRevision.create({ data: { reportId: r.id, revision: 1, data: {}, byId: person.id, at: day } });
    },
    Photo: () =>
      db.photo.create({
        data: { mediaId: "m1", personId: person.id, contentType: "image/png", size: 1, sha256: "x", data: Buffer.from([1]) },
      }),
    Hazard: async () => {
      const r = await db.report.findFirstOrThrow();
      await db.hazard.create({
        data: {
          unitId: r.unitId,
          number: 99,
          reportId: r.id,
          position: 99,
          description: "d",
          category: "消防",
          severity: "一般",
          deadline: "2022-03-31",
          responsible: "r",
          foundAt: day,
        },
      });
    },
    TargetProgress: async () => {
      const t = await db.planTarget.findFirstOrThrow();
      await db.targetProgress.create({ data: { targetId: t.id, unitId: unit.id, value: 1, period: "2022-03", byId: person.id, at: day } });
    },
    SchoolTerm: () => db.schoolTerm.create({ data: { name: "春季学期", startDate: "2022-02-14", endDate: "2022-07-01" } }),
    // An outbox row that sent a file: the row that had failed the copy (Outbox before Attachment).
    Outbox: async () => {
      const a = await db.attachment.create({
        data: { name: "导出.xlsx", mime: "application/octet-stream", size: 1, data: Buffer.from([1]) },
      });
      await db.outbox.create({
        data: {
          channel: "app",
          target: person.userid,
          payload: { msgtype: "file", name: "导出.xlsx" },
          attachmentId: a.id,
          dedupeKey: "copy-file",
          notBefore: day,
        },
      });
    },
    CalendarDay: () => db.calendarDay.create({ data: { date: "2030-01-01", kind: "holiday" } }),
    OnceNotice: () => db.onceNotice.create({ data: { key: "copy-notice" } }),
    Setting: () => db.setting.create({ data: { key: "go-live", value: "2022-01-01", by: "test", at: day } }),
    Reminder: () => db.reminder.create({ data: { kind: "safety", phrase: "每周五 09:00", rule: { type: "weekly" }, createdBy: "test" } }),
    Digest: async () => {
      const g = await db.groupChat.findFirstOrThrow();
      await db.digest.create({
        data: { content: "weekly", phrase: "每周一 09:00", rule: { type: "weekly" }, groupId: g.id, createdBy: "test" },
      });
    },
    Firing: () => db.firing.create({ data: { job: "digest:1", scheduledFor: day, firedAt: day } }),
    ReminderSent: () => db.reminderSent.create({ data: { kind: "safety", period: "2022-W10", unitIds: [unit.id], at: day } }),
    RosterImport: () => db.rosterImport.create({ data: { actor: "cli", result: {}, status: "done" } }),
    // An import under way keeps its rows (a finished one's are gone).
    RosterImportRows: async () => {
      const i = await db.rosterImport.create({ data: { actor: "cli", result: {} } });
      await db.rosterImportRows.create({ data: { importId: i.id, rows: "[]" } });
    },
    DashboardSession: () => db.dashboardSession.create({ data: { tokenHash: "h", personId: person.id, expiresAt: day } }),
    LoginState: () => db.loginState.create({ data: { state: "s", browserHash: "b", expiresAt: day } }),
    Lease: () => db.lease.create({ data: { name: "aibot:x", holder: "p", until: day } }),
    AibotChat: () => db.aibotChat.create({ data: { useridKey: person.useridKey, userid: person.userid, lastAt: day } }),
  };
  for (const m of COPY_ORDER) if ((await empty(m)) && make[m]) await make[m]();
  const counts: Record<string, number> = {};
  for (const m of COPY_ORDER) counts[m] = (await (db as unknown as Record<string, { count(): Promise<number> }>)[lower(m)]?.count()) ?? -1;
  return counts;
}

const lower = (m: string) => m.charAt(0).toLowerCase() + m.slice(1);
