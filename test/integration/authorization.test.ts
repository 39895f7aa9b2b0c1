import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
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

// roster-good.csv: t_p1 principal, t_r1 reporter, t_insp inspector, T_Admin admin+viewer.
const USERS = { principal: "t_p1", reporter: "t_r1", inspector: "t_insp", admin: "T_Admin" } as const;
type Who = keyof typeof USERS;

const REFUSALS: Record<string, string> = {
  安全检查: "只有校长或填报员可以填报安全检查。",
  课后服务: "只有校长或填报员可以填报课后服务。",
  进度: "只有校长或填报员可以填报计划进度。",
  督导: "只有责任督学可以填报督导记录。",
  隐患: "只有校长或填报员可以查看和整改本校隐患。",
  "修改 安全": "只有填报人本单位的校长、填报员、责任督学或管理员可以修改报表。",
  汇总: "只有教育局查看人员和管理员可以查看汇总。",
  "未填报 安全": "只有教育局查看人员和管理员可以查看未填报名单。",
  "群 列表": "只有管理员可以绑定群。",
  "学期 列表": "只有管理员可以设置学期。",
  "节假日 列表 2027": "只有管理员可以设置节假日。",
  "提醒 列表": "只有管理员可以设置提醒。",
  "摘要 列表": "只有管理员可以设置摘要。",
};

const ALLOWED: Record<string, Who[]> = {
  安全检查: ["principal", "reporter"],
  课后服务: ["principal", "reporter"],
  进度: ["principal", "reporter"],
  督导: ["inspector"],
  隐患: ["principal", "reporter"],
  "修改 安全": ["principal", "reporter", "inspector", "admin"],
  汇总: ["admin"],
  "未填报 安全": ["admin"],
  "群 列表": ["admin"],
  "学期 列表": ["admin"],
  "节假日 列表 2027": ["admin"],
  "提醒 列表": ["admin"],
  "摘要 列表": ["admin"],
  帮助: ["principal", "reporter", "inspector", "admin"],
  我的: ["principal", "reporter", "inspector", "admin"],
  "查看 安全": ["principal", "reporter", "inspector", "admin"],
};

describe("who may use which command", () => {
  const cases = Object.entries(ALLOWED).flatMap(([command, allowed]) =>
    (Object.keys(USERS) as Who[]).map((who) => [command, who, allowed.includes(who)] as const),
  );
  it.each(cases)("%s by the %s: allowed = %s", async (command, who, allowed) => {
    const chat = new Chat(h, USERS[who]);
    const reply = await chat.say(command);
    expect(reply.length).toBeGreaterThan(0);
    if (allowed) expect(reply).not.toMatch(/^只有/);
    else expect(reply).toBe(REFUSALS[command]);
    if (reply.includes("【第")) await chat.say("取消");
  });

  it.each(Object.keys(ALLOWED))("answers %s from someone not on the roster with their userid and nothing else", async (command) => {
    const stranger = new Chat(h, "wx_stranger_01");
    const before = await h.db.prisma.inboundDedupe.count();
    const reply = await stranger.say(command);
    expect(reply).toContain("wx_stranger_01");
    expect(reply).toContain("还不在教育局的填报名册中");
    expect(await h.db.prisma.conversation.count({ where: { person: { useridKey: "wx_stranger_01" } } })).toBe(0);
    expect((await h.db.prisma.inboundDedupe.count()) - before).toBe(1);
  });

  it.each(Object.values(USERS))("answers 帮助, 我的 and 查看 for %s", async (userid) => {
    const chat = new Chat(h, userid);
    expect(await chat.say("帮助")).toContain("您可以发送");
    expect((await chat.say("我的")).length).toBeGreaterThan(0);
    expect(await chat.say("查看 安全")).not.toContain("只有");
  });

  it("lists in 帮助 only what the person's roles allow", async () => {
    const inspector = await new Chat(h, "t_insp").say("帮助");
    expect(inspector).toContain("督导");
    expect(inspector).not.toContain("安全检查");
    const principal = await new Chat(h, "t_p1").say("帮助");
    expect(principal).toContain("安全检查：填报本周校园安全检查（例：安全检查）");
    expect(principal).not.toContain("汇总");
  });

  it("answers an unknown command with 没听懂 and the closest allowed commands", async () => {
    const r = await new Chat(h, "t_p1").say("安全检察");
    expect(r).toContain("没听懂");
    expect(r).toContain("“安全检查”");
  });

  it("answers a form word (确认, 取消, 上一步, 跳过) sent with no form open by saying so, not with 没听懂", async () => {
    for (const word of ["确认", "取消", "上一步", "跳过"]) {
      const r = await new Chat(h, "t_p1").say(word);
      expect(r).toContain("现在没有正在填写的表单");
      expect(r).toContain(`“${word}”`);
    }
  });

  it("tolerates full-width characters, extra spaces and trailing punctuation", async () => {
    const r = await new Chat(h, "t_p1").say("  ／ｈｅｌｐ！！");
    expect(r).toContain("您可以发送");
  });

  it("splits a command written without a space only before an argument it takes", async () => {
    const p = new Chat(h, "t_p1");
    expect(await p.say("查看安全")).toContain("还没有");
    expect(await p.say("隐患整改 1 已处理")).toContain("没有编号为 1 的隐患");
  });
});

describe("roster changes", () => {
  it("refuses someone taken off the roster once their remembered record has expired, and serves them again when restored", async () => {
    const short = await wecomHarness({ clock, wecom: { identityTtlMs: 200 } });
    try {
      const p = new Chat(short, "t_p1");
      expect(await p.say("帮助")).toContain("您可以发送");
      await short.db.prisma.person.update({ where: { useridKey: "t_p1" }, data: { active: false } });
      await new Promise((r) => setTimeout(r, 250));
      expect(await p.say("帮助")).toContain("还不在教育局的填报名册中");
      await short.db.prisma.person.update({ where: { useridKey: "t_p1" }, data: { active: true } });
      // Someone not on the roster is never remembered: restoring them takes effect at once.
      expect(await p.say("帮助")).toContain("您可以发送");
    } finally {
      await short.close();
    }
  });
});
