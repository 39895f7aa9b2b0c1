/**
 * The intelligent bot's images: a URL (valid 5 minutes) and an AES key unique to it (AES-256-CBC, the IV
 * the key's first 16 bytes, PKCS#7 padding to 32 bytes; docs/wecom/cards-and-long-connection.md part A). Kept a few
 * minutes under an id the form stores like a media id; downloaded as the app's photos are — bounded in size
 * and time, no redirects, JPEG or PNG only once decrypted.
 */
import { createDecipheriv } from "node:crypto";
import dns from "node:dns";
import https from "node:https";
import net from "node:net";
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

/**
 * Where WeCom serves the intelligent bot's images: its Tencent COS buckets (ww-aibot-…, as real frames show) and
 * WeCom's own hosts. Any other address in a frame is not fetched — a frame's URL is whatever its sender wrote.
 */
const WECOM_IMAGE_HOSTS = [
  /^ww-aibot-[a-z0-9-]+\.cos\.[a-z0-9-]+\.myqcloud\.com$/i,
  /(^|\.)work\.weixin\.qq\.com$/i,
  /(^|\.)weixin\.qq\.com$/i,
  /(^|\.)wework\.qpic\.cn$/i,
];

/**
 * Why an image address is not fetched, or null when it may be: https only, on the default port, no user or
 * password, a WeCom media host by name (not an address). `trusted`: exact origins also allowed (the simulator's
 * and the tests' fake server, on http://127.0.0.1).
 */
export function refuseImageUrl(raw: string, trusted: ReadonlySet<string> = new Set()): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "not a URL";
  }
  if (trusted.has(u.origin)) return null;
  if (u.protocol !== "https:") return `${u.protocol} is not https`;
  if (u.username || u.password) return "credentials in the URL";
  if (u.port && u.port !== "443") return `port ${u.port}`;
  if (!WECOM_IMAGE_HOSTS.some((h) => h.test(u.hostname))) return `host ${u.hostname} is not WeCom's`;
  return null;
}

/** Addresses a fetch must never reach, whatever a name resolves to: loopback, private, link-local, CGNAT, unspecified. */
const PRIVATE = new net.BlockList();
for (const [a, n] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["224.0.0.0", 3],
] as const)
  PRIVATE.addSubnet(a, n, "ipv4");
for (const [a, n] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  PRIVATE.addSubnet(a, n, "ipv6");

export function isPrivateAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return PRIVATE.check(mapped, "ipv4");
  return PRIVATE.check(ip, net.isIPv6(ip) ? "ipv6" : "ipv4");
}

/** A DNS lookup that refuses a name resolving to a private address: the connection goes to the address checked. */
export const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 4);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || !list.length) return callback(new Error(`${hostname} resolves to a private address`), "", 4);
    const first = list[0] as dns.LookupAddress;
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    return callback(null, first.address, first.family);
  });
};

export class AibotImages {
  readonly #kept = new Map<string, { url: string; aeskey: string; until: number }>();
  readonly #http = axios.create({ validateStatus: () => true, httpsAgent: new https.Agent({ lookup: publicOnlyLookup }) });
  readonly #trusted: ReadonlySet<string>;

  /** `trusted`: exact origins fetched as they are (the simulator's and the tests' fake server). */
  constructor(opts: { trusted?: readonly string[] } = {}) {
    this.#trusted = new Set(opts.trusted ?? []);
  }

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
    const refused = refuseImageUrl(k.url, this.#trusted);
    if (refused) throw new MediaRefused("untrusted", refused);
    const got = await downloadMedia(this.#http, {}, limits, { url: k.url, decode: (b) => decryptAibotFile(b, k.aeskey) });
    if (got.kind !== "media") throw new MediaRefused("not-image", `HTTP ${got.status}`);
    return { data: got.data, contentType: got.contentType };
  }
}
