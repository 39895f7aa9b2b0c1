/**
 * Operator commands: `npm run cli -- <command>`. Messages are Chinese, for a
 * county IT officer; a refused file lists every problem and exits non-zero.
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { isAppError } from "./errors.js";
import { loadPlan } from "./plan/load-plan.js";
import { readPlanFile } from "./plan/plan-file.js";
import { importRoster } from "./roster/import-roster.js";
import { importHolidays } from "./schedule/holiday-file.js";
import { WeComApi, WeComApiError } from "./wecom/api.js";
import { APP_MENU } from "./wecom/menu.js";

const HELP = `用法：npm run cli -- <命令>

  help                              显示本说明
  db migrate                        执行尚未执行的数据库迁移（启动时也会自动执行）
  roster import <文件.csv> [--replace]
                                    导入名册（UTF-8 或 GBK 编码的 CSV）。列：
                                    userid,name,mobile,unit_code,unit_name,unit_kind,township,roles,schools,rural
                                    有任何一行出错则全部不导入，并列出每个出错的行。
                                    --replace：名册中没有的人员改为停用（保留历史记录）
  plan load <文件.json>             导入或更新年度工作计划（如 prisma/data/plan-2022.json）
  menu sync                         把应用菜单（填报 / 隐患 / 我的）发布到企业微信（需要企业微信凭据）
  holidays import <文件.csv>        导入某年的节假日和调休（列：date,kind；kind 为 放假 或 上班），
                                    覆盖该年原有的录入；录入的日期优先于内置日历

数据库由环境变量 DATABASE_URL 指定（未设置时为 SQLite：./data/wecom-edu-bot.db）。`;

type Out = { log: (s: string) => void; error: (s: string) => void };

export async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env, out: Out = console): Promise<number> {
  const [cmd, sub, ...rest] = args;
  if (!cmd || cmd === "help" || cmd === "--help" || cmd === "-h") {
    out.log(HELP);
    return 0;
  }
  const config = loadConfig(env);
  const withDb = async <T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> => {
    await migrate(config.databaseUrl);
    const db = await openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  const needFile = (file: string | undefined, example: string): string => {
    if (!file) throw new UsageError(`缺少文件名，例如：npm run cli -- ${example}`);
    if (!existsSync(file)) throw new UsageError(`找不到文件 ${file}`);
    return file;
  };

  if (cmd === "db" && sub === "migrate") {
    const applied = await migrate(config.databaseUrl);
    out.log(applied.length ? `已执行迁移：${applied.join("、")}` : "数据库已是最新，无需迁移");
    return 0;
  }
  if (cmd === "roster" && sub === "import") {
    const replace = rest.includes("--replace");
    const file = needFile(
      rest.find((a) => !a.startsWith("--")),
      "roster import 名册.csv",
    );
    const r = await withDb((db) => importRoster(db.prisma, file, { replace }));
    out.log(
      `名册已导入（${r.encoding === "gbk" ? "GBK" : "UTF-8"} 编码，${r.rows} 行）：` +
        `新增单位 ${r.unitsCreated}，更新单位 ${r.unitsUpdated}；新增人员 ${r.peopleCreated}，更新人员 ${r.peopleUpdated}` +
        (replace ? `，停用人员 ${r.peopleDeactivated}` : ""),
    );
    return 0;
  }
  if (cmd === "plan" && sub === "load") {
    const file = needFile(rest[0], "plan load prisma/data/plan-2022.json");
    const plan = readPlanFile(file);
    const r = await withDb((db) => loadPlan(db.prisma, plan));
    out.log(`${r.year} 年工作计划已导入：新增 ${r.created} 项，更新 ${r.updated} 项，未变 ${r.unchanged} 项，停用指标 ${r.retired} 项`);
    return 0;
  }
  if (cmd === "holidays" && sub === "import") {
    const file = needFile(rest[0], "holidays import 2027节假日.csv");
    const r = await withDb((db) => importHolidays(db.prisma, file));
    out.log(`已导入：${r.years.map((y) => `${y.year} 年放假 ${y.holidays} 天、调休上班 ${y.workdays} 天`).join("；")}`);
    return 0;
  }
  if (cmd === "menu" && sub === "sync") {
    if (!config.wecom) throw new UsageError("menu sync 需要企业微信的五项凭据（WECOM_CORP_ID 等），本地模拟器模式下无需发布菜单");
    const api = new WeComApi({
      baseUrl: config.wecomApiBase,
      corpId: config.wecom.corpId,
      secret: config.wecom.secret,
      agentId: config.wecom.agentId,
    });
    await api.createMenu({ button: [...APP_MENU.button] });
    out.log(`应用菜单已发布：${APP_MENU.button.map((b) => b.name).join(" / ")}`);
    return 0;
  }
  throw new UsageError(`不认识的命令“${args.join(" ")}”`);
}

class UsageError extends Error {}

/** Prints a failure as Chinese lines, never a stack trace; returns the exit code. */
export function reportCliError(err: unknown, out: Out = console): number {
  if (err instanceof ConfigError) {
    out.error(err.message);
    return 78;
  }
  if (err instanceof UsageError) {
    out.error(`${err.message}\n\n${HELP}`);
    return 2;
  }
  if (err instanceof WeComApiError) {
    out.error(`企业微信返回错误 ${err.errcode}（${err.api}）：${err.errmsg}`);
    return 1;
  }
  if (isAppError(err)) {
    out.error(err.userMessage);
    for (const d of err.details) out.error(`  ${d}`);
    return 1;
  }
  out.error(`失败：${err instanceof Error ? err.message : String(err)}`);
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await runCli(process.argv.slice(2)).catch((err) => reportCliError(err));
  process.exit(code);
}
