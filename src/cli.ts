/**
 * Operator commands: `npm run cli -- <command>`. Messages are Chinese, for a
 * county IT officer; a refused file lists every problem and exits non-zero.
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { commandWords } from "./bot/bot.js";
import { ConfigError, loadConfig } from "./config.js";
import { BackupError, backupSqlite, restoreSqlite } from "./db/backup.js";
import { openDatabase } from "./db/client.js";
import { CopyMismatch, copyDatabase, TargetNotEmpty } from "./db/copy.js";
import { migrate } from "./db/migrate.js";
import { providerOf } from "./db/providers.js";
import { isAppError } from "./errors.js";
import { exportToFile } from "./exports/cli-export.js";
import { currentKinds, kindExport, kindList, kindLoad } from "./kinds/cli-kinds.js";
import { loadPlan } from "./plan/load-plan.js";
import { readPlanFile } from "./plan/plan-file.js";
import { importRoster } from "./roster/import-roster.js";
import { importHolidays } from "./schedule/holiday-file.js";
import { formatFullInstantZh } from "./time/zoned.js";
import { WeComApi, WeComApiError } from "./wecom/api.js";
import { APP_MENU } from "./wecom/menu.js";

const HELP = `用法：npm run cli -- <命令>

  help                              显示本说明
  db migrate                        执行尚未执行的数据库迁移（启动时也会自动执行）
  roster import <文件.csv> [--replace [--force]]
                                    导入名册（UTF-8 或 GBK 编码的 CSV）。列：
                                    userid,name,mobile,unit_code,unit_name,unit_kind,township,roles,schools,rural
                                    有任何一行出错则全部不导入，并列出每个出错的行。
                                    --replace：名册中没有的人员改为停用（保留历史记录）；
                                    会停用全部管理员或一半以上人员时不导入，除非再加 --force
                                    机器人运行时也可以导入：分批写入，不耽误消息；中途断电或中断，
                                    再次导入或下次启动时自动补完
  plan load <文件.json>             导入或更新年度工作计划（如 prisma/data/plan-2022.json）
  menu sync                         把应用菜单（填报 / 隐患 / 我的）发布到企业微信（需要企业微信凭据）
  holidays import <文件.csv>        导入某年的节假日和调休（列：date,kind；kind 为 放假 或 上班），
                                    覆盖该年原有的录入；录入的日期优先于内置日历
  backup <文件>                     在线备份 SQLite 数据库（机器人运行时也可以）；不会覆盖已有文件
  restore <文件>                    用备份替换 SQLite 数据库（须先停止机器人）；原数据库另存一份
  db copy <目标数据库地址>          把全部数据复制到另一个空数据库（如从 SQLite 迁到 PostgreSQL），并逐表核对行数
  kind load <报表定义.json>          导入新报表或新版本（先整体检查，有错则列出每处且不作改动）；
                                    运行中的机器人几秒内开始使用，无需重启
  kind list                         列出全部报表及其版本
  kind export <标识|名称> [--out 文件.json]
                                    导出报表的定义（可修改后再 kind load）
  export <报表|隐患> [期间|起..止] [--out 文件.xlsx] [--unit 单位代码]
                                    导出 Excel：全部单位（或一个单位）；例：export 安全检查 2026-11..2026-12 --out f.xlsx

数据库由环境变量 DATABASE_URL 指定（未设置时为 SQLite：./data/wecom-edu-bot.db）。
PostgreSQL 的备份与恢复请用 pg_dump / pg_restore（见 docs/operations.md）。`;

type Out = { log: (s: string) => void; error: (s: string) => void };

export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Out = console,
  /** `now`: the time exports are read at; `cwd`: where a file without --out is written (tests). */
  opts: { now?: Date; cwd?: string } = {},
): Promise<number> {
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
    const force = rest.includes("--force");
    const file = needFile(
      rest.find((a) => !a.startsWith("--")),
      "roster import 名册.csv",
    );
    const r = await withDb((db) => importRoster(db.prisma, file, { replace, force }));
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
  if (cmd === "kind" && sub === "load") {
    const file = needFile(rest[0], "kind load 消防演练.json");
    const now = opts.now ?? new Date();
    const lines = await withDb(async (db) => kindLoad(db.prisma, file, now, commandWords(await currentKinds(db.prisma, now))));
    for (const l of lines) out.log(l);
    return 0;
  }
  if (cmd === "kind" && sub === "list") {
    const lines = await withDb((db) => kindList(db.prisma, opts.now ?? new Date(), config.timezone));
    for (const l of lines) out.log(l);
    return 0;
  }
  if (cmd === "kind" && sub === "export") {
    out.log(await withDb((db) => kindExport(db.prisma, rest, opts.now ?? new Date(), opts.cwd)));
    return 0;
  }
  if (cmd === "export") {
    const now = opts.now ?? new Date();
    const line = await withDb(async (db) =>
      exportToFile(db.prisma, await currentKinds(db.prisma, now), [sub ?? "", ...rest], now, config.timezone, opts.cwd),
    );
    out.log(line);
    return 0;
  }
  if (cmd === "backup" || cmd === "restore") {
    if (providerOf(config.databaseUrl) !== "sqlite")
      throw new UsageError("PostgreSQL 请用 pg_dump 备份、pg_restore 恢复（见 docs/operations.md）");
    if (!sub) throw new UsageError(`缺少文件名，例如：npm run cli -- ${cmd} backups/2026-11-29.db`);
    const r = cmd === "backup" ? await backupSqlite(config.databaseUrl, sub) : await restoreSqlite(config.databaseUrl, sub);
    out.log(
      `${cmd === "backup" ? "已备份到" : "已从备份恢复："}${r.file}（${Math.round(r.bytes / 1024)} KB；` +
        `${r.people} 人，${r.reports} 份报表，最后一份提交于 ${r.lastReportAt ? formatFullInstantZh(r.lastReportAt, config.timezone) : "—"}（${config.timezone === "Asia/Shanghai" ? "北京时间" : config.timezone}）；迁移 ${r.migrations} 个）`,
    );
    if ("keptAs" in r && r.keptAs) out.log(`原来的数据库另存为 ${r.keptAs}`);
    return 0;
  }
  if (cmd === "db" && sub === "copy") {
    const target = rest[0];
    if (!target) throw new UsageError("缺少目标数据库地址，例如：npm run cli -- db copy postgresql://bot@127.0.0.1:5432/wecom_bot");
    await migrate(target);
    const to = await openDatabase(target);
    try {
      const counts = await withDb((from) => copyDatabase(from.prisma, to.prisma, to.provider));
      for (const c of counts) out.log(`${c.table.padEnd(16)} ${String(c.source).padStart(8)} → ${String(c.target).padStart(8)}`);
      out.log(`已复制全部 ${counts.length} 张表，行数一致。把 DATABASE_URL 改为目标地址后重启机器人即可。`);
      return 0;
    } catch (err) {
      if (err instanceof TargetNotEmpty)
        throw new UsageError(`目标数据库不是空的（${err.tables.join("、")} 已有数据）：请用一个新建的空数据库`);
      if (err instanceof CopyMismatch) {
        const bad = err.counts.filter((c) => c.source !== c.target);
        out.error(
          `有 ${bad.length} 张表的行数不一致（${bad.map((c) => `${c.table} ${c.source} → ${c.target}`).join("、")}）：目标数据库保持为空，请停止机器人后再复制一次`,
        );
        return 1;
      }
      // The copy is one transaction on the target: nothing of it was kept, so it can be run again as it is.
      out.error(`复制失败，目标数据库未写入任何数据，可直接重试：${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
      return 1;
    } finally {
      await to.close();
    }
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
  if (err instanceof BackupError) {
    out.error(err.message);
    return 1;
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
