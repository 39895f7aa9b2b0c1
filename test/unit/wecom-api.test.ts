import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { FakeWeCom } from "../../src/sim/fake-wecom.js";
import { WeComApi, WeComApiError } from "../../src/wecom/api.js";
import { byteLength } from "../../src/wecom/split.js";
import { serve } from "../support/http.js";
import { memoryLogger } from "../support/log.js";

const CORP = { corpId: "wwapitest0000001", secret: "api-secret-never-shown-42", agentId: "1000009" };
const ROBOT_KEY = "0a1b2c3d-robot-key-secret";
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function setup(opts: { clock?: ManualClock; users?: string[]; timeoutMs?: number } = {}) {
  const clock = opts.clock ?? new ManualClock(Date.now());
  const fake = new FakeWeCom({ ...CORP, clock, robots: { [ROBOT_KEY]: "安全群" }, users: opts.users ?? [] });
  const server = await serve(fake.app);
  closers.push(server.close);
  const log = memoryLogger();
  const api = new WeComApi({ baseUrl: server.url, ...CORP, clock, logger: log.logger, backoffMs: 100, timeoutMs: opts.timeoutMs ?? 5000 });
  const tokenCalls = () => fake.calls.filter((c) => c.path === "/cgi-bin/gettoken").length;
  return { clock, fake, api, log, tokenCalls };
}

