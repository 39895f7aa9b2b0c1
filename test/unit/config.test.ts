import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_SQLITE_URL, loadConfig } from "../../src/config.js";
import { CREDS } from "../support/creds.js";

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("starts on the embedded SQLite default with the simulator when nothing is set", () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe(DEFAULT_SQLITE_URL);
    expect(c.port).toBe(3000);
    expect(c.timezone).toBe("Asia/Shanghai");
    expect(c.wecom).toBeNull();
    expect(c.simulator).toBe(true);
    expect(c.passiveReplyBudgetMs).toBe(3000);
    expect(c.quietHours).toEqual({ start: "21:00", end: "07:30" });
    expect(c.metricsEnabled).toBe(false);
    expect(c.sqliteSynchronous).toBe("FULL");
  });

  it("takes all five WeCom credentials together and then never runs the simulator", () => {
    const c = loadConfig(CREDS);
    expect(c.wecom).toEqual({
      corpId: CREDS.WECOM_CORP_ID,
      agentId: CREDS.WECOM_AGENT_ID,
      secret: CREDS.WECOM_SECRET,
      token: CREDS.WECOM_TOKEN,
      encodingAesKey: CREDS.WECOM_ENCODING_AES_KEY,
    });
    expect(c.simulator).toBe(false);
  });

  it("never runs the simulator in production, even without credentials", () => {
    const c = loadConfig({ NODE_ENV: "production" });
    expect(c.production).toBe(true);
    expect(c.simulator).toBe(false);
  });

  it("names each missing credential when only three of the five are set, without printing any value", () => {
    const { WECOM_TOKEN: _t, WECOM_ENCODING_AES_KEY: _k, ...three } = CREDS;
    const msg = problemsOf(three);
    expect(msg).toContain("WECOM_TOKEN");
    expect(msg).toContain("WECOM_ENCODING_AES_KEY");
    expect(msg).not.toContain(CREDS.WECOM_SECRET);
    expect(msg).not.toContain(CREDS.WECOM_CORP_ID);
    expect(msg.split("\n")).toHaveLength(1);
  });

  it("takes the intelligent bot's id and secret together or not at all, never printing the secret", () => {
    const secret = "aibot-secret-value-1234567890";
    expect(problemsOf({ WECOM_BOT_SECRET: secret })).toContain("WECOM_BOT_ID 未设置");
    expect(problemsOf({ WECOM_BOT_ID: "bot1" })).toContain("WECOM_BOT_SECRET 未设置");
    expect(problemsOf({ WECOM_BOT_SECRET: secret, WECOM_BOT_WS_URL: "http://x" })).not.toContain(secret);
    expect(loadConfig({ WECOM_BOT_ID: "bot1", WECOM_BOT_SECRET: secret }).aibot).toEqual({
      botId: "bot1",
      secret,
      wsUrl: "wss://openws.work.weixin.qq.com",
      watchdogMs: 120 * 60_000,
    });
    expect(loadConfig({}).aibot).toBeNull();
  });

  it("runs no simulator with only the intelligent bot configured, and listens on every address as a deployment does", () => {
    const c = loadConfig({ WECOM_BOT_ID: "bot1", WECOM_BOT_SECRET: "aibot-secret-value-1234567890" });
    expect(c.wecom).toBeNull();
    expect(c.simulator).toBe(false);
    expect(c.host).toBe("0.0.0.0");
    expect(loadConfig({}).simulator).toBe(true);
  });

  it("lists every bad variable in one line with what is wrong", () => {
    const msg = problemsOf({ PORT: "abc", BOT_TIMEZONE: "Mars/Olympus", QUIET_HOURS: "9pm", LOG_LEVEL: "loud", DATABASE_URL: "mysql://x" });
    for (const name of ["PORT", "BOT_TIMEZONE", "QUIET_HOURS", "LOG_LEVEL", "DATABASE_URL"]) expect(msg).toContain(name);
    expect(msg).toContain('"abc"');
    expect(msg).not.toContain("mysql://x");
    expect(msg.split("\n")).toHaveLength(1);
  });

  it("rejects a malformed EncodingAESKey without echoing it", () => {
    const msg = problemsOf({ ...CREDS, WECOM_ENCODING_AES_KEY: "short-key-value" });
    expect(msg).toContain("WECOM_ENCODING_AES_KEY");
    expect(msg).not.toContain("short-key-value");
  });

  it("treats empty variables as unset, as a .env file with FOO= means", () => {
    const c = loadConfig({ PORT: "", WECOM_SECRET: "  ", DATABASE_URL: "" });
    expect(c.port).toBe(3000);
    expect(c.wecom).toBeNull();
  });

  it("reads PostgreSQL URLs, quiet hours switched off, and metrics switched on", () => {
    const c = loadConfig({
      DATABASE_URL: "postgresql://u@db:5432/bot",
      QUIET_HOURS: "off",
      METRICS_ENABLED: "true",
      SQLITE_SYNCHRONOUS: "NORMAL",
    });
    expect(c.databaseUrl).toBe("postgresql://u@db:5432/bot");
    expect(c.quietHours).toBeNull();
    expect(c.metricsEnabled).toBe(true);
    expect(c.sqliteSynchronous).toBe("NORMAL");
  });

  it("rejects a too-short METRICS_TOKEN without echoing it", () => {
    const msg = problemsOf({ METRICS_TOKEN: "hunter2-short" });
    expect(msg).toContain("METRICS_TOKEN");
    expect(msg).not.toContain("hunter2-short");
  });

  it("reads PHOTO_MAX_MB in megabytes, 10 by default, and refuses more than 20", () => {
    expect(loadConfig({}).photoMaxBytes).toBe(10 * 1024 * 1024);
    expect(loadConfig({ PHOTO_MAX_MB: "2" }).photoMaxBytes).toBe(2 * 1024 * 1024);
    expect(problemsOf({ PHOTO_MAX_MB: "500" })).toContain("PHOTO_MAX_MB");
  });
});
