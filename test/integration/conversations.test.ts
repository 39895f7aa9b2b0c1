import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { loadPlan } from "../../src/plan/load-plan.js";
import { readPlanFile } from "../../src/plan/plan-file.js";
import { DATA_DIR } from "../../src/seed.js";
import { newMsgId } from "../../src/sim/callback-sender.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

// Tuesday 2022-03-08 10:00 in Liyang.
const clock = new ManualClock("2022-03-08T02:00:00Z");
let h: Harness;
beforeAll(async () => {
  // Tests here change roles in place between messages: read the sender's roster record every time.
  h = await wecomHarness({ clock, wecom: { identityTtlMs: 0 } });
  await loadPlan(h.db.prisma, readPlanFile(path.join(DATA_DIR, "plan-2022.json")));
});
afterAll(async () => {
  await h.close();
});

const SAFETY_NO_HAZARD = ["是", "否", "3", "3", "3", "100", "100", "0", "跳过"];

describe("课后服务", () => {
  it("defaults to last month before the 5th, checks participants against enrolment, and computes the rate", async () => {
    clock.set("2022-03-03T02:00:00Z"); // Thursday 3 March: February's report is due on the 5th
    const p = new Chat(h, "t_p1");
    expect(await p.say("课后")).toContain("2022年2月课后服务");
    await p.say("600人");
    const tooMany = await p.say("650");
    expect(tooMany).toContain("不能大于在校生数（600人）");
    await p.script("540", "45", "5", "下午5点半", "12", "是");
    expect(await p.say("150元/生/学期")).toContain("校外培训机构");
    await p.say("否");
    const review = await p.say("跳过");
    expect(review).toContain("每日结束时间：17:30");
    expect(review).toContain("收费标准（元/生/学期）：150元");
    const done = await p.say("确认");
    expect(done).toContain("参与率 90%");
    clock.set("2022-03-08T02:00:00Z");
  });

  it("is not owed by a kindergarten", async () => {
    expect(await new Chat(h, "t_p2").say("课后服务")).toContain("不需要填报课后服务");
  });
});

