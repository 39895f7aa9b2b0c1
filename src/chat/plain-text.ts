/**
 * What a person typed or an operator imported, made inert wherever the bot
 * shows it. WeCom Markdown would otherwise turn it into @mentions
 * (`<@userid>`), colours (`<font>`), links (`[…](…)`), headings, quotes,
 * bold or code; WeCom text messages turn `<a href>` into links. Each such
 * character becomes its full-width twin (it reads the same to a person) and
 * line breaks become spaces, so only the bot's own templates add markup.
 */
const MARKUP: Record<string, string> = {
  "<": "＜",
  ">": "＞",
  "[": "［",
  "]": "］",
  "(": "（",
  ")": "）",
  "*": "＊",
  "`": "｀",
  "&": "＆",
  "~": "～",
  "|": "｜",
};
const MARKUP_CHARS = /[<>[\]()*`&~|]/g;
/** What Markdown reads at the start of a line: a heading, a list item ("- ", "+ "), a numbered item ("1. "). */
const LINE_START = /^(\s*)(?:(#+)|([-+=])(?=\s)|(\d+)\.(?=\s))/;
const FULL_WIDTH: Record<string, string> = { "-": "－", "+": "＋", "=": "＝" };

/** Text for WeCom Markdown: no mention, link, colour, heading, quote or emphasis can come from it. */
export function mdText(value: unknown): string {
  return String(value ?? "")
    .replace(/[\r\n\u2028\u2029\u0085\v\f]+/g, " ")
    .replace(MARKUP_CHARS, (c) => MARKUP[c] ?? c)
    .replace(LINE_START, (_m, space: string, hash?: string, mark?: string, digits?: string) =>
      digits !== undefined ? `${space}${digits}．` : `${space}${hash ? "＃".repeat(hash.length) : (FULL_WIDTH[mark ?? ""] ?? "")}`,
    );
}

/** Text for a WeCom text message (plain except for `<a href>` links, which the bot never sends): no tag survives. */
export function textMessage(content: string): string {
  return content.replace(/</g, "＜");
}
