/**
 * Hostile callbacks, shared by the tests and the soak run: fixed nasty bodies
 * (XML bombs, deep nesting, 10 MB, invalid UTF-8, JSON) and fast-check
 * mutations of a properly sealed message (signature, base64, padding,
 * receiveid, timestamp, nonce). None may be accepted or write anything.
 */
import fc from "fast-check";
import { ManualClock } from "../../src/clock.js";
import type { Db } from "../../src/db/client.js";
import { CallbackSender, newMsgId } from "../../src/sim/callback-sender.js";
import { buildXml } from "../../src/wecom/xml.js";

export type Corp = { corpId: string; agentId: string; secret: string; token: string; encodingAesKey: string };
export type RawRequest = { name: string; query: string; body: string | Buffer; contentType?: string };

/** Rows in every table a callback could write: unchanged after a refused request. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const [dedupe, conversations, reports, outbox, audit, photos] = await Promise.all([
    db.inboundDedupe.count(),
    db.conversation.count(),
    db.report.count(),
    db.outbox.count(),
    db.auditLog.count(),
    db.photo.count(),
  ]);
  return { dedupe, conversations, reports, outbox, audit, photos };
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

/** The fixed nasty bodies, each with a valid-looking signed query. */
export function nastyRequests(corp: Corp, url: string): RawRequest[] {
  const sender = new CallbackSender({ url, ...corp });
  const { query } = sender.seal(sender.textXml("t_p1", "x", newMsgId()));
  const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Encrypt>&lol3;</Encrypt></xml>`;
  const external = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>`;
  const deep = `${"<a>".repeat(5000)}x${"</a>".repeat(5000)}`;
  const deepInXml = `<xml><Encrypt>x</Encrypt>${"<b>".repeat(100)}${"</b>".repeat(100)}</xml>`;
  return [
    { name: "XML bomb (billion laughs)", query, body: bomb },
    { name: "external entity", query, body: external },
    { name: "nesting 5,000 deep", query, body: deep },
    { name: "nesting 100 deep beside Encrypt", query, body: deepInXml },
    { name: "10 MB body", query, body: Buffer.alloc(10 * 1024 * 1024, 0x41) },
    {
      name: "invalid UTF-8",
      query,
      body: Buffer.from([0x3c, 0x78, 0x6d, 0x6c, 0x3e, 0xc3, 0x28, 0xff, 0xfe, 0x3c, 0x2f, 0x78, 0x6d, 0x6c, 0x3e]),
    },
    { name: "JSON instead of XML", query, body: JSON.stringify({ encrypt: "abc", msgtype: "text" }), contentType: "application/json" },
    { name: "empty body", query, body: "" },
    { name: "no query at all", query: "", body: buildXml({ Encrypt: "abc" }) },
    { name: "unclosed tags", query, body: "<xml><Encrypt>abc" },
    { name: "CDATA smuggling", query, body: "<xml><Encrypt><![CDATA[a]]]]><![CDATA[>b]]></Encrypt></xml>" },
    ...worstShapes().map((s) => ({ name: `worst shape: ${s.name}`, query, body: s.body })),
  ];
}