describe("forms across restarts and people", () => {
  it("continue on a new app instance over the same database", async () => {
    const p = new Chat(h, "t_p1");
    await p.say("安全检查");
    await p.script("是", "否");
    // A second app instance over the same database: the form continues where it was.
    const { createApp } = await import("../../src/app.js");
    const { loadConfig } = await import("../../src/config.js");
    const { serve } = await import("../support/http.js");
    const { CallbackSender } = await import("../../src/sim/callback-sender.js");
    const { TEST_CORP } = await import("../support/wecom-harness.js");
    const app = createApp({
      config: loadConfig({ DATABASE_URL: h.db.url }),
      db: h.db,
      logger: h.log.logger,
      clock,
      wecom: h.wecomDeps,
    });
    const s = await serve(app);
    try {
      const sender2 = new CallbackSender({ url: `${s.url}/wecom/callback`, ...TEST_CORP, clock });
      const r = await sender2.deliver(sender2.textXml("t_p1", "3", newMsgId()));
      expect(r.passive).toContain("校车");
      expect(r.passive).toContain("【第4项");
    } finally {
      await s.close();
    }
    // Back on the first instance, whose copy of the form is now stale: the answer goes to question 4, not 3.
    const next = await p.say("3");
    expect(next).toContain("【第5项");
    const row = await h.db.prisma.conversation.findFirstOrThrow({ where: { person: { useridKey: "t_p1" } } });
    expect(Object.keys((JSON.parse(row.state) as { answers: object }).answers)).toEqual(
      expect.arrayContaining(["lifePassage", "stationBuilt", "highRise", "schoolBus"]),
    );
    expect(await p.say("取消")).toContain("已取消");
  });

  it("answer a redelivery that comes after WeCom gave up waiting the same as the first time, without applying the answer twice", async () => {
    const p = new Chat(h, "t_p2");
    await p.say("安全检查");
    await p.say("是");
    const { query, body } = h.sender.seal(h.sender.textXml("t_p2", "否", newMsgId()));
    const first = await h.sender.post(query, body);
    const asked = h.sender.openPassive(first.text).passive;
    expect(asked).toContain("【第3项");
    const stateAfter = await h.db.prisma.conversation.findFirstOrThrow({ where: { person: { useridKey: "t_p2" } } });
    // A copy within WeCom's 5 s deadline (WeCom sends one only when it had no answer): the same answer, nothing re-run.
    clock.advance(1_000);
    expect(h.sender.openPassive((await h.sender.post(query, body)).text).passive).toBe(asked);
    // WeCom had no answer in 5 s (the reply was lost with a crashed process) and redelivers: the same answer, the form unmoved.
    clock.advance(5_000);
    const again = await h.sender.post(query, body);
    expect(again.status).toBe(200);
    expect(h.sender.openPassive(again.text).passive).toBe(asked);
    const stateNow = await h.db.prisma.conversation.findFirstOrThrow({ where: { person: { useridKey: "t_p2" } } });
    expect(stateNow.version).toBe(stateAfter.version);
    await p.say("取消");
  });

  it("keep two principals of different schools apart when they answer at the same time", async () => {
    const a = new Chat(h, "t_p1");
    const b = new Chat(h, "t_p2");
    await Promise.all([a.say("安全检查"), b.say("安全检查")]);
    await Promise.all([a.say("是"), b.say("否")]);
    // b's 生命通道 不畅通 is a hazard: b is asked to record it, a goes on with the checklist.
    const [ra, rb] = await Promise.all([a.say("是"), b.say("楼道堆放杂物")]);
    expect(ra).toContain("器材是否齐全");
    expect(rb).toContain("严重程度");
    const rows = await h.db.prisma.conversation.findMany({ include: { person: true }, orderBy: { personId: "asc" } });
    const lifePassage = Object.fromEntries(
      rows.map((r) => [r.person.useridKey, (JSON.parse(r.state) as { answers: Record<string, unknown> }).answers.lifePassage]),
    );
    expect(lifePassage).toEqual({ t_p1: true, t_p2: false });
    await Promise.all([a.say("取消"), b.say("取消")]);
  });

  it("tell the second of two reporters finishing the same report who submitted it, without overwriting", async () => {
    clock.set("2022-03-22T02:00:00Z"); // week 12
    const a = new Chat(h, "t_p1");
    const b = new Chat(h, "t_r1");
    await a.say("安全检查");
    await b.say("安全检查");
    await a.script(...SAFETY_NO_HAZARD);
    await b.script(...SAFETY_NO_HAZARD.map((x) => (x === "100" ? "90" : x)));
    const [ra, rb] = await Promise.all([a.say("确认"), b.say("确认")]);
    const answers = [ra, rb];
    expect(answers.filter((x) => x.includes("✅ 已提交"))).toHaveLength(1);
    const loser = answers.find((x) => !x.includes("✅"));
    expect(loser).toMatch(/提交未成功：.*已由测试(校长甲|填报员甲)于3月22日 10:00先提交了/);
    expect(loser).toContain("修改 安全 2022-W12");
    expect(await h.db.prisma.report.count({ where: { kind: "safety", period: "2022-W12" } })).toBe(1);
  });

  it("ask before a different command abandons a form, and continue when told to", async () => {
    const p = new Chat(h, "t_p2");
    await p.say("安全检查");
    await p.say("是");
    const ask = await p.say("我的");
    expect(ask).toContain("“我的”会中断正在填写的");
    expect(ask).toContain("请回复“放弃”");
    expect(await p.say("继续")).toContain("好的，继续填写");
    await p.say("我的");
    const mine = await p.say("放弃");
    expect(mine).toContain("的填报情况");
    expect(await h.db.prisma.conversation.count({ where: { person: { useridKey: "t_p2" } } })).toBe(0);
  });

  it("expire an idle form with a notice, then handle the new message", async () => {
    const p = new Chat(h, "t_p2");
    await p.say("安全检查");
    clock.advance(121 * 60_000);
    const r = await p.say("帮助");
    expect(r).toContain("已超过 120 分钟没有继续，已自动取消");
    expect(r).toContain("您可以发送");
  });

  it("treat a menu click as the command named by its key", async () => {
    const r = await h.sender.deliver(h.sender.eventXml("t_p2", "click", "我的"));
    expect(r.passive).toContain("的填报情况");
  });

  it("greet on entering the app and mention an unfinished form", async () => {
    const p = new Chat(h, "t_p2");
    expect(await p.say("安全检查")).toContain("【第1项");
    const r = await h.sender.deliver(h.sender.eventXml("t_p2", "enter_agent"));
    expect(r.passive).toContain("您好");
    expect(r.passive).toContain("未完成的");
    await p.say("取消");
  });
});

