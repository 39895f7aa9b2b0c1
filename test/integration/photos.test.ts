/**
 * Photos a person sends are downloaded within limits: at most PHOTO_MAX_MB,
 * JPEG or PNG by their bytes, no redirects, a total deadline. A refused photo
 * gets a clear reply, nothing is stored, and the form goes on.
 */
import { Readable } from "node:stream";
import type { Context } from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { newMsgId } from "../../src/sim/callback-sender.js";
import { Chat } from "../support/chat.js";
import { type Harness, wecomHarness } from "../support/wecom-harness.js";

const clock = new ManualClock("2022-03-09T02:00:00Z");
let h: Harness;
beforeAll(async () => {
  h = await wecomHarness({ clock });
});
afterAll(async () => {
  await h.close();
});

const CHECKLIST = ["是", "是", "是", "是", "3", "3", "1", "是", "是", "100", "98%"];
const MB = 1024 * 1024;

/** A body of `total` bytes, produced as it is read (never held in memory), starting with `head`. */
function generated(total: number, head: Buffer = Buffer.from([0xff, 0xd8, 0xff, 0xe0])): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return this.push(null);
      const n = Math.min(256 * 1024, total - sent);
      const chunk = Buffer.alloc(n, 0x41);
      if (sent === 0) head.copy(chunk);
      sent += n;
      this.push(chunk);
    },
  });
}

async function sendMedia(p: Chat, respond: (ctx: Context) => void | Promise<void>): Promise<string> {
  const mediaId = h.fake.addMediaAnswer(respond);
  const r = await h.sender.deliver(h.sender.imageXml(p.userid, mediaId, newMsgId()));
  expect(r.status).toBe(200);
  return r.passive ?? "";
}

describe("photos within limits", () => {
  it("refuses an oversized, an endless, a non-image, a redirected and a trickling photo with a reply, stores none, and keeps the form going", async () => {
    const p = new Chat(h, "t_p1");
    await p.say("安全检查");
    for (const a of CHECKLIST) await p.say(a);
    await p.script("1", "二楼安全出口堆放杂物", "1", "一般", "下周五");
    expect(await p.say("王主任")).toContain("照片");
    const photos = await h.db.prisma.photo.count();
    const rss = process.memoryUsage().rss;

    // 11 MB declared: refused before reading.
    expect(
      await sendMedia(p, (ctx) => {
        ctx.type = "image/jpeg";
        ctx.length = 11 * MB;
        ctx.body = generated(11 * MB);
      }),
    ).toContain("超过 10 MB");
    // 150 MB with no length: refused once 10 MB have come.
    expect(
      await sendMedia(p, (ctx) => {
        ctx.type = "image/jpeg";
        ctx.body = generated(150 * MB);
      }),
    ).toContain("超过 10 MB");
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * MB);
    // An executable and an SVG, whatever they claim to be.
    for (const [type, head] of [
      ["application/x-msdownload", Buffer.from("MZ\x90\x00", "latin1")],
      ["image/jpeg", Buffer.from("MZ\x90\x00", "latin1")],
      ["image/svg+xml", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ] as const) {
      const reply = await sendMedia(p, (ctx) => {
        ctx.type = type;
        ctx.body = head;
      });
      expect(reply).toContain("只能保存 JPG 或 PNG");
      expect(reply).toContain("跳过");
    }
    // A redirect off the API host is not followed.
    let followed = false;
    const target = h.fake.addMediaAnswer((ctx) => {
      followed = true;
      ctx.type = "image/jpeg";
      ctx.body = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]);
    });
    expect(
      await sendMedia(p, (ctx) => {
        ctx.redirect(`/cgi-bin/media/get?media_id=${target}&access_token=${String(ctx.query.access_token)}`);
      }),
    ).toContain("没有保存");
    expect(followed).toBe(false);
    // One byte every 100 ms: cut off at the deadline.
    expect(
      await sendMedia(p, (ctx) => {
        ctx.type = "image/jpeg";
        let n = 0;
        ctx.body = new Readable({
          read() {
            setTimeout(() => this.push(n++ < 600 ? Buffer.from([0xff]) : null), 100);
          },
        });
      }),
    ).toContain("下载太慢");
    expect(await h.db.prisma.photo.count()).toBe(photos);

    // A real PNG is stored as a PNG (by its bytes, whatever the header said), and the form goes on.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]);
    expect(await p.photo(png)).toContain("照片已保存");
    const stored = await h.db.prisma.photo.findMany({ orderBy: { id: "desc" }, take: 1 });
    expect(await h.db.prisma.photo.count()).toBe(photos + 1);
    expect(stored[0]?.contentType).toBe("image/png");
    expect(await p.say("跳过")).toContain("请核对");
    expect(await p.say("取消")).toContain("已取消");
  });
});
