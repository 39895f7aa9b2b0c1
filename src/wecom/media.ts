/**
 * Downloading a photo a person sent (media/get), bounded in every way an
 * attacker or a broken proxy could stretch it: a size cap read from the
 * stream (never the whole body first), a total deadline (a 1 byte/s body is
 * cut off), no redirects, and only JPEG or PNG by their magic bytes — the
 * Content-Type header is not trusted. WeCom's JSON error answers are small and
 * read as errors.
 */
import type { Readable } from "node:stream";
import type { AxiosInstance } from "axios";

export type MediaRefusal = "too-large" | "not-image" | "timeout" | "redirect" | "untrusted";

/** A download refused for what it is, not for a passing failure: retrying will not help. */
export class MediaRefused extends Error {
  constructor(
    readonly reason: MediaRefusal,
    readonly detail: string,
  ) {
    super(`media refused (${reason}): ${detail}`);
    this.name = "MediaRefused";
  }
}

export type MediaLimits = { maxBytes: number; deadlineMs: number };
export type Media = { data: Buffer; contentType: "image/jpeg" | "image/png" };
/** WeCom answered with an error object instead of the file. */
export type MediaAnswer = { kind: "error"; status: number; body: Buffer } | ({ kind: "media" } & Media);

/** JPEG starts FF D8 FF; PNG with its 8-byte signature. */
export function imageTypeOf(data: Buffer): Media["contentType"] | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "image/jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (data.length >= 8 && png.every((b, i) => data[i] === b)) return "image/png";
  return null;
}

/** Error answers (JSON) are a few hundred bytes. */
const ERROR_MAX_BYTES = 64 * 1024;

/**
 * `opts.url`: another address than media/get (the intelligent bot's image URL); `opts.decode`: what the
 * bytes are before they are checked (the intelligent bot's images come AES-encrypted).
 */
export async function downloadMedia(
  http: AxiosInstance,
  params: Record<string, string>,
  limits: MediaLimits,
  opts: { url?: string; decode?: (body: Buffer) => Buffer } = {},
): Promise<MediaAnswer> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), limits.deadlineMs);
  try {
    const res = await http.get<Readable>(opts.url ?? "/cgi-bin/media/get", {
      params,
      responseType: "stream",
      maxRedirects: 0,
      signal: abort.signal,
      decompress: false,
    });
    const stream = res.data;
    const type = String(res.headers["content-type"] ?? "");
    if (res.status >= 300 && res.status < 400) {
      stream.destroy();
      throw new MediaRefused("redirect", `HTTP ${res.status}`);
    }
    const isError = res.status !== 200 || type.includes("json") || type.startsWith("text/");
    const cap = isError ? ERROR_MAX_BYTES : limits.maxBytes;
    const declared = Number(res.headers["content-length"] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > cap) {
      stream.destroy();
      throw new MediaRefused("too-large", `declared ${declared} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > cap) {
        stream.destroy();
        throw new MediaRefused("too-large", `over ${cap} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    if (isError) return { kind: "error", status: res.status, body: raw };
    let body: Buffer;
    try {
      body = opts.decode ? opts.decode(raw) : raw;
    } catch {
      throw new MediaRefused("not-image", "could not be decrypted");
    }
    const contentType = imageTypeOf(body);
    if (!contentType) throw new MediaRefused("not-image", `not JPEG or PNG (declared ${type || "no type"})`);
    return { kind: "media", data: body, contentType };
  } catch (err) {
    if (abort.signal.aborted && !(err instanceof MediaRefused)) throw new MediaRefused("timeout", `over ${limits.deadlineMs} ms`);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
