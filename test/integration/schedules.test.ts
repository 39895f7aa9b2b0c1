import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { openDatabase } from "../../src/db/client.js";
import { KindRegistry } from "../../src/kinds/registry.js";
import { Scheduler } from "../../src/schedule/scheduler.js";
import { Chat } from "../support/chat.js";
import { eventually, type Harness, wecomHarness } from "../support/wecom-harness.js";

const TZ = "Asia/Shanghai";
const clock = new ManualClock("2026-09-28T01:00:00Z"); // Monday 09:00 in Liyang
let h: Harness;
let admin: Chat;
beforeAll(async () => {
  h = await wecomHarness({ clock });
  admin = new Chat(h, "T_Admin");
  await admin.say("群 绑定 安全群 robot-key-1 安全");
});
afterAll(async () => {
  await h.close();
});

const localDay = (d: Date) => new Intl.DateTimeFormat("sv-SE", { timeZone: TZ, dateStyle: "short" }).format(d);
const firedDays = async (job: string) =>
  (await h.db.prisma.firing.findMany({ where: { job, outcome: "fired" }, orderBy: { scheduledFor: "asc" } })).map((f) =>
    localDay(f.scheduledFor),
  );
const robotMessages = () => h.fake.deliveries.filter((d) => d.channel === "robot");

async function runDays(days: number, stepHours = 1) {
  for (let i = 0; i < days * (24 / stepHours); i++) {
    clock.advance(stepHours * 3_600_000);
    await h.scheduler.tick();
  }
  await h.worker.drain();
}

describe("an admin sets up reminders and digests in chat alone", () => {
  it("creates a weekly reminder to non-responders after seeing its next three firings", async () => {
    const ask = await admin.say("提醒 新增 安全 每周五 09:00 未填报");
    expect(ask).toContain("将按“每周五 09:00”提醒安全检查（只提醒未提交的）");
    expect(ask).toContain("接下来三次：10月2日 09:00、10月9日 09:00、10月16日 09:00");
    expect(await admin.say("确认")).toContain("✅ 已保存提醒 1");
  });

  it("creates a daily digest to the bound group, lists both, pauses one and triggers a test", async () => {
    expect(await admin.say("摘要 新增 日报 工作日 17:30 安全群")).toContain("把日报发到群“安全群”");
    expect(await admin.say("确认")).toContain("✅ 已保存摘要 1");
    expect(await admin.say("提醒 列表")).toContain("1. 安全检查 · 每周五 09:00 · 只提醒未提交的 · 下次 10月2日 09:00");
    expect(await admin.say("摘要 列表")).toContain("1. 日报 · 每个工作日 17:30");
    expect(await admin.say("提醒 暂停 1")).toContain("已暂停提醒 1");
    expect(await admin.say("提醒 列表")).toContain("已暂停");
    expect(await admin.say("提醒 恢复 1")).toContain("已恢复提醒 1");
    const before = robotMessages().length;
    expect(await admin.say("摘要 测试 1")).toContain("已触发摘要 1");
    await eventually(() => robotMessages().length > before);
    const digest = robotMessages().slice(before);
    expect(digest).toHaveLength(1);
    expect(digest[0]?.msgtype).toBe("markdown");
    expect(digest[0]?.content).toContain("## 安全日报 · 9月28日");
    expect(digest[0]?.content).toContain("已提交 **0/2**");
  });

  it("refuses a phrase it cannot read with examples, and a group that is not bound", async () => {
    expect(await admin.say("提醒 新增 安全 有空的时候")).toContain("可以这样写：每天 17:00、工作日 08:30");
    expect(await admin.say("摘要 新增 日报 工作日 17:30 不存在的群")).toContain("没有绑定名为“不存在的群”的群");
    expect(await admin.say("提醒 新增 进度 截止前24小时")).toContain("进度没有截止时间");
    expect(await admin.say("提醒 删除 99")).toContain("没有这个编号的提醒");
  });

  it("refuses non-admins every one of these", async () => {
    const p = new Chat(h, "t_p1");
    expect(await p.say("提醒 列表")).toBe("只有管理员可以设置提醒。");
    expect(await p.say("摘要 新增 日报 每天 17:00 安全群")).toBe("只有管理员可以设置摘要。");
    expect(await p.say("群 列表")).toBe("只有管理员可以绑定群。");
    expect(await p.say("节假日 列表")).toBe("只有管理员可以设置节假日。");
    expect(await p.say("学期 列表")).toBe("只有管理员可以设置学期。");
  });
});

