/**
 * Chasing without flooding (issue 15, items 1–2): a reminder or escalation
 * round is one message per group; missed firings after a jump fire once; a
 * test fires at once; admins hear about a year without holiday data once, when
 * it matters, and once more a week before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { Chat } from "../support/chat.js";
import { eventually, type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2026-10-12T00:00:00Z"); // Monday 08:00 in Liyang
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

const robot = () => h.fake.deliveries.filter((d) => d.channel === "robot");
const toAdmin = () => h.fake.deliveriesTo("T_Admin").map((d) => d.content);
/** Moves the clock to `iso`, fires what is due, and delivers it (past the mass-send spread). */
async function at(iso: string) {
  // The background worker pauses: a send in flight while the clock jumps past its lease would be sent again.
  await h.worker.stop();
  clock.set(iso);
  await h.scheduler.tick();
  await h.worker.drain();
  clock.advance(10 * 60_000);
  await h.worker.drain();
  h.worker.start();
}

describe("chasing without flooding", () => {
  it("reminds late principals in person each day and tells the safety group in one message per round, naming each unit with its township and principal", async () => {
    await admin.say("提醒 新增 安全 每天 09:00 未填报");
    expect(await admin.say("确认")).toContain("✅ 已保存提醒");
    await at("2026-10-12T00:30:00Z");
    const before = robot().length;
    const personalBefore = h.fake.deliveriesTo("t_p1").length;
    for (const day of ["12", "13", "14", "15"]) await at(`2026-10-${day}T01:00:30Z`); // 09:00:30 Mon–Thu
    expect(h.fake.deliveriesTo("t_p1").length - personalBefore).toBe(4);
    const group = robot().slice(before);
    // Rounds 3 and 4 escalate (two personal reminders unanswered before each): one message each, not one per school.
    expect(group).toHaveLength(2);
    for (const m of group) {
      expect(m.content).toContain("以下 2 个单位已单独提醒 2 次以上仍未提交，请督促");
      expect(m.content).toContain("测试第一小学（溧城街道，测试校长甲）");
      expect(m.content).toContain("测试中心幼儿园（社渚镇，测试园长乙）");
      expect(m.content).not.toMatch(/发送“|回复“/); // the group is never told to type a command
      expect(m.mentioned).toEqual(expect.arrayContaining(["t_p1", "t_r1", "t_p2"]));
    }
  });

  it("after the clock jumps over four days of firings, sends one reminder round and one digest, for the latest time", async () => {
    await admin.say("提醒 暂停 1");
    await admin.say("提醒 新增 安全 每天 10:00 未填报");
    await admin.say("确认");
    await admin.say("摘要 新增 日报 每天 10:30 安全群");
    await admin.say("确认");
    await at("2026-10-19T00:00:00Z"); // Monday 08:00
    const robotBefore = robot().length;
    const personalBefore = h.fake.deliveriesTo("t_p1").length;
    await at("2026-10-22T02:45:00Z"); // Thursday 10:45: Mon–Thu's 10:00 and 10:30 all passed at once
    const group = robot().slice(robotBefore);
    expect(group.filter((m) => m.content.includes("安全日报"))).toHaveLength(1);
    expect(group.filter((m) => m.content.includes("安全日报"))[0]?.content).toContain("10月22日");
    expect(h.fake.deliveriesTo("t_p1").length - personalBefore).toBe(1);
    const skipped = await h.db.prisma.firing.count({
      where: { outcome: "skipped", job: { in: ["reminder:2", "digest:1"] }, scheduledFor: { gte: new Date("2026-10-19T00:00:00Z") } },
    });
    expect(skipped).toBe(6);
  });

  it("sends 提醒 测试 and 摘要 测试 at once, even in quiet hours, without waiting for the mass-send spread", async () => {
    clock.set("2026-10-22T14:30:00Z"); // 22:30, quiet hours
    const robotBefore = robot().length;
    const personalBefore = h.fake.deliveriesTo("t_p1").length;
    expect(await admin.say("摘要 测试 1")).toContain("已触发摘要 1");
    expect(await admin.say("提醒 测试 2")).toContain("已触发提醒 2");
    await eventually(() => robot().length > robotBefore && h.fake.deliveriesTo("t_p1").length > personalBefore, 3000);
    expect(robot().slice(robotBefore)[0]?.content).toContain("安全日报");
  });
});

describe("a year without holiday data", () => {
  it("is told to the admins once when a workday schedule will need it within 60 days, again a week before, and never by the daily note", async () => {
    const calendarNotes = () => toAdmin().filter((c) => c.includes("节假日"));
    await at("2026-10-23T00:00:00Z");
    await admin.say("提醒 新增 安全 工作日 08:30 未填报");
    await admin.say("确认");
    await at("2026-10-23T01:00:00Z");
    expect(calendarNotes()).toEqual([]); // 1 January 2027 is 70 days away
    for (const d of ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-20"]) await at(`${d}T00:20:00Z`); // 08:20, after the admins' note
    await admin.say("提醒 新增 课后 工作日 09:00 未填报");
    await admin.say("确认");
    const first = calendarNotes();
    expect(first).toHaveLength(1);
    expect(first[0]).toContain("2027 年的法定节假日和调休安排日历里还没有");
    expect(first[0]).toContain("1月1日");
    expect(first.join("")).not.toContain("2028");
    for (const d of ["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-28"]) await at(`${d}T00:20:00Z`);
    const all = calendarNotes();
    expect(all).toHaveLength(2);
    expect(all[1]).toContain("2027 年的节假日安排仍未录入");
  });

  it("is not told at all once an admin has entered the year", async () => {
    await admin.say("节假日 设置 2027 放假 01-01~01-03 调休上班 01-04");
    const before = toAdmin().length;
    await at("2026-12-30T00:20:00Z");
    expect(
      toAdmin()
        .slice(before)
        .filter((c) => c.includes("2027 年的节假日")),
    ).toEqual([]);
  });
});
