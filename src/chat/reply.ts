/** What the bot answers: one or more messages to the person who wrote. */
export type Reply = { type: "text"; content: string } | { type: "markdown"; content: string };

export const text = (content: string): Reply => ({ type: "text", content });
export const markdown = (content: string): Reply => ({ type: "markdown", content });

/** The most one message may answer: about ten WeCom messages' worth, whatever a list grows to. */
export const REPLY_MAX_BYTES = 20_000;

/** Replies cut to REPLY_MAX_BYTES in all, by whole lines, saying that they were. */
export function capReplies(replies: Reply[], cut: (omitted: number) => string): Reply[] {
  let left = REPLY_MAX_BYTES;
  const out: Reply[] = [];
  for (const [i, r] of replies.entries()) {
    const size = Buffer.byteLength(r.content, "utf8");
    if (size <= left) {
      out.push(r);
      left -= size;
      continue;
    }
    const lines = r.content.split("\n");
    const kept: string[] = [];
    for (const line of lines) {
      const n = Buffer.byteLength(line, "utf8") + 1;
      if (n > left) break;
      kept.push(line);
      left -= n;
    }
    const later = replies.slice(i + 1).reduce((n, x) => n + x.content.split("\n").length, 0);
    out.push({ ...r, content: [...kept, cut(lines.length - kept.length + later)].join("\n") });
    break;
  }
  return out;
}