describe("the access token", () => {
  it("is fetched once for many sends, and concurrent first sends share one refresh", async () => {
    const { api, fake, tokenCalls } = await setup();
    await Promise.all(Array.from({ length: 10 }, (_, i) => api.sendText(["u1"], `并发${i}`)));
    await api.sendText(["u1"], "再来一条");
    expect(tokenCalls()).toBe(1);
    expect(fake.deliveries).toHaveLength(11);
  });

  it("is refreshed before it expires", async () => {
    const { api, clock, log, tokenCalls } = await setup();
    await api.sendText(["u1"], "一");
    clock.advance((7200 - 299) * 1000);
    await api.sendText(["u1"], "二");
    expect(tokenCalls()).toBe(2);
    expect(log.text()).not.toContain("42001");
  });

  it("when WeCom invalidates it mid-run, is refreshed once and every message is delivered exactly once", async () => {
    const { api, fake, tokenCalls } = await setup();
    for (let i = 0; i < 3; i++) await api.sendText(["u1"], `前${i}`);
    fake.invalidateTokens();
    for (let i = 0; i < 3; i++) await api.sendText(["u1"], `后${i}`);
    expect(tokenCalls()).toBe(2);
    expect(api.stats.tokenRefreshes).toBe(2);
    expect(fake.deliveries.map((d) => d.content)).toEqual(["前0", "前1", "前2", "后0", "后1", "后2"]);
  });

  it("a wrong secret is a typed error naming the errcode, not the secret", async () => {
    const { fake } = await setup();
    const server = await serve(fake.app);
    closers.push(server.close);
    const bad = new WeComApi({ baseUrl: server.url, ...CORP, secret: "wrong-secret-value" });
    const err = await bad.sendText(["u1"], "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeComApiError);
    expect((err as WeComApiError).errcode).toBe(40001);
    expect(String(err)).not.toContain("wrong-secret-value");
  });
});

describe("WeCom's transient failures", () => {
  it("retries 5xx, −1, 6000 and 45033 with backoff, delivering once", async () => {
    const { api, fake, clock } = await setup();
    const t0 = clock.now().getTime();
    fake.fail({ path: "/cgi-bin/message/send", status: 502, times: 1 });
    fake.fail({ path: "/cgi-bin/message/send", errcode: -1, times: 1 });
    fake.fail({ path: "/cgi-bin/message/send", errcode: 6000, times: 1 });
    fake.fail({ path: "/cgi-bin/message/send", errcode: 45033, times: 1 });
    await api.sendText(["u1"], "坚持送达");
    expect(fake.deliveries.map((d) => d.content)).toEqual(["坚持送达"]);
    expect(api.stats.retries).toBe(4);
    expect(clock.now().getTime() - t0).toBeGreaterThanOrEqual((100 + 200 + 400 + 800) * 0.75);
  });

  it("retries a timeout, and the duplicate check keeps the message to one delivery", async () => {
    const { api, fake } = await setup({ timeoutMs: 200 });
    fake.fail({ path: "/cgi-bin/message/send", delayMs: 500, times: 1 }); // WeCom got it but answered too late
    await api.sendText(["u1"], "超时重发", { duplicateCheckSeconds: 3600 });
    await new Promise((r) => setTimeout(r, 500));
    expect(api.stats.retries).toBe(1);
    expect(fake.deliveries.map((d) => d.content)).toEqual(["超时重发"]);
  });

  it("gives up after its bounded attempts with a typed error", async () => {
    const { api, fake } = await setup();
    fake.fail({ path: "/cgi-bin/message/send", status: 503 });
    const err = await api.sendText(["u1"], "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeComApiError);
    expect(fake.calls.filter((c) => c.path === "/cgi-bin/message/send")).toHaveLength(6);
    expect(fake.deliveries).toHaveLength(0);
  });

  it("does not retry other errcodes: a typed error carries errcode, errmsg and the API, no token", async () => {
    const { api, fake } = await setup();
    fake.fail({ path: "/cgi-bin/message/send", errcode: 60020 });
    const err = (await api.sendText(["u1"], "x").catch((e: unknown) => e)) as WeComApiError;
    expect(err).toBeInstanceOf(WeComApiError);
    expect([err.errcode, err.api]).toEqual([60020, "/cgi-bin/message/send"]);
    expect(err.message).not.toMatch(/access_token=|[0-9a-f]{48}/);
    expect(fake.calls.filter((c) => c.path === "/cgi-bin/message/send")).toHaveLength(1);
  });
});

describe("group robots", () => {
  it("at the 20-a-minute limit, delays messages rather than dropping them (on the injected clock)", async () => {
    const { api, fake, clock } = await setup();
    const t0 = clock.now().getTime();
    for (let i = 1; i <= 25; i++) await api.robotText(ROBOT_KEY, `提醒${i}`);
    expect(fake.deliveries.map((d) => d.content)).toEqual(Array.from({ length: 25 }, (_, i) => `提醒${i + 1}`));
    expect(api.stats.errcodes.get(45009)).toBeGreaterThan(0);
    expect(clock.now().getTime() - t0).toBeGreaterThanOrEqual(45_000);
  });

  it("sends text with @mentions, Markdown split at 4096 bytes, an image and a file", async () => {
    const { api, fake } = await setup();
    await api.robotText(ROBOT_KEY, "请尽快填报", ["t_p1", "t_p2"]);
    const md = Array.from({ length: 150 }, (_, i) => `- **学校${i}** <font color="warning">逾期未报</font>`).join("\n");
    await api.robotMarkdown(ROBOT_KEY, md);
    await api.robotImage(ROBOT_KEY, Buffer.from("fake-png-bytes"));
    await api.robotFile(ROBOT_KEY, "汇总.csv", Buffer.from("a,b\n1,2\n"));
    const [mention, ...rest] = fake.deliveries;
    expect(mention?.mentioned).toEqual(["t_p1", "t_p2"]);
    const mdParts = rest.filter((d) => d.msgtype === "markdown");
    expect(mdParts.length).toBeGreaterThanOrEqual(2);
    for (const p of mdParts) expect(byteLength(p.content)).toBeLessThanOrEqual(4096);
    expect(mdParts.map((p) => p.content).join("\n")).toBe(md);
    expect(rest.some((d) => d.msgtype === "image")).toBe(true);
    expect(rest.some((d) => d.msgtype === "file")).toBe(true);
  });

  it("an invalid key is errcode 93000, and the key appears in no error or log", async () => {
    const { api, log } = await setup();
    const err = (await api.robotText("secret-but-wrong-key", "x").catch((e: unknown) => e)) as WeComApiError;
    expect(err.errcode).toBe(93000);
    expect(String(err)).not.toContain("secret-but-wrong-key");
    expect(log.text()).not.toContain("secret-but-wrong-key");
    expect(log.text()).not.toContain(ROBOT_KEY);
  });
});

describe("app messages", () => {
  it("split long text by 2048 UTF-8 bytes without breaking a character", async () => {
    const { api, fake } = await setup();
    const long = "溧阳教育".repeat(500); // 6,000 bytes
    await api.sendText(["u1"], long);
    expect(fake.deliveries.length).toBe(3);
    for (const d of fake.deliveries) expect(byteLength(d.content)).toBeLessThanOrEqual(2048);
    expect(fake.deliveries.map((d) => d.content).join("")).toBe(long);
  });

  it("batch recipients by 1000 and report the invalid ones", async () => {
    const users = Array.from({ length: 1500 }, (_, i) => `user${i}`);
    const { api, fake } = await setup({ users: users.slice(0, 1499) });
    const r = await api.sendText(users, "全体通知");
    expect(fake.calls.filter((c) => c.path === "/cgi-bin/message/send")).toHaveLength(2);
    expect(fake.deliveries.flatMap((d) => d.to)).toHaveLength(1499);
    expect(r.invalidUsers).toEqual(["user1499"]);
  });

  it("with the duplicate check, WeCom drops an identical message within the interval", async () => {
    const { api, fake, clock } = await setup();
    await api.sendText(["u1"], "同一条", { duplicateCheckSeconds: 600 });
    await api.sendText(["u1"], "同一条", { duplicateCheckSeconds: 600 });
    clock.advance(601_000);
    await api.sendText(["u1"], "同一条", { duplicateCheckSeconds: 600 });
    expect(fake.deliveries).toHaveLength(2);
  });

  it("send Markdown and template cards, and app chats after creating them", async () => {
    const { api, fake } = await setup();
    await api.sendMarkdown(["u1"], "**本周安全检查**");
    await api.sendAppMessage(["u1"], {
      msgtype: "template_card",
      template_card: {
        card_type: "button_interaction",
        task_id: "api-card-1",
        main_title: { title: "安全检查未提交" },
        button_list: [{ type: 0, text: "开始填报", key: "安全检查" }],
      },
    });
    const chatid = await api.createAppChat({ name: "安全群", owner: "u1", userlist: ["u1", "u2"], chatid: "safety01" });
    await api.sendAppChat(chatid, { msgtype: "markdown", markdown: { content: "# 周报" } });
    expect(fake.deliveries.map((d) => [d.channel, d.msgtype])).toEqual([
      ["app", "markdown"],
      ["app", "template_card"],
      ["appchat", "markdown"],
    ]);
  });
});

describe("media and menu", () => {
  it("downloads a user's image, and names an expired media id by its errcode", async () => {
    const { api, fake } = await setup();
    const id = fake.addMedia(Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]), "image/jpeg");
    const m = await api.getMedia(id);
    expect([...m.data]).toEqual([0xff, 0xd8, 0xff, 1, 2, 3]);
    expect(m.contentType).toBe("image/jpeg");
    const err = (await api.getMedia("expired").catch((e: unknown) => e)) as WeComApiError;
    expect(err.errcode).toBe(40007);
  });

  it("publishes the app menu", async () => {
    const { api, fake } = await setup();
    await api.createMenu({ button: [{ type: "click", name: "安全检查", key: "安全检查" }] });
    expect(fake.menus).toHaveLength(1);
  });
});

describe("WeCom's error messages, as logged and stored", () => {
  it("lose anything that looks like a token or a key, and keep the code and the words", async () => {
    const { WeComApiError, scrubSecrets } = await import("../../src/wecom/api.js");
    const raw =
      "invalid access_token, access_token=Qx3k9dLmZp0aBcDeFgHiJkLmNoPqRsTuVwXyZ012, key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa, hint: [1669811233021271284860873], from ip: 1.2.3.4";
    const err = new WeComApiError(40014, raw, "/cgi-bin/message/send");
    for (const secret of [
      "Qx3k9dLmZp0aBcDeFgHiJkLmNoPqRsTuVwXyZ012",
      "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
      "1669811233021271284860873",
    ]) {
      expect(err.errmsg).not.toContain(secret);
      expect(err.message).not.toContain(secret);
    }
    expect(err.errmsg).toContain("invalid access_token");
    expect(err.errmsg).toContain("from ip: 1.2.3.4");
    expect(scrubSecrets("x".repeat(1000)).length).toBeLessThanOrEqual(300);
  });
});
