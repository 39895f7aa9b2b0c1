/**
 * The one list of report kinds. Commands, 我的, 查看/修改, 未填报, reminders
 * and digests iterate it; a new kind is its folder and one line here.
 */
import { afterschoolKind } from "./afterschool/index.js";
import type { ReportPlugin } from "./plugin.js";
import { progressKind } from "./progress/kind.js";
import { safetyKind } from "./safety/index.js";
import { supervisionKind } from "./supervision/index.js";

const KINDS: ReportPlugin[] = [safetyKind, afterschoolKind, progressKind, supervisionKind];

/**
 * Adds a kind (a test's fixture kind; a county's own kind would be a line above). Register before the bot is
 * created: the bot builds its commands and forms from the list once.
 */
export function registerKind(kind: ReportPlugin): void {
  if (KINDS.some((k) => k.id === kind.id)) throw new Error(`report kind ${kind.id} is registered already`);
  KINDS.push(kind);
}

export function reportKinds(): readonly ReportPlugin[] {
  return KINDS;
}

/** The plugin of a kind (by its id). */
export function pluginOf(kind: { id: string }): ReportPlugin {
  const p = KINDS.find((k) => k.id === kind.id);
  if (!p) throw new Error(`no report kind ${kind.id}`);
  return p;
}

/** The kind with this id (a stored reminder's or digest's), or null. */
export function kindById(id: string): ReportPlugin | null {
  return KINDS.find((k) => k.id === id) ?? null;
}

/** 安全检查 / 安全 / 课后服务 / 课后 / 进度 / 督导 (and the ASCII aliases) → the kind. */
export function kindByWord(word: string): ReportPlugin | null {
  const w = word.trim().toLowerCase();
  return KINDS.find((k) => k.name === w || k.short === w || k.alias === w || k.alias.slice(1) === w) ?? null;
}
