/**
 * The 周报 with its picture: sent to a robot as an image message (base64 + md5, which the fake WeCom checks
 * against the bytes), a PNG of the week's completion by township and 12 weeks of lines; and, on a machine
 * without a CJK font, the same digest as words alone with the failure in the admins' note.
 */
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { KindRegistry } from "../../src/kinds/registry.js";
import { fireAdminDigest } from "../../src/schedule/digests.js";
import { Chat } from "../support/chat.js";
import { decodePng, inkIn, pngSize } from "../support/png.js";
import { eventually, type Harness, wecomHarness } from "../support/wecom-harness.js";

const SAFETY = ["是", "否", "3", "3", "3", "100", "100", "0", "跳过"];
const open: Harness[] = [];
afterAll(async () => {
  for (const h of open) await h.close();
});

async function setUp(env: Record<string, string> = {}) {
  const clock = new ManualClock("2022-03-09T02:00:00Z"); // Wednesday of 2022-W10
  const h = await wecomHarness({ clock, env });
  open.push(h);
  const p = new Chat(h, "t_p1");
  await p.say("安全检查");
  await p.script(...SAFETY);
  await p.say("确认");
  const group = await h.db.prisma.groupChat.create({
    data: { name: "安全群", purpose: "安全", channel: "robot", robotKey: "robot-key-1" },
  });
  const digest = await h.db.prisma.digest.create({
    data: {
      content: "weekly",
      phrase: "每周一 09:00",
      rule: { type: "weekly", weekday: 1, hour: 9, minute: 0 },
      groupId: group.id,
      createdBy: "test",
    },
  });
  clock.set("2022-03-14T01:00:00Z"); // Monday 09:00 of the week after
  return { h, clock, digest };
}

const robot = (h: Harness) => h.fake.deliveries.filter((d) => d.channel === "robot");

describe("the 周报's chart", () => {
  it("goes to a robot as an image after the words: a PNG at least 600 px wide, drawn with its Chinese labels", async () => {
    const { h, digest } = await setUp();
    await h.scheduler.fireNow("digest", digest.id);
    await eventually(() => robot(h).some((d) => d.msgtype === "image"));
    const [words, picture] = robot(h);
    expect(words?.msgtype).toBe("markdown");
    expect(words?.content).toContain("周报");
    expect(picture?.msgtype).toBe("image");
    const png = picture?.media?.data ?? Buffer.alloc(0);
    expect(pngSize(png).width).toBeGreaterThanOrEqual(600);
    // The title over the bars (centred at the top) is drawn: ink where it is.
    const px = decodePng(png);
    expect(inkIn(px, { x: 200, y: 8, w: 500, h: 30 })).toBeGreaterThan(300);
  });

  it("is left out on a machine without the font: the words go alone, and the admins' note says why", async () => {
    const { h, clock, digest } = await setUp({ CHART_FONT: "/nonexistent/NotoSansCJK-Regular.ttc" });
    await h.scheduler.fireNow("digest", digest.id);
    await eventually(() => robot(h).length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(robot(h).map((d) => d.msgtype)).toEqual(["markdown"]);
    const deps = {
      db: h.db.prisma,
      clock,
      tz: "Asia/Shanghai",
      quiet: null,
      escalateAfter: 2,
      graceHours: 2,
      kick: () => {},
      kinds: KindRegistry.builtin(),
    };
    expect(await fireAdminDigest(deps, clock.now(), "admin-note-test")).toBe(true);
    const note = await h.db.prisma.outbox.findFirst({ where: { dedupeKey: "admin-note-test" } });
    expect(JSON.stringify(note?.payload)).toContain("份摘要的图表没有生成");
    expect(JSON.stringify(note?.payload)).toContain("CHART_FONT");
  });
});