/** fast-check: a sealed text message, mutated in one of the ways an attacker or a broken proxy would. */
export function mutatedCallback(corp: Corp, url: string): fc.Arbitrary<RawRequest> {
  const sender = new CallbackSender({ url, ...corp });
  const other = new CallbackSender({ url, ...corp, corpId: "wwanothercorp0000001" });
  const mutateAt = (s: string, pos: number, alphabet: string, pick: number) => {
    const i = pos % s.length;
    const c = alphabet[(alphabet.indexOf(s[i] ?? alphabet[0] ?? "A") + 1 + (pick % (alphabet.length - 1))) % alphabet.length] ?? "A";
    return s.slice(0, i) + c + s.slice(i + 1);
  };
  return fc
    .record({
      how: fc.constantFrom("signature", "base64", "truncate", "extend", "receiveid", "timestamp", "nonce", "swap-encrypt", "unicode"),
      text: fc.string({ unit: "grapheme", maxLength: 40 }),
      pos: fc.nat(),
      pick: fc.nat(),
      shift: fc.integer({ min: 11 * 60, max: 10 ** 9 }),
      junk: fc.string({ unit: "binary", minLength: 1, maxLength: 20 }),
    })
    .map(({ how, text, pos, pick, shift, junk }) => {
      const { query, body } = sender.seal(sender.textXml("t_p1", text || "x", newMsgId()));
      const q = new URLSearchParams(query);
      const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(body)?.[1] ?? "";
      const withEncrypt = (e: string) => body.replace(encrypt, e);
      switch (how) {
        case "signature":
          q.set("msg_signature", mutateAt(q.get("msg_signature") ?? "", pos, "0123456789abcdef", pick));
          return { name: how, query: q.toString(), body };
        case "base64":
          return { name: how, query, body: withEncrypt(mutateAt(encrypt, pos, B64, pick)) };
        case "truncate":
          return { name: how, query, body: withEncrypt(encrypt.slice(0, pos % encrypt.length)) };
        case "extend":
          return { name: how, query, body: withEncrypt(encrypt + B64[pick % B64.length]) };
        case "receiveid": {
          const forged = other.seal(other.textXml("t_p1", text || "x", newMsgId()));
          return { name: how, query: forged.query, body: forged.body };
        }
        case "timestamp": {
          // Properly signed, but too old or too far ahead.
          const skew = (pick % 2 ? shift : -shift) * 1000;
          const signer = new CallbackSender({ url, ...corp, clock: new ManualClock(Date.now() + skew) });
          const sealed = signer.seal(signer.textXml("t_p1", text || "x", newMsgId()));
          return { name: how, query: sealed.query, body: sealed.body };
        }
        case "nonce":
          q.set("nonce", `${q.get("nonce") ?? ""}${pick % 10}`);
          return { name: how, query: q.toString(), body };
        case "swap-encrypt": {
          const another = sender.seal(sender.textXml("t_p2", "别人的", newMsgId()));
          return { name: how, query: another.query, body };
        }
        default:
          return { name: how, query, body: withEncrypt(encrypt.slice(0, pos % encrypt.length) + junk) };
      }
    });
}

/** Posts one raw request; status 0 when the connection failed. */
export async function postRaw(url: string, r: RawRequest): Promise<number> {
  try {
    const res = await fetch(r.query ? `${url}?${r.query}` : url, {
      method: "POST",
      headers: { "content-type": r.contentType ?? "application/xml" },
      body: r.body,
      signal: AbortSignal.timeout(15_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Bytes of the callback body limit, less room for the query: the largest hostile body that reaches the parser. */
const FILL = 64 * 1024 - 64;
const fill = (unit: string, head = "<xml>", tail = "") =>
  head + unit.repeat(Math.floor((FILL - head.length - tail.length) / unit.length)) + tail;

/**
 * Body shapes that cost a naive XML reader more than linear time (unclosed
 * tags, unterminated sections, runs of one character), each as large as the
 * size limit allows. Each is refused, and must be refused about as fast as a
 * request with a bad signature.
 */
export function worstShapes(): { name: string; body: string }[] {
  return [
    { name: "one unclosed tag name (<xml><aaaa…)", body: fill("a", "<xml><") },
    { name: "unclosed tags (<a<a<a…)", body: fill("<a") },
    { name: "a run of <", body: fill("<", "") },
    { name: "unterminated CDATA sections", body: fill("<![CDATA[") },
    { name: "unterminated comments", body: fill("<!--") },
    { name: "unterminated instructions", body: fill("<?") },
    { name: "an unterminated attribute value", body: fill("x", '<xml><a b="') },
    { name: "opening tags only", body: fill("<a>") },
    { name: "closing tags only", body: fill("</a>", "<xml>", "</xml>") },
    { name: "self-closing tags", body: fill("<a/>", "<xml>", "</xml>") },
    { name: "Encrypt opened again and again", body: fill("<Encrypt>", "<xml>", "</xml>") },
    { name: "base64 ending in a bad character", body: fill("A", "<xml><Encrypt>", "!</Encrypt></xml>") },
    { name: "entities", body: fill("&amp;", "<xml><Encrypt>", "</Encrypt></xml>") },
    { name: "attributes without values", body: fill(" a", "<xml><Encrypt", "></Encrypt></xml>") },
    { name: "whitespace", body: fill(" ", "", "<xml></xml>") },
  ];
}
