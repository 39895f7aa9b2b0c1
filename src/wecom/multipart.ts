/**
 * The multipart body of a media upload, written by hand: WeCom's parser wants
 * the file name as raw UTF-8 inside `filename="…"` (as curl sends it) and
 * mangles or refuses RFC 2231's `filename*=` (next-features.md 1a), so the
 * bytes are ours rather than a FormData implementation's choice.
 */
import { randomBytes } from "node:crypto";

/** A name safe inside the quotes: no quote, backslash, line break or other control character; at most 120 characters. */
export function safeFileName(name: string): string {
  const cleaned = [...name]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || '"\\/'.includes(ch) ? "_" : ch))
    .join("")
    .trim()
    .slice(0, 120);
  return cleaned || "file";
}

export function mediaBody(filename: string, data: Buffer, contentType: string): { body: Buffer; contentType: string } {
  const boundary = `----wecom-edu-bot-${randomBytes(12).toString("hex")}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="media"; filename="${safeFileName(filename)}"; filelength=${data.length}\r\n` +
    `Content-Type: ${contentType}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head, "utf8"), data, Buffer.from(`\r\n--${boundary}--\r\n`, "utf8")]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
