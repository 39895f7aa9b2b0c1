import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { loadCalendar } from "../../src/schedule/calendar.js";
import { nextFirings, parsePhrase, type Rule } from "../../src/schedule/phrases.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2022-03-08T02:00:00Z");
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock });
});
afterAll(async () => {
  await h.close();
});

const KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

describe("群: binding the bureau's group chats", () => {
  it("binds a robot from its webhook URL, shows the key masked, and never echoes or logs it", async () => {
    const a = new Chat(h, "T_Admin");
    const r = await a.say(`群 绑定 安全群 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY} 安全`);
    expect(r).toContain("✅ 已绑定群“安全群”（群机器人，用途：安全，key 693a****5aaa）");
    expect(r).not.toContain(KEY);
    const list = await a.say("群 列表");
    expect(list).toContain("安全群：群机器人，用途 安全，key 693a****5aaa");
    expect(list).not.toContain(KEY);
    expect((await h.db.prisma.groupChat.findUniqueOrThrow({ where: { name: "安全群" } })).robotKey).toBe(KEY);
    const audit = await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: "group.bind" } });
    expect(JSON.stringify(audit)).not.toContain(KEY);
    expect(h.log.text()).not.toContain(KEY);
  });

  it("binds an app chat, refuses a bad purpose or key, and deletes by name", async () => {
    const a = new Chat(h, "T_Admin");
    expect(await a.say("群 绑定 课后群 应用群 wrOgAAAA01 课后")).toContain("应用群，用途：课后，chatid wrOgAAAA01");
    expect(await a.say("群 绑定 乱群 abcdefgh12 娱乐")).toContain("用途“娱乐”不认识");
    expect(await a.say("群 绑定 乱群 not/a/key")).toContain("没认出机器人的 webhook 地址或 key");
    expect(await a.say("群 删除 课后群")).toContain("已删除群“课后群”");
    expect(await a.say("群 删除 课后群")).toContain("没有名为“课后群”的群");
    expect(await a.say("群")).toContain("群 绑定 名称 机器人webhook地址或key");
  });

  it("refuses everyone but admins", async () => {
    expect(await new Chat(h, "t_p1").say("群 列表")).toBe("只有管理员可以绑定群。");
  });

  it("takes a report's full name as the 用途 (课后服务 → 课后)", async () => {
    const a = new Chat(h, "T_Admin");
    expect(await a.say("群 绑定 课后服务群 应用群 wrOgAAAA02 课后服务")).toContain("用途：课后");
    expect(await a.say("群 绑定 检查群 应用群 wrOgAAAA03 安全检查")).toContain("用途：安全");
  });
});

describe("提醒 in words an admin who is not a programmer reads", () => {
  it("never shows a cron example, and calls the pending confirmation a confirmation, not 第1项 of a form", async () => {
    const a = new Chat(h, "T_Admin");
    const bad = await a.say("提醒 新增 安全 随便什么时候");
    expect(bad).toContain("没看懂时间");
    expect(bad).not.toContain("cron");
    expect(await a.say("提醒 新增 安全 每周五 09:00")).toContain("回复“确认”保存");
    const interrupted = await a.say("群 列表");
    expect(interrupted).toContain("会中断正在确认的新提醒");
    expect(interrupted).not.toContain("第1项");
    expect(interrupted).not.toContain("正在填写");
    expect(await a.say("取消")).toContain("已放弃新提醒，没有保存");
  });
});

describe("学期: after-school service is owed only inside terms", () => {
  it("sets and lists terms, and then 课后服务 is not owed in the summer", async () => {
    const a = new Chat(h, "T_Admin");
    expect(await a.say("学期 设置 2022-02-14 2022-07-01")).toContain("✅ 已设置学期");
    expect(await a.say("学期 设置 2022-09-01 2023-01-15")).toContain("✅ 已设置学期");
    expect(await a.say("学期 设置 2022-07-01 2022-02-14")).toContain("没看懂日期");
    expect(await a.say("学期 列表")).toContain("2022-09-01 至 2023-01-15");
    clock.set("2022-09-10T02:00:00Z");
    const p = new Chat(h, "t_p1");
    expect(await p.say("课后服务 2022-08")).toContain("2022年8月不在学期内，不需要填报课后服务");
    expect(await p.say("课后服务 2022-07")).toContain("开始填写"); // 7-1 is inside the spring term
    await p.say("取消");
    clock.set("2022-03-08T02:00:00Z");
  });
});

describe("节假日: admins enter a year the calendar package does not know yet", () => {
  it("lists a year from the package, and one without data", async () => {
    const a = new Chat(h, "T_Admin");
    const y2026 = await a.say("节假日 列表 2026");
    expect(y2026).toContain("内置日历");
    expect(y2026).toContain("10月1日");
    expect(await a.say("节假日 列表 2027")).toContain("暂无数据，按周一至周五计算工作日");
  });

  it("enters 2027's National Day, which 工作日 reminders then honour", async () => {
    const a = new Chat(h, "T_Admin");
    expect(await a.say("节假日 设置 2027 放假 10-01~10-07 调休上班 09-26 10月9日")).toContain("放假 7 天，调休上班 2 天");
    expect(await a.say("节假日 设置 2027 放假 13-01")).toContain("没看懂日期“13-01”");
    const list = await a.say("节假日 列表 2027");
    expect(list).toContain("放假：10月1日—10月7日");
    expect(list).toContain("调休上班：9月26日、10月9日");
    const cal = await loadCalendar(h.db.prisma);
    const got = nextFirings(parsePhrase("工作日 08:30") as Rule, new Date("2027-09-24T12:00:00Z"), 4, {
      tz: "Asia/Shanghai",
      isWorkday: cal.isWorkday,
    }).map((d) => d.toISOString().slice(0, 10));
    // 9-24 was Friday (after 08:30); 9-26 is a Sunday worked; 10-01…10-07 off; 10-09 a Saturday worked.
    expect(got).toEqual(["2027-09-26", "2027-09-27", "2027-09-28", "2027-09-29"]);
    expect(cal.isWorkday("2027-10-04")).toBe(false);
    expect(cal.isWorkday("2027-10-09")).toBe(true);
    expect(cal.unknownYears.has(2027)).toBe(false);
  });

  it("adds what is announced to what was entered (元旦 stays when 春节 is set), echoes the year, and replaces only when told", async () => {
    const a = new Chat(h, "T_Admin");
    await a.say("节假日 设置 2028 放假 01-01");
    const spring = await a.say("节假日 设置 2028 放假 01-26..02-01 调休上班 01-23");
    expect(spring).toContain("已为 2028 年增加：放假 7 天，调休上班 1 天");
    expect(spring).toContain("放假：1月1日、1月26日—2月1日");
    expect(spring).toContain("调休上班：1月23日");
    const removed = await a.say("节假日 删除 2028 01-23");
    expect(removed).toContain("已删除 2028 年录入的 1 天");
    expect(removed).toContain("调休上班：无");
    const replaced = await a.say("节假日 替换 2028 放假 05-01~05-05");
    expect(replaced).toContain("已替换 2028 年录入的节假日");
    expect(replaced).toContain("放假：5月1日—5月5日");
    expect(replaced).not.toContain("1月1日");
  });
});
