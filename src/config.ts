/**
 * The environment, validated once at start into one typed object.
 * A bad or partial configuration stops the process with one line that names
 * every bad or missing variable — never a stack trace, never a secret's value.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";

export const WECOM_CREDENTIALS = ["WECOM_CORP_ID", "WECOM_AGENT_ID", "WECOM_SECRET", "WECOM_TOKEN", "WECOM_ENCODING_AES_KEY"] as const;

/** Variables whose values must never be printed. */
export const SECRET_VARIABLES = new Set([
  "WECOM_SECRET",
  "WECOM_TOKEN",
  "WECOM_ENCODING_AES_KEY",
  "METRICS_TOKEN",
  "WECOM_BOT_SECRET",
  "DATABASE_URL",
  "TEST_PG_URL",
]);

export const DEFAULT_DATA_DIR = "./data";
export const SQLITE_FILE_NAME = "wecom-edu-bot.db";
export const DEFAULT_SQLITE_URL = `file:${DEFAULT_DATA_DIR}/${SQLITE_FILE_NAME}`;

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `应为 ${min}–${max} 之间的整数`)
    .transform(Number)
    .pipe(z.number().int().min(min, `应不小于 ${min}`).max(max, `应不大于 ${max}`));

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ["true", "false", "1", "0", "yes", "no"].includes(v), "应为 true 或 false")
  .transform((v) => v === "true" || v === "1" || v === "yes");

const hhmm = /^([01]?\d|2[0-3]):[0-5]\d$/;
const QUIET_OFF = ["off", "none", "无"];

const timezone = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "不是有效的 IANA 时区名（例如 Asia/Shanghai）");

const databaseUrl = z
  .string()
  .trim()
  .refine((u) => /^(file:|postgres(ql)?:\/\/)/i.test(u), "应以 file:（SQLite）或 postgresql://（PostgreSQL）开头");

const EnvSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().trim().min(1).optional(),
  DATABASE_URL: databaseUrl.optional(),
  DATA_DIR: z.string().trim().min(1).optional(),
  NODE_ENV: z.enum(["development", "production", "test"], { message: "应为 development、production 或 test" }).default("development"),
  BOT_TIMEZONE: timezone.default("Asia/Shanghai"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      message: "应为 fatal、error、warn、info、debug、trace 或 silent",
    })
    .default("info"),
  WECOM_CORP_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{6,64}$/, "应为企业微信后台“我的企业”里的企业ID（字母和数字）")
    .optional(),
  WECOM_AGENT_ID: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, "应为应用的 AgentId（数字）")
    .optional(),
  WECOM_SECRET: z.string().trim().min(8, "太短，应为应用的 Secret").optional(),
  WECOM_TOKEN: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{3,32}$/, "应为 3–32 位字母或数字（接收消息设置里的 Token）")
    .optional(),
  WECOM_ENCODING_AES_KEY: z
    .string()
    .trim()
    .refine((k) => /^[A-Za-z0-9+/]{43}$/.test(k) && Buffer.from(`${k}=`, "base64").length === 32, "应为 43 位的 EncodingAESKey")
    .optional(),
  WECOM_API_BASE: z
    .url({ message: "应为 http(s):// 开头的地址" })
    .transform((u) => u.replace(/\/+$/, ""))
    .default("https://qyapi.weixin.qq.com"),
  PASSIVE_REPLY_BUDGET_MS: int(0, 4500).default(3000),
  FORM_IDLE_MINUTES: int(1, 10080).default(120),
  SCHEDULE_GRACE_HOURS: int(0, 72).default(2),
  QUIET_HOURS: z
    .string()
    .trim()
    .refine(
      (v) => QUIET_OFF.includes(v) || (v.split("-").length === 2 && v.split("-").every((t) => hhmm.test(t))),
      "应写成 21:00-07:30 这样的时段，或写 off 表示不设免打扰",
    )
    .default("21:00-07:30"),
  OUTBOX_MAX_ATTEMPTS: int(1, 100).default(8),
  REMINDER_ESCALATE_AFTER: int(0, 20).default(2),
  METRICS_ENABLED: bool.default(false),
  METRICS_TOKEN: z.string().trim().min(16, "至少16个字符").optional(),
  DEDUPE_RETENTION_DAYS: int(7, 3650).default(30),
  OUTBOX_RETENTION_DAYS: int(1, 3650).default(90),
  FORM_RETENTION_DAYS: int(1, 3650).default(7),
  PHOTO_MAX_MB: int(1, 20).default(10),
  CHART_FONT: z.string().min(1).optional(),
  PUBLIC_URL: z
    .string()
    .trim()
    .url("应为完整的网址，例如 https://jyj.example.gov.cn")
    .refine((v) => /^https?:\/\//.test(v), "应以 https:// 或 http:// 开头")
    .transform((v) => v.replace(/\/+$/, ""))
    .optional(),
  DASHBOARD_SESSION_HOURS: int(1, 720).default(8),
  WECOM_BOT_ID: z.string().trim().min(1).max(128).optional(),
  WECOM_BOT_SECRET: z.string().trim().min(1).max(256).optional(),
  WECOM_BOT_WS_URL: z
    .string()
    .trim()
    .refine((v) => /^wss?:\/\/[^\s]+$/.test(v), "应为 wss:// 开头的地址")
    .default("wss://openws.work.weixin.qq.com"),
  WECOM_BOT_WATCHDOG_MINUTES: int(0, 1440).default(120),
  SQLITE_SYNCHRONOUS: z.enum(["FULL", "NORMAL"], { message: "应为 FULL 或 NORMAL" }).default("FULL"),
});

