/**
 * The multipart body of a media upload, written by hand: WeCom's parser wants
 * the file name as raw UTF-8 inside `filename="…"` (as curl sends it) and
 * mangles or refuses RFC 2231's `filename*=` (docs/wecom/next-features.md 1a), so the
 * bytes are ours rather than a FormData implementation's choice.
 */
import { randomBytes } from "node:crypto";
import { safeFileName } from "../chat/file-name.js";

export function mediaBody(filename: string, data: Buffer, contentType: string): { body: Buffer; contentType: string } {
  const boundary = `----wecom-edu-bot-${randomBytes(12).toString("hex")}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="media"; filename="${safeFileName(filename)}"; filelength=${data.length}\r\n` +
    `Content-Type: ${contentType}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head, "utf8"), data, Buffer.from(`\r\n--${boundary}--\r\n`, "utf8")]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
