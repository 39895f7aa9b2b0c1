/**
 * The intelligent bot's images: a URL (valid 5 minutes) and an AES key unique to it (AES-256-CBC, the IV
 * the key's first 16 bytes, PKCS#7 padding to 32 bytes; cards-and-long-connection.md part A). Kept a few
 * minutes under an id the form stores like a media id; downloaded as the app's photos are — bounded in size
 * and time, no redirects, JPEG or PNG only once decrypted.
 */
import { createDecipheriv } from "node:crypto";
import axios from "axios";
import { downloadMedia, type Media, type MediaLimits, MediaRefused } from "../wecom/media.js";

const KEEP_MS = 5 * 60_000;
const KEEP_MAX = 10_000;

export function decryptAibotFile(data: Buffer, aeskey: string): Buffer {
  const key = Buffer.from(aeskey, "base64");
  if (key.length !== 32) throw new Error("aeskey is not 32 bytes");
  const d = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  d.setAutoPadding(false);
  const out = Buffer.concat([d.update(data), d.final()]);
  const pad = out[out.length - 1] ?? 0;
  if (pad < 1 || pad > 32 || pad > out.length || !out.subarray(out.length - pad).every((b) => b === pad)) throw new Error("bad padding");
  return out.subarray(0, out.length - pad);
}

export class AibotImages {
  readonly #kept = new Map<string, { url: string; aeskey: string; until: number }>();
  readonly #http = axios.create({ validateStatus: () => true });

  /** Keeps an image's URL and key; returns the id a form stores for it. */
  keep(msgid: string, url: string, aeskey: string): string {
    if (this.#kept.size >= KEEP_MAX) this.#kept.clear();
    const id = `aibot:${msgid}`;
    this.#kept.set(id, { url, aeskey, until: Date.now() + KEEP_MS });
    return id;
  }

  owns(id: string): boolean {
    return id.startsWith("aibot:");
  }

  async fetch(id: string, limits: MediaLimits): Promise<Media> {
    const k = this.#kept.get(id);
    if (!k || k.until < Date.now()) throw new MediaRefused("timeout", "the image's address has expired");
    if (!/^https?:\/\//.test(k.url)) throw new MediaRefused("redirect", "not an http(s) address");
    const got = await downloadMedia(this.#http, {}, limits, { url: k.url, decode: (b) => decryptAibotFile(b, k.aeskey) });
    if (got.kind !== "media") throw new MediaRefused("not-image", `HTTP ${got.status}`);
    return { data: got.data, contentType: got.contentType };
  }
}