describe("firing on the injected clock", () => {
  it("a 工作日 08:30 reminder skips the National Day holiday and fires on the 调休 Saturday", async () => {
    await h.db.prisma.reminder.create({
      data: { kind: "safety", phrase: "工作日 08:30", rule: { type: "workdays", hour: 8, minute: 30 }, createdBy: "test" },
    });
    await h.scheduler.tick(); // first tick: catch-up
    await runDays(14, 3);
    const days = await firedDays("reminder:2");
    expect(days).toContain("2026-09-30");
    for (const off of ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"])
      expect(days).not.toContain(off);
    expect(days).toContain("2026-10-10"); // a Saturday worked
    expect(days).not.toContain("2026-10-11");
    // A personal reminder is a card whose buttons are the commands, for the week it is about.
    const personal = h.fake.deliveries.filter((d) => d.channel === "app" && d.card?.title.includes("⏰ 安全检查"));
    expect(personal.length).toBeGreaterThan(0);
    expect(personal[0]?.card?.buttons.map((b) => b.key)).toEqual(["安全检查 无异常 2026-W40", "安全检查 2026-W40"]);
  });

  it("escalates to the safety group after repeated unanswered reminders, @mentioning the people", async () => {
    const esc = robotMessages().filter((d) => d.content.includes("仍未提交，请督促"));
    expect(esc.length).toBeGreaterThan(0);
    expect(esc[0]?.mentioned.length).toBeGreaterThan(0);
  });

  it("holds a reminder due in quiet hours until they end, while a reply at 22:00 goes at once", async () => {
    clock.set("2026-10-12T13:59:00Z"); // 21:59 local
    await h.scheduler.tick();
    const r = await h.db.prisma.reminder.create({
      data: { kind: "safety", phrase: "每天 22:00", rule: { type: "daily", hour: 22, minute: 0 }, createdBy: "test" },
    });
    clock.set("2026-10-12T14:00:30Z"); // 22:00:30 local
    await h.scheduler.tick();
    const rows = await h.db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: `reminder:${r.id}:` } } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect(localDay(row.notBefore) === "2026-10-13" && row.notBefore.toISOString() >= "2026-10-12T23:30:00.000Z").toBe(true);
    const reply = await new Chat(h, "t_p1").say("帮助");
    expect(reply).toContain("您可以发送");
    await h.db.prisma.reminder.delete({ where: { id: r.id } });
  });

  it("sends no 课后服务 reminder for a month of the summer holiday", async () => {
    await admin.say("学期 设置 2026-02-16 2026-07-03");
    await admin.say("学期 设置 2026-09-01 2027-01-20");
    const r = await h.db.prisma.reminder.create({
      data: { kind: "afterschool", phrase: "每月1日 09:00", rule: { type: "monthly", day: 1, hour: 9, minute: 0 }, createdBy: "test" },
    });
    const before = h.fake.deliveries.length;
    clock.set("2026-09-01T00:59:00Z");
    await h.scheduler.tick();
    clock.set("2026-09-01T01:01:00Z"); // 09:01 on 1 September: the open period is August
    await h.scheduler.tick();
    await h.worker.drain();
    expect(await firedDays(`reminder:${r.id}`)).toEqual(["2026-09-01"]);
    expect(h.fake.deliveries.slice(before).filter((d) => d.content.includes("课后服务"))).toHaveLength(0);
    await h.db.prisma.reminder.delete({ where: { id: r.id } });
  });

  it("two schedulers on one database send a firing exactly once", async () => {
    const r = await h.db.prisma.reminder.create({
      data: { kind: "safety", phrase: "每天 10:00", rule: { type: "daily", hour: 10, minute: 0 }, createdBy: "test" },
    });
    clock.set("2026-10-14T01:59:00Z");
    const second = await openDatabase(h.db.url);
    try {
      const deps = { clock, tz: TZ, quiet: null, escalateAfter: 0, graceHours: 2, kick: () => {}, kinds: KindRegistry.builtin() };
      const a = new Scheduler({ ...deps, db: h.db.prisma }, { arm: false });
      const b = new Scheduler({ ...deps, db: second.prisma }, { arm: false });
      await Promise.all([a.tick(), b.tick()]);
      clock.set("2026-10-14T02:00:10Z");
      await Promise.all([a.tick(), b.tick()]);
    } finally {
      await second.close();
    }
    const rows = await h.db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: `reminder:${r.id}:` } } });
    expect(rows.length).toBe(1);
    expect(await h.db.prisma.firing.count({ where: { job: `reminder:${r.id}`, outcome: "fired" } })).toBe(1);
    // The two earlier days' firings, missed before the schedulers started, were recorded as skipped.
    expect(await h.db.prisma.firing.count({ where: { job: `reminder:${r.id}`, outcome: "skipped" } })).toBe(2);
  });
});

