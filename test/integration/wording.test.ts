/**
 * Words that meet people where they are (issue 15, item 8): examples use the
 * current year, a month-end deadline reads "12月31日 24:00", and a digest
 * names the plan it measures against, saying when it is last year's.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { ROOT } from "../../src/db/providers.js";
import { KindRegistry } from "../../src/kinds/registry.js";
import { loadPlan } from "../../src/plan/load-plan.js";
import { readPlanFile } from "../../src/plan/plan-file.js";
import { renderDaily, renderWeekly } from "../../src/schedule/digests.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const KINDS = KindRegistry.builtin();

const TZ = "Asia/Shanghai";
const clock = new ManualClock("2026-12-02T02:00:00Z"); // Wednesday 2 December 2026, 10:00
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock });
  await loadPlan(h.db.prisma, readPlanFile(path.join(ROOT, "prisma", "data", "plan-2022.json")));
});
afterAll(async () => {
  await h.close();
});

describe("examples and deadlines as people read them", () => {
  it("gives this year's periods and dates in 帮助 and in a refusal of a period it cannot read, never 2022's", async () => {
    const admin = new Chat(h, "T_Admin");
    const help = await admin.say("帮助");
    expect(help).toContain("或 2026-W48、2026-11。");
    expect(help).toContain("学期 设置 2026-09-01 2027-01-20");
    expect(help).not.toContain("2022");
    const p = new Chat(h, "t_p1");
    const refused = await p.say("安全检查 前年");
    expect(refused).toContain("本周、上周 或 2026-W48");
    expect(refused).not.toContain("2022");
    expect(await admin.say("学期 设置 明天")).toContain("学期 设置 2026-09-01 2027-01-20");
  });

  it("says a 督导 for December is due 12月31日 24:00, not 1月1日 00:00", async () => {
    const start = await new Chat(h, "t_insp").say("督导 1");
    expect(start).toContain("截止时间：12月31日 24:00");
    expect(start).not.toContain("1月1日 00:00");
  });

  it("names the plan in the digests, and tells the admins once how to load this year's instead of every digest saying 沿用", async () => {
    const daily = await renderDaily(h.db.prisma, KINDS, clock.now(), TZ);
    const weekly = await renderWeekly(h.db.prisma, KINDS, clock.now(), TZ);
    for (const md of [daily, weekly]) {
      expect(md).toContain("2022年溧阳市教育工作意见");
      expect(md).not.toContain("沿用");
    }
    await h.scheduler.tick();
    clock.advance(2 * 3_600_000);
    await h.scheduler.tick();
    const notices = await h.db.prisma.outbox.findMany({ where: { dedupeKey: "plan-not-loaded-2026" } });
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0]?.payload)).toContain("2026年的工作计划还没有导入");
    expect(notices[0]?.target).toBe("T_Admin");
  });
});
