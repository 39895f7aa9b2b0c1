/**
 * The dashboard's pages and exports built in worker threads with their own database connection (as main.ts
 * runs them): the same pages and the same file as in the process, and a thread that dies is started again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { HeavyWork } from "../../src/work/heavy-work.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2022-03-09T02:00:00Z");
let h: Harness;
let heavy: HeavyWork;
let inProcess: HeavyWork;
beforeAll(async () => {
  h = await wecomHarness({ clock });
  const p = new Chat(h, "t_p1");
  await p.say("安全检查");
  await p.script("是", "否", "3", "3", "3", "100", "100", "0", "跳过");
  await p.say("确认");
  heavy = new HeavyWork(h.db.prisma, { databaseUrl: h.db.url, threads: true });
  inProcess = new HeavyWork(h.db.prisma, { databaseUrl: h.db.url, threads: false });
});
afterAll(async () => {
  await heavy.stop();
  await h.close();
});

describe("heavy work in threads", () => {
  it("builds the overview in a thread exactly as in the process", async () => {
    const args = { visible: null, now: clock.now().toISOString(), tz: "Asia/Shanghai" };
    const threaded = await heavy.page("overview", args);
    expect(threaded).toContain("已提交<b>1/2</b>");
    expect(threaded).toBe(await inProcess.page("overview", args));
  });

  it("writes an export in a thread: the same rows and a file a reader opens", async () => {
    const job = {
      what: "safety",
      periods: [{ type: "week" as const, key: "2022-W10", start: "2022-03-07", end: "2022-03-13" }],
      label: "2022-W10",
      scope: null,
      who: "溧阳市",
      now: clock.now().toISOString(),
      tz: "Asia/Shanghai",
    };
    const f = await heavy.export(job);
    const g = await inProcess.export(job);
    expect(f.name).toBe("溧阳市安全检查_2022-W10.xlsx");
    expect(f.rows).toBe(g.rows);
    const bytes = Buffer.concat(f.parts);
    expect(bytes.length).toBe(f.size);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
  });

  it("answers a job that fails with its error, and goes on with the next", async () => {
    await expect(
      heavy.export({
        what: "no-such-kind",
        periods: [],
        label: "x",
        scope: null,
        who: "x",
        now: clock.now().toISOString(),
        tz: "Asia/Shanghai",
      }),
    ).rejects.toThrow("no exportable kind");
    expect(await heavy.page("units", { visible: null })).toContain("测试第一小学");
  });
});