export type WecomCredentials = {
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  encodingAesKey: string;
};

export type Config = {
  port: number;
  /** HOST, or 127.0.0.1 for the simulator (it has no login) and 0.0.0.0 for a real deployment. */
  host: string;
  /** Whether HOST was set explicitly (the simulator then accepts requests for any host name). */
  hostSet: boolean;
  databaseUrl: string;
  /** Where the embedded database lives (DATA_DIR, else ./data): the SQLite file is put there when DATABASE_URL is unset. */
  dataDir: string;
  /** Whether DATA_DIR was set: a deployment declared where its data belongs (the Docker image sets /data, its volume). */
  dataDirSet: boolean;
  production: boolean;
  nodeEnv: "development" | "production" | "test";
  timezone: string;
  logLevel: string;
  /** All five credentials, or null when none is set. */
  wecom: WecomCredentials | null;
  wecomApiBase: string;
  /** Whether WECOM_API_BASE was set explicitly. */
  wecomApiBaseSet: boolean;
  passiveReplyBudgetMs: number;
  formIdleMinutes: number;
  scheduleGraceHours: number;
  quietHours: { start: string; end: string } | null;
  outboxMaxAttempts: number;
  reminderEscalateAfter: number;
  metricsEnabled: boolean;
  /** When set, /metrics answers only to `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  /** How long to keep records that only serve a while (none of them is a report, revision, hazard or audit entry). */
  retention: { dedupeDays: number; outboxDays: number; formDays: number };
  sqliteSynchronous: "FULL" | "NORMAL";
  /** Where WeCom and browsers reach this server (PUBLIC_URL, no trailing slash): the dashboard's redirects and cookie security. */
  publicUrl: string | null;
  /** The intelligent bot's long connection (WECOM_BOT_ID and WECOM_BOT_SECRET, both or neither), or null. */
  aibot: { botId: string; secret: string; wsUrl: string; watchdogMs: number } | null;
  dashboardSessionHours: number;
  /** A CJK font file for chart images (CHART_FONT, else the one the project ships); null: digests go without charts. */
  chartFont: string | null;
  /** A larger photo is refused with a reply, never stored (PHOTO_MAX_MB). */
  photoMaxBytes: number;
  /** No credentials (neither the app's nor the intelligent bot's) and not production: the simulator runs and demo data is seeded. */
  simulator: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误，未启动：${problems.join("；")}。请对照 .env.example 修改后再启动。`);
    this.name = "ConfigError";
  }
}

/** Reads the environment; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset: `FOO=` in a .env file means "not given".
  const given = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in EnvSchema.shape && v !== undefined && v.trim() !== ""));
  const parsed = EnvSchema.safeParse(given);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? "?");
      const shown = SECRET_VARIABLES.has(name) || name.startsWith("WECOM_") ? "" : `（当前为 "${given[name]}"）`;
      problems.push(`${name} ${issue.message}${shown}`);
    }
  }
  const present = WECOM_CREDENTIALS.filter((k) => k in given);
  if (present.length > 0 && present.length < WECOM_CREDENTIALS.length) {
    const missing = WECOM_CREDENTIALS.filter((k) => !(k in given));
    problems.push(
      `${missing.join("、")} 未设置（企业微信的五项凭据 ${WECOM_CREDENTIALS.join("、")} 须全部设置，或全部不设以使用本地模拟器）`,
    );
  }
  if ("WECOM_BOT_ID" in given !== "WECOM_BOT_SECRET" in given)
    problems.push(
      `${"WECOM_BOT_ID" in given ? "WECOM_BOT_SECRET" : "WECOM_BOT_ID"} 未设置（智能机器人的 WECOM_BOT_ID、WECOM_BOT_SECRET 须同时设置，或都不设）`,
    );
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const wecom: WecomCredentials | null =
    present.length === WECOM_CREDENTIALS.length
      ? {
          corpId: e.WECOM_CORP_ID as string,
          agentId: e.WECOM_AGENT_ID as string,
          secret: e.WECOM_SECRET as string,
          token: e.WECOM_TOKEN as string,
          encodingAesKey: e.WECOM_ENCODING_AES_KEY as string,
        }
      : null;
  const production = e.NODE_ENV === "production";
  const aibotSet = !!(e.WECOM_BOT_ID && e.WECOM_BOT_SECRET);
  /** No WeCom at all (neither the app nor the intelligent bot) and not production: the simulator. */
  const simulator = wecom === null && !aibotSet && !production;
  const [qs, qe] = QUIET_OFF.includes(e.QUIET_HOURS) ? [] : e.QUIET_HOURS.split("-");
  return {
    port: e.PORT,
    host: e.HOST ?? (simulator ? "127.0.0.1" : "0.0.0.0"),
    hostSet: e.HOST !== undefined,
    databaseUrl:
      e.DATABASE_URL ?? `file:${e.DATA_DIR ? path.posix.join(e.DATA_DIR, SQLITE_FILE_NAME) : `${DEFAULT_DATA_DIR}/${SQLITE_FILE_NAME}`}`,
    dataDir: e.DATA_DIR ?? DEFAULT_DATA_DIR,
    dataDirSet: e.DATA_DIR !== undefined,
    production,
    nodeEnv: e.NODE_ENV,
    timezone: e.BOT_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    wecom,
    wecomApiBase: e.WECOM_API_BASE,
    wecomApiBaseSet: "WECOM_API_BASE" in given,
    passiveReplyBudgetMs: e.PASSIVE_REPLY_BUDGET_MS,
    formIdleMinutes: e.FORM_IDLE_MINUTES,
    scheduleGraceHours: e.SCHEDULE_GRACE_HOURS,
    quietHours: qs && qe ? { start: qs, end: qe } : null,
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    reminderEscalateAfter: e.REMINDER_ESCALATE_AFTER,
    metricsEnabled: e.METRICS_ENABLED,
    metricsToken: e.METRICS_TOKEN ?? null,
    retention: { dedupeDays: e.DEDUPE_RETENTION_DAYS, outboxDays: e.OUTBOX_RETENTION_DAYS, formDays: e.FORM_RETENTION_DAYS },
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    photoMaxBytes: e.PHOTO_MAX_MB * 1024 * 1024,
    chartFont: e.CHART_FONT ?? findChartFont(),
    publicUrl: e.PUBLIC_URL ?? null,
    aibot:
      e.WECOM_BOT_ID && e.WECOM_BOT_SECRET
        ? {
            botId: e.WECOM_BOT_ID,
            secret: e.WECOM_BOT_SECRET,
            wsUrl: e.WECOM_BOT_WS_URL,
            watchdogMs: e.WECOM_BOT_WATCHDOG_MINUTES * 60_000,
          }
        : null,
    dashboardSessionHours: e.DASHBOARD_SESSION_HOURS,
    simulator,
  };
}

/**
 * The CJK font the project ships (Noto Sans Hans, SIL OFL 1.1, from the npm package @embedpdf/fonts-sc): charts draw
 * the same on every machine and in the Docker image, with no system font installed. Null only if the package is gone.
 */
export function bundledChartFont(): string | null {
  try {
    // The package exports only its index (dist/index.cjs); its fonts lie beside dist/.
    const entry = createRequire(import.meta.url).resolve("@embedpdf/fonts-sc");
    const file = path.join(path.dirname(entry), "..", "fonts", "NotoSansHans-Regular.otf");
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/** Debian's CJK fonts (fonts-noto-cjk, fonts-wqy-zenhei, fonts-wqy-microhei): tried only if the shipped font is missing. */
export const DEBIAN_CJK_FONTS = [
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
  "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
];

function findChartFont(): string | null {
  return bundledChartFont() ?? DEBIAN_CJK_FONTS.find((f) => existsSync(f)) ?? null;
}
