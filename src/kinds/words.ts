/**
 * A kind's words: LiquidJS templates over its figures, from its spec (a kind's words live in its spec) or, unset,
 * the bot's own (templates/digests/kind-*.liquid). Parsed when the spec is loaded — a template that does not parse
 * refuses the spec, naming the key — and rendered with limits (time, memory, size), every value escaped for where
 * it goes: WeCom Markdown (汇总, digests) or a text reply (the line after a report is stored).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Liquid, type Template } from "liquidjs";
import { mdText, printable } from "../chat/plain-text.js";
import { ROOT } from "../db/providers.js";
import type { FigureScope } from "./figures.js";

const LIMITS = { parseLimit: 10_000, renderLimit: 1_000, memoryLimit: 1_000_000 } as const;
const options = { strictFilters: true, cache: false, ...LIMITS } as const;
const markdown = new Liquid({ ...options, outputEscape: mdText });
const text = new Liquid({ ...options, outputEscape: printable });

export type WordsKey = "submitted" | "summary" | "daily" | "weekly" | "headline";

/** A kind's compiled templates; `daily` only for kinds in the 日报 (those it names, or whose purpose is 安全). */
export type KindWords = Partial<Record<WordsKey, Template[]>>;

const DEFAULTS_DIR = path.join(ROOT, "templates", "digests");
const defaults = new Map<string, Template[]>();
function defaultWords(name: "kind-daily" | "kind-weekly"): Template[] {
  let t = defaults.get(name);
  if (!t) {
    t = markdown.parse(readFileSync(path.join(DEFAULTS_DIR, `${name}.liquid`), "utf8"));
    defaults.set(name, t);
  }
  return t;
}

/** Parses a spec's words; problems name the key ("words.summary：…"). */
export function compileWords(words: Partial<Record<WordsKey, string>> | undefined, inDaily: boolean, problems: string[]): KindWords {
  const out: KindWords = {};
  for (const [key, source] of Object.entries(words ?? {}) as [WordsKey, string | undefined][]) {
    if (source === undefined) continue;
    try {
      out[key] = (key === "submitted" ? text : markdown).parse(source);
    } catch (err) {
      problems.push(`words.${key}：模板写法有误（${err instanceof Error ? err.message.split("\n")[0] : String(err)}）`);
    }
  }
  if (!out.weekly) out.weekly = defaultWords("kind-weekly");
  if (!out.daily && inDaily) out.daily = defaultWords("kind-daily");
  return out;
}

/** The words rendered over the figures: lines without the blank ones a template leaves at its ends. */
export async function renderWords(template: Template[] | undefined, scope: FigureScope, as: "markdown" | "text" = "markdown") {
  if (!template) return "";
  const out = await (as === "text" ? text : markdown).render(template, scope);
  return out.replace(/^\n+|\s+$/g, "");
}

/** The same, as lines (nothing rendered: none). */
export async function wordLines(template: Template[] | undefined, scope: FigureScope, as: "markdown" | "text" = "markdown") {
  const s = await renderWords(template, scope, as);
  return s ? s.split("\n") : [];
}
