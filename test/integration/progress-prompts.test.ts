/**
 * 进度 as people meet it (issue 15, item 4): each target's question fits its
 * type and shows the current value, 我的 counts the targets updated, and the
 * bureau's aggregate says how it is computed.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { ROOT } from "../../src/db/providers.js";
import { loadPlan } from "../../src/plan/load-plan.js";
import { readPlanFile } from "../../src/plan/plan-file.js";
import { bareBot } from "../support/bare-bot.js";

const clock = new ManualClock("2022-12-07T02:00:00Z"); // Wednesday 7 December 2022, 10:00
let b: Awaited<ReturnType<typeof bareBot>>;
beforeAll(async () => {
  b = await bareBot(clock);
  await loadPlan(b.t.prisma, readPlanFile(path.join(ROOT, "prisma", "data", "plan-2022.json")));
  // A department's reporter: the milestones are theirs.
  const office = await b.t.prisma.unit.findUniqueOrThrow({ where: { code: "T-OFFICE" } });
  await b.t.prisma.person.create({
    data: { userid: "t_office", useridKey: "t_office", name: "科室填报员", unitId: office.id, roles: { create: { role: "reporter" } } },
  });
});
afterAll(async () => {
  await b.t.drop();
});

/** The number 进度 lists a target under. */
async function indexOf(userid: string, name: string): Promise<number> {
  const list = await b.say(userid, "进度");
  const line = list.split("\n").find((l) => l.includes(name));
  const n = Number(/^(\d+)\./.exec(line ?? "")?.[1]);
  expect(n, list).toBeGreaterThan(0);
  return n;
}

describe("进度 per target type", () => {
  it("asks a per-school percentage as a percentage with the bar a school must reach and its current value, and takes 99%", async () => {
    const n = await indexOf("t_p1", "安全教育平台");
    const ask = await b.say("t_p1", `进度 ${n}`);
    expect(ask).toContain("本单位目前达到百分之多少");
    expect(ask).toContain("达到100%计为达标");
    expect(ask).toContain("当前：未填报");
    expect(ask).not.toContain("回复“1”");
    expect(await b.say("t_p1", "99%")).toContain("说明");
    expect(await b.say("t_p1", "跳过")).toContain("请核对");
    expect(await b.say("t_p1", "确认")).toContain("✅ 已记录");
    expect(await b.say("t_p1", `进度 ${n}`)).toContain("当前：99%");
    await b.say("t_p1", "取消");
  });

  it("asks a milestone for 已完成 or 未完成, takes 已完成 and then its date", async () => {
    const n = await indexOf("t_office", "续建重点项目");
    const ask = await b.say("t_office", `进度 ${n}`);
    expect(ask).toContain("回复“已完成”或“未完成”");
    expect(await b.say("t_office", "已完成")).toContain("哪天完成的");
    await b.say("t_office", "12月1日");
    expect(await b.say("t_office", "已按计划竣工验收")).toContain("请核对");
    expect(await b.say("t_office", "确认")).toContain("✅ 已记录");
  });

  it("says in 我的 how many of the unit's targets were updated this month", async () => {
    const me = await b.say("t_p1", "我的");
    const list = await b.say("t_p1", "进度");
    const total = list.split("\n").filter((l) => /^\d+\./.test(l)).length;
    expect(total).toBeGreaterThan(1);
    expect(me).toContain(`12月 1/${total} 项已更新`);
  });

  it("explains the bureau's 0% after a school reported 99%: no unit has reached 100% yet", async () => {
    const s = await b.say("T_Admin", "汇总 进度");
    const line = s.split("\n").find((l) => l.includes("安全教育平台")) ?? "";
    expect(line).toContain("0%");
    expect(line).toContain("达标单位 0/2，单位达到100%计为达标");
  });
});

describe("汇总 read in ten seconds", () => {
  it("leads with what needs action, then each kind in a few lines, the plan as 已更新 N/M with the targets behind named", async () => {
    const s = await b.say("T_Admin", "汇总");
    const lines = s.split("\n");
    expect(lines[0]).toContain("需要关注");
    expect(s).toMatch(/安全检查逾期未报 \*\*2\*\* 所：(测试中心幼儿园、测试第一小学|测试第一小学、测试中心幼儿园)/);
    expect(s).toMatch(
      /计划目标 \*\*\d+\*\* 项：已更新 \*\*2\*\*，其中落后于进度 \*\*1\*\*（安全教育平台学校、班级、学生覆盖率 0%）；<font color="warning">尚无数据 \d+ 项<\/font>（全年时间已过 93%）/,
    );
    // 督导 with no visit yet claims nothing about 五项管理.
    expect(s).toContain("五项管理：本月还没有督查记录");
    expect(s).not.toContain("全部达标");
    expect(s).not.toContain("1.2 新增学位"); // no line per target
    expect(lines.length).toBeLessThanOrEqual(25);
  });

  it("groups 汇总 安全检查 by township and by school type", async () => {
    const byTown = await b.say("T_Admin", "汇总 安全检查 按乡镇");
    expect(byTown).toContain("- 溧城街道：已填报 **0/1**");
    expect(byTown).toContain("- 社渚镇：已填报 **0/1**");
    const byType = await b.say("T_Admin", "汇总 安全 上周 按类型");
    expect(byType).toMatch(/- 小学：已填报 \*\*0\/1\*\*，<font color="warning">逾期未报 1<\/font>/);
    expect(byType).toContain("- 幼儿园：已填报 **0/1**");
  });

  it("names each missing unit's principal in 未填报", async () => {
    const m = await b.say("T_Admin", "未填报 安全 上周");
    expect(m).toContain("测试第一小学（校长 测试校长甲）");
    expect(m).toContain("测试中心幼儿园（校长 测试园长乙）");
  });
});
