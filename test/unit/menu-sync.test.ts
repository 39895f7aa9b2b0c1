import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportCliError, runCli } from "../../src/cli.js";
import { FakeWeCom } from "../../src/sim/fake-wecom.js";
import { APP_MENU } from "../../src/wecom/menu.js";
import { serve } from "../support/http.js";

const CORP = { corpId: "wwmenutest000001", secret: "menu-secret-0123456789", agentId: "1000003" };
const fake = new FakeWeCom(CORP);
let server: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  server = await serve(fake.app);
});
afterAll(async () => {
  await server.close();
});

async function cli(env: Record<string, string>, ...args: string[]) {
  const lines: string[] = [];
  const out = { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) };
  const code = await runCli(args, env, out).catch((err) => reportCliError(err, out));
  return { code, text: lines.join("\n") };
}

describe("npm run cli -- menu sync", () => {
  const env = () => ({
    WECOM_CORP_ID: CORP.corpId,
    WECOM_AGENT_ID: CORP.agentId,
    WECOM_SECRET: CORP.secret,
    WECOM_TOKEN: "MenuToken1",
    WECOM_ENCODING_AES_KEY: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    WECOM_API_BASE: server.url,
  });

  it("publishes the menu whose click keys are commands", async () => {
    const r = await cli(env(), "menu", "sync");
    expect(r.code).toBe(0);
    expect(r.text).toContain("应用菜单已发布：填报 / 隐患 / 我的");
    expect(fake.menus).toEqual([APP_MENU]);
    const keys = APP_MENU.button.flatMap((b) => b.sub_button.map((s) => s.key));
    expect(keys).toContain("安全检查");
    expect(keys).toContain("我的");
  });

  it("names WeCom's errcode when WeCom refuses, without the secret", async () => {
    fake.fail({ path: "/cgi-bin/menu/create", errcode: 60020 });
    const r = await cli(env(), "menu", "sync");
    fake.clearFailures();
    expect(r.code).toBe(1);
    expect(r.text).toContain("企业微信返回错误 60020");
    expect(r.text).not.toContain(CORP.secret);
  });

  it("explains that the simulator needs no menu when credentials are absent", async () => {
    const r = await cli({}, "menu", "sync");
    expect(r.code).toBe(2);
    expect(r.text).toContain("需要企业微信的五项凭据");
  });
});
