/**
 * A new report kind is its folder, one registry line and its templates: here a
 * fixture kind (消防演练, monthly, owed by primary schools) registered from this
 * file alone appears in 帮助, 我的, its command and form, 查看, 修改, 未填报, a
 * reminder to non-responders, a digest, and the owes rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import type { FormDef } from "../../src/forms/types.js";
import { isOneOf, unitsOfKinds } from "../../src/reports/owes.js";
import { MONTH_END } from "../../src/reports/periods.js";
import type { ReportPlugin } from "../../src/reports/plugin.js";
import { registerKind } from "../../src/reports/registry.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const drillForm = (title: string): FormDef => ({
  id: "drill",
  title,
  fields: [
    { key: "held", type: "yesno", label: "已开展演练", prompt: "本月是否开展了消防疏散演练？" },
    { key: "people", type: "integer", label: "参加人数", prompt: "参加演练的师生有多少人？", unit: "人", min: 0, max: 5000 },
  ],
});

const DRILL: ReportPlugin = {
  id: "drill",
  name: "消防演练",
  short: "演练",
  alias: "/drill",
  periodType: "month",
  deadline: MONTH_END,
  purpose: "安全",
  chases: "unit",
  texts: { describe: "每月消防疏散演练", example: "消防演练", refusal: "只有校长和填报员可以填报消防演练。" },
  unitOwes: isOneOf(["小学"]),
  owing: (db) => unitsOfKinds(db, ["小学"]),
  module: { form: drillForm },
};

const clock = new ManualClock("2022-03-08T02:00:00Z"); // Tuesday 8 March 2022, 10:00 in Liyang
let h: Harness;
beforeAll(async () => {
  registerKind(DRILL);
  h = await wecomHarness({ clock });
});
afterAll(async () => {
  await h.close();
});

const outboxTo = async (pattern: string) =>
  (await h.db.prisma.outbox.findMany()).filter((r) => JSON.stringify(r.payload).includes(pattern));

describe("a fifth report kind registered from a test file", () => {
  it("is offered in 帮助 and owed in 我的 by a primary school, and not by a kindergarten", async () => {
    const p = new Chat(h, "t_p1");
    expect(await p.say("帮助")).toContain("消防演练");
    const me = await p.say("我的");
    expect(me).toContain("2022年3月消防演练");
    const k = new Chat(h, "t_p2");
    expect(await k.say("我的")).not.toContain("消防演练");
    expect(await k.say("消防演练")).toContain("不需要填报消防演练");
  });

  it("is missing in 未填报, and a reminder to non-responders chases the school", async () => {
    const a = new Chat(h, "T_Admin");
    const missing = await a.say("未填报 演练");
    expect(missing).toContain("测试第一小学");
    expect(missing).not.toContain("测试中心幼儿园");
    expect(await a.say("提醒 新增 演练 每天 09:00 未填报")).toContain("消防演练");
    const saved = await a.say("确认");
    const id = /提醒 (\d+)/.exec(saved)?.[1];
    expect(id).toBeTruthy();
    expect(await a.say(`提醒 测试 ${id}`)).toContain(`提醒 ${id}`);
    const reminders = await outboxTo("消防演练还没有提交");
    // The school's principal and reporter; nobody of the kindergarten.
    expect(reminders.map((r) => r.target)).toEqual(["t_p1|t_r1"]);
  });

  it("is filled in with its own command and form, shown by 查看, reopened by 修改, and summed up in a digest", async () => {
    const p = new Chat(h, "t_p1");
    expect(await p.say("演练")).toContain("本月是否开展了消防疏散演练");
    expect(await p.say("是")).toContain("参加演练的师生");
    expect(await p.say("6000")).toContain("不能大于 5000人");
    expect(await p.say("480")).toContain("请核对");
    expect(await p.say("确认")).toContain("已提交");
    expect(await p.say("查看 演练")).toContain("参加人数：480人");
    expect(await p.say("修改 演练")).toContain("重新打开");
    expect(await p.say("取消")).toContain("已取消");
    expect(await p.say("我的")).toContain("✅");

    const a = new Chat(h, "T_Admin");
    expect(await a.say("未填报 演练")).toContain("全部已填报");
    await a.say("群 绑定 安全群 robot-key-1 安全");
    expect(await a.say("摘要 新增 演练 每天 17:30 安全群")).toContain("消防演练");
    const saved = await a.say("确认");
    const id = /摘要 (\d+)/.exec(saved)?.[1];
    expect(await a.say(`摘要 测试 ${id}`)).toContain(`摘要 ${id}`);
    const digests = await outboxTo("### 消防演练");
    expect(digests).toHaveLength(1);
    expect(JSON.stringify(digests[0]?.payload)).toContain("已填报 **1/1**");
  });
});
