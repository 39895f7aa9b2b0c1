/**
 * HTML for the dashboard: a tagged template that escapes every value (people's words are text, never
 * markup), `raw` for what this code itself built, and the page around the content. No script: filters
 * are GET forms, charts inline SVG; the stylesheet is a file of ours (CSP `default-src 'self'`).
 */
import { printable } from "../chat/plain-text.js";

export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export const raw = (s: string) => new Raw(s);

/** Escaped, and without control or direction-override characters (a right-to-left override reversed names). */
const escapeHtml = (s: string) =>
  printable(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

function value(v: unknown): string {
  if (v instanceof Raw) return v.html;
  if (Array.isArray(v)) return v.map(value).join("");
  if (v === null || v === undefined || v === false) return "";
  return escapeHtml(String(v));
}

/** html`<p>${name}</p>`: every interpolation escaped, unless it is Raw (or an array of them). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += value(values[i]) + (strings[i + 1] ?? "");
  return new Raw(out);
}

/** Who is signed in, as the header shows them; `all`: they see every unit (the plan is theirs). */
export type Nav = { name: string; unit: string; admin: boolean; all: boolean };

/** The page: title, the person and the way out, the sections, the content. */
export function page(title: string, who: Nav | null, content: Raw): string {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 教育局填报看板</title><link rel="stylesheet" href="/dashboard/style.css"></head>
<body><header><b>教育局填报看板</b>${
    who
      ? html`<nav><a href="/dashboard">总览</a><a href="/dashboard/hazards">隐患台账</a><a href="/dashboard/units">单位</a>${who.admin || who.all ? html`<a href="/dashboard/plan">工作计划</a>` : ""}</nav>
<form method="post" action="/dashboard/logout"><span>${who.name}（${who.unit}）</span><button type="submit">退出</button></form>`
      : ""
  }</header><main><h1>${title}</h1>${content}</main></body></html>`.html;
}
