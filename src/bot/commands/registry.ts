/**
 * The command table (docs/DESIGN.md "Chat commands"): names, ASCII aliases, who
 * may use each, an example for 帮助; matching that tolerates full-width
 * characters, spaces and trailing punctuation, and suggests the closest
 * commands for what it does not know.
 */
import type { Role } from "../../domain/units.js";
import { normalize } from "../../forms/parse/normalize.js";
import type { BotContext } from "../context.js";
import { ALL_CLEAR_WORDS, SAME_WORDS } from "./start-words.js";

export type Command = {
  id: string;
  /** Chinese names, the first being the main one. */
  names: string[];
  alias: string;
  /** Who may use it; "all" = anyone on the roster. */
  roles: Role[] | "all";
  /** Shown by 帮助. */
  example: string;
  describe: string;
  /** The refusal, in one sentence, for someone without the role. */
  refusal: string;
  run(ctx: BotContext, args: string[]): Promise<void>;
};

export type Match = { command: Command; args: string[] };

/** Arguments that may follow a command name without a space: report kinds' names, period words, subcommands, numbers. */
const escaped = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function argumentWords(kinds: readonly { name: string; short: string }[]): string {
  const words = [
    ...kinds.flatMap((k) => [k.name, k.short]),
    "整改",
    "本周",
    "上周",
    "本月",
    "上月",
    "绑定",
    "列表",
    "删除",
    "设置",
    ...ALL_CLEAR_WORDS,
    ...SAME_WORDS,
  ];
  return [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .map(escaped)
    .join("|");
}

export class CommandTable {
  readonly #commands: Command[] = [];
  /** Words that may follow a command glued to it: the report kinds' names, period words, subcommands. */
  readonly #glued: RegExp;
  /** A whole word that is an argument: one of those, a number, a period key (2022-W10, 2022-03) or a range of them. */
  readonly #argument: RegExp;

  /** `kinds`: the report kinds whose names are arguments (汇总 安全, 导出 课后). */
  constructor(kinds: readonly { name: string; short: string }[]) {
    const words = argumentWords(kinds);
    this.#glued = new RegExp(`^(${words}|\\d)`);
    this.#argument = new RegExp(`^(?:${words}|\\d+|\\d{4}-W?\\d{1,2}(?:\\.\\.\\d{4}-W?\\d{1,2})?)$`);
  }

  add(...commands: Command[]): this {
    this.#commands.push(...commands);
    return this;
  }

  get all(): readonly Command[] {
    return this.#commands;
  }

  /** Finds the command a message starts with; longer names first ("隐患 整改" is 隐患 with arguments). */
  match(input: string): Match | null {
    const text = normalize(input);
    if (!text) return null;
    const [head = "", ...rest] = text.split(" ");
    const lower = head.toLowerCase();
    for (const c of this.#commands) {
      if (c.alias === lower || c.names.includes(head)) return { command: c, args: rest };
    }
    // Chinese written without a space: "查看安全" → 查看 + 安全, "隐患整改" → 隐患 + 整改 — only when
    // what follows is an argument these commands take, so "安全检察" stays unknown.
    const candidates = this.#commands.flatMap((c) => c.names.map((n) => ({ c, n }))).sort((a, b) => b.n.length - a.n.length);
    for (const { c, n } of candidates) {
      const tail = head.slice(n.length);
      if (head.startsWith(n) && tail && this.#glued.test(tail)) return { command: c, args: [tail, ...rest] };
    }
    return null;
  }

  /**
   * Inside a form, only an unmistakable command counts: the whole message is a
   * command's name ("我的"), or — when the question does not take free text —
   * starts with one ("查看 安全"). "安全出口堵塞" stays an answer.
   */
  isCommandInForm(input: string, freeText: boolean): boolean {
    const text = normalize(input);
    const [head = "", ...rest] = text.split(" ");
    const named = this.#commands.some((c) => c.alias === head.toLowerCase() || c.names.includes(head));
    // At a free-text question a command with arguments counts only when every argument is one commands take
    // (“进度 1”, “查看 安全 上周”), so “安全 出口堵塞” stays a 说明.
    return named && (rest.length === 0 || !freeText || rest.every((w) => this.#argument.test(w)));
  }

  /** The closest command names to an unknown word, for 没听懂. */
  suggest(input: string, allowed: (c: Command) => boolean, n = 3): string[] {
    const head = normalize(input).split(" ")[0] ?? "";
    return this.#commands
      .filter(allowed)
      .map((c) => ({ name: c.names[0] ?? c.alias, d: Math.min(...[...c.names, c.alias].map((x) => distance(head, x))) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, n)
      .map((x) => x.name);
  }
}

export function allowed(ctx: BotContext, c: Command): boolean {
  return c.roles === "all" || ctx.has(...c.roles);
}

/** Edit distance over code points. */
export function distance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}