describe("pushes and notes", () => {
  it("reminds a bound group, @mentioning the people of the units that have not reported", async () => {
    const r = await h.db.prisma.reminder.create({
      data: {
        kind: "safety",
        phrase: "每天 11:00",
        rule: { type: "daily", hour: 11, minute: 0 },
        audience: "group",
        groupId: (await h.db.prisma.groupChat.findUniqueOrThrow({ where: { name: "安全群" } })).id,
        createdBy: "test",
      },
    });
    const before = robotMessages().length;
    await h.scheduler.fireNow("reminder", r.id); // a test goes at once, not spread over minutes
    await eventually(() =>
      robotMessages()
        .slice(before)
        .some((m) => m.content.includes("个单位未提交")),
    );
    const msg = robotMessages()
      .slice(before)
      .find((m) => m.content.includes("个单位未提交"));
    expect(msg?.content).toContain("测试第一小学");
    expect(msg?.mentioned).toEqual(expect.arrayContaining(["t_p1", "t_r1", "t_p2"]));
    await h.db.prisma.reminder.delete({ where: { id: r.id } });
  });

  it("pushes a 重大 hazard to the safety group at once, even at night", async () => {
    clock.set("2026-10-15T14:30:00Z"); // 22:30 local, inside quiet hours
    const p = new Chat(h, "t_p2");
    await p.say("安全检查");
    await p.script("是", "否", "3", "3", "3", "100", "100", "1", "厨房燃气管老化漏气", "3", "3", "明天", "张园长", "跳过", "跳过");
    const before = robotMessages().length;
    expect(await p.say("确认")).toContain("✅ 已提交");
    await eventually(() =>
      robotMessages()
        .slice(before)
        .some((m) => m.content.includes("重大隐患")),
    );
    const alert = robotMessages()
      .slice(before)
      .find((m) => m.content.includes("重大隐患"));
    expect(alert?.content).toContain("🚨 重大隐患：测试中心幼儿园 隐患1");
    expect(alert?.content).toContain("厨房燃气管老化漏气");
    expect(await h.db.prisma.hazard.count({ where: { severity: "重大", alertedAt: { not: null } } })).toBe(1);
  });

  it("tells the admins each morning about deliveries that failed", async () => {
    await h.db.prisma.outbox.create({
      data: {
        channel: "robot",
        target: "999",
        payload: { msgtype: "text", content: "x" },
        dedupeKey: "failed-one",
        status: "failed",
        notBefore: clock.now(),
        lastError: "errcode 93000: invalid webhook url",
      },
    });
    const before = h.fake.deliveriesTo("T_Admin").length;
    clock.set("2026-10-16T00:05:00Z");
    await h.scheduler.tick();
    clock.set("2026-10-16T00:11:00Z"); // 08:11 local
    await h.scheduler.tick();
    await eventually(() => h.fake.deliveriesTo("T_Admin").length > before);
    const note = h.fake
      .deliveriesTo("T_Admin")
      .slice(before)
      .map((d) => d.content)
      .join("\n");
    const failed = await h.db.prisma.outbox.count({
      where: { status: "failed", createdAt: { gt: new Date(clock.now().getTime() - 24 * 3_600_000) } },
    });
    expect(failed).toBeGreaterThanOrEqual(1);
    expect(note).toContain(`过去一天有 ${failed} 条消息发送失败`);
    expect(note).toContain("93000");
  });
});