describe("查看, 修改 and revisions", () => {
  it("show a submitted report, reopen it with its answers, and keep the earlier revision", async () => {
    const p = new Chat(h, "t_p1");
    const shown = await p.say("查看 安全 2022-W12");
    expect(shown).toContain("提交：");
    const edit = await p.say("修改 安全 2022-W12");
    expect(edit).toContain("第 1 版");
    expect(edit).toContain("请核对");
    await p.say("改 1");
    await p.say("否");
    // 生命通道 不畅通 brings its hazard's questions before the summary.
    expect(await p.script("楼道堆放杂物", "1", "下周五", "王主任", "跳过")).toContain("请核对");
    const saved = await p.say("确认");
    expect(saved).toContain("第 2 版");
    const report = await h.db.prisma.report.findFirstOrThrow({
      where: { kind: "safety", period: "2022-W12" },
      include: { revisions: { orderBy: { revision: "asc" } } },
    });
    expect(report.revision).toBe(2);
    expect(report.revisions.map((r) => (r.data as { lifePassage: boolean }).lifePassage)).toEqual([true, false]);
    expect(await p.say("查看 安全 2022-W12")).toContain("第 2 版，最后修改：测试校长甲");
  });

  it("refuse a principal's edit after the deadline, but let an admin make it", async () => {
    clock.set("2022-03-28T02:00:00Z"); // the next Monday: W12's deadline passed
    expect(await new Chat(h, "t_p1").say("修改 安全 上周")).toContain("截止时间已过，修改需要管理员操作");
    const admin = new Chat(h, "T_Admin");
    const r = await admin.say("修改 安全 上周 T-S1");
    expect(r).toContain("请核对");
    expect(await admin.say("取消")).toContain("已取消");
    expect(await new Chat(h, "t_p1").say("查看 安全 上周 T-K1")).toContain("只能查看和修改本单位");
  });
});

describe("督导 and 进度", () => {
  it("lets an inspector choose a school and record a visit with 五项管理", async () => {
    const i = new Chat(h, "t_insp");
    expect(await i.say("督导")).toContain("1. 测试中心幼儿园");
    const first = await i.say("督导 2");
    expect(first).toContain("测试第一小学2022年3月督导");
    await i.say("明天");
    expect(await i.say("今天")).toContain("作业管理是否达标");
    await i.script("是", "否", "睡眠时间不足9小时", "是", "是", "是", "开设了8门特色课程", "作息时间表已公示");
    const review = await i.say("跳过");
    expect(review).toContain("睡眠管理问题：睡眠时间不足9小时");
    expect(await i.say("确认")).toContain("五项管理不达标：睡眠");
    expect(await i.say("我的")).toContain("✅");
  });

  it("lets a department report a target's cumulative value, shown in 进度 and 汇总", async () => {
    const d = new Chat(h, "T_Admin"); // 测试教育局办公室 is a 科室: it reports the bureau's targets
    await h.db.prisma.personRole.create({
      data: { personId: (await h.db.prisma.person.findUniqueOrThrow({ where: { useridKey: "t_admin" } })).id, role: "reporter" },
    });
    const list = await d.say("进度");
    expect(list).toContain("1.2 新增学位：未填报（目标 超过4700个）");
    const n = list
      .split("\n")
      .find((l) => l.includes("新增学位"))
      ?.split(".")[0];
    expect(await d.say("进度 99")).toContain("之间的序号");
    await d.say(`进度 ${n}`);
    expect(await d.say("三千人")).toContain("单位应为“个”");
    expect(await d.say("3000个")).toContain("说明");
    await d.say("永平初中已竣工");
    expect(await d.say("确认")).toContain("已记录“新增学位”的进度");
    expect(await d.say("进度")).toContain("1.2 新增学位：3000个（目标 超过4700个）");
    const sum = h.fake.deliveriesTo("T_Admin").length;
    await d.say("汇总 进度");
    const md = h.fake
      .deliveriesTo("T_Admin")
      .slice(sum)
      .map((x) => x.content)
      .join("\n");
    expect(md).toContain("1.2 新增学位：3000个 / 超过4700个（64%）");
  });
});
