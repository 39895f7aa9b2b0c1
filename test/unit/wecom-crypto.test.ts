import { createCipheriv } from "node:crypto";
import * as official from "@wecom/crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CRYPTO_ERRORS, WeComCrypto, WeComCryptoError } from "../../src/wecom/crypto.js";
import { vectorSets } from "../support/wecom-fixtures.js";

const SEED = 20221;
const cases = vectorSets.flatMap((set) => set.cases.map((c) => ({ set, c })));

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof WeComCryptoError) return err.code;
    throw err;
  }
  return undefined;
}

describe("the official test vectors", () => {
  it.each(cases.map(({ set, c }) => [c.name, set, c] as const))("%s: the signature verifies and the plaintext decrypts", (_n, set, c) => {
    const crypto = new WeComCrypto(set.token, set.encodingAesKey, set.receiveId);
    expect(crypto.signature(c.timestamp, c.nonce, c.encrypt)).toBe(c.msgSignature);
    expect(() => crypto.verifySignature(c.msgSignature, c.timestamp, c.nonce, c.encrypt)).not.toThrow();
    const plain = crypto.decrypt(c.encrypt);
    if (c.plaintext !== undefined) expect(plain).toBe(c.plaintext);
    else expect(plain.length).toBeGreaterThan(0);
    if (c.urlEncodedEchostr) expect(decodeURIComponent(c.urlEncodedEchostr)).toBe(c.encrypt);
  });

  it("A2's POST body carries the same Encrypt the signature covers", () => {
    const a2 = cases.find(({ c }) => c.name.startsWith("A2"))?.c;
    expect(a2?.body).toContain(`<Encrypt><![CDATA[${a2?.encrypt}]]></Encrypt>`);
  });

  it("refuses each vector under another set's receiveid with −40005", () => {
    for (const { set, c } of cases) {
      const crypto = new WeComCrypto(set.token, set.encodingAesKey, `${set.receiveId}x`);
      expect(codeOf(() => crypto.decrypt(c.encrypt))).toBe(CRYPTO_ERRORS.ValidateCorpidError);
    }
  });
});

describe("round trips against the official @wecom/crypto library", () => {
  const set = vectorSets[1] ?? vectorSets[0];
  if (!set) throw new Error("no vectors");
  const ours = new WeComCrypto(set.token, set.encodingAesKey, set.receiveId);
  const chinese = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)), maxLength: 3400 });
  const payload = fc.oneof(chinese, fc.string({ unit: "grapheme", maxLength: 2500 }), fc.string({ maxLength: 10_000 }));

  it("decrypts what the official library encrypts (Chinese payloads up to 10 KB)", () => {
    fc.assert(
      fc.property(payload, (msg) => {
        const enc = official.encrypt(set.encodingAesKey, msg, set.receiveId);
        expect(ours.decrypt(enc)).toBe(msg);
        expect(ours.signature("1409659813", "1372623149", enc)).toBe(official.getSignature(set.token, "1409659813", "1372623149", enc));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("encrypts what the official library decrypts", () => {
    fc.assert(
      fc.property(payload, (msg) => {
        const out = official.decrypt(set.encodingAesKey, ours.encrypt(msg));
        expect(out.message).toBe(msg);
        expect(out.id).toBe(set.receiveId);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("covers payloads of about 10 KB in UTF-8", () => {
    const big = "溧阳市教育局".repeat(570); // 10,260 bytes
    expect(Buffer.byteLength(big)).toBeGreaterThan(10_000);
    expect(ours.decrypt(official.encrypt(set.encodingAesKey, big, set.receiveId))).toBe(big);
  });
});

describe("strict decryption", () => {
  const set = vectorSets[0];
  if (!set) throw new Error("no vectors");
  const crypto = new WeComCrypto(set.token, set.encodingAesKey, set.receiveId);
  const key = Buffer.from(`${set.encodingAesKey}=`, "base64");
  /** Encrypts a raw plaintext block sequence exactly as given (no padding added). */
  const raw = (plain: Buffer) => {
    const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
    c.setAutoPadding(false);
    return Buffer.concat([c.update(plain), c.final()]).toString("base64");
  };
  const body = (msg: string, id = set.receiveId, lengthField?: number) => {
    const m = Buffer.from(msg);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(lengthField ?? m.length);
    return Buffer.concat([Buffer.alloc(16, 7), len, m, Buffer.from(id)]);
  };
  const padded = (b: Buffer, padByte?: (i: number, n: number) => number) => {
    const n = 32 - (b.length % 32);
    return Buffer.concat([b, Buffer.from(Array.from({ length: n }, (_, i) => (padByte ? padByte(i, n) : n)))]);
  };

  it("accepts a well-formed plaintext built by hand", () => {
    expect(crypto.decrypt(raw(padded(body("hello"))))).toBe("hello");
  });

  it("rejects a pad value above 32 or zero with −40007", () => {
    const b = padded(body("hello"));
    b[b.length - 1] = 0;
    expect(codeOf(() => crypto.decrypt(raw(b)))).toBe(CRYPTO_ERRORS.DecryptAESError);
    b[b.length - 1] = 33;
    expect(codeOf(() => crypto.decrypt(raw(b)))).toBe(CRYPTO_ERRORS.DecryptAESError);
  });

  it("rejects padding whose bytes are not all equal to the pad value with −40007", () => {
    const b = padded(body("hello!"), (i, n) => (i === 0 ? (n + 1) % 256 : n));
    expect(codeOf(() => crypto.decrypt(raw(b)))).toBe(CRYPTO_ERRORS.DecryptAESError);
  });

  it("rejects a length field past the end with −40008", () => {
    expect(codeOf(() => crypto.decrypt(raw(padded(body("hello", set.receiveId, 5000)))))).toBe(CRYPTO_ERRORS.IllegalBuffer);
  });

  it("rejects a receiveid that is not ours with −40005", () => {
    expect(codeOf(() => crypto.decrypt(raw(padded(body("hello", "wwsomeoneelse")))))).toBe(CRYPTO_ERRORS.ValidateCorpidError);
  });

  it("rejects non-base64 and ragged ciphertext with −40010 and −40008", () => {
    expect(codeOf(() => crypto.decrypt("not base64!!"))).toBe(CRYPTO_ERRORS.DecodeBase64Error);
    expect(codeOf(() => crypto.decrypt(Buffer.alloc(40, 1).toString("base64")))).toBe(CRYPTO_ERRORS.IllegalBuffer);
  });

  it("rejects a message that is not UTF-8 with −40008", () => {
    const b = Buffer.concat([Buffer.alloc(16), Buffer.from([0, 0, 0, 2, 0xff, 0xfe]), Buffer.from(set.receiveId)]);
    expect(codeOf(() => crypto.decrypt(raw(padded(b))))).toBe(CRYPTO_ERRORS.IllegalBuffer);
  });

  it("rejects a wrong or truncated signature with −40001", () => {
    const c = set.cases[0];
    if (!c) throw new Error("no case");
    expect(codeOf(() => crypto.verifySignature(c.msgSignature.replace(/.$/, "0"), c.timestamp, c.nonce, c.encrypt))).toBe(
      CRYPTO_ERRORS.ValidateSignatureError,
    );
    expect(codeOf(() => crypto.verifySignature(c.msgSignature.slice(0, 10), c.timestamp, c.nonce, c.encrypt))).toBe(
      CRYPTO_ERRORS.ValidateSignatureError,
    );
    expect(codeOf(() => crypto.verifySignature("", c.timestamp, c.nonce, c.encrypt))).toBe(CRYPTO_ERRORS.ValidateSignatureError);
  });

  it("refuses an EncodingAESKey that is not 43 base64 characters with −40004", () => {
    expect(codeOf(() => new WeComCrypto("t", "short", "id"))).toBe(CRYPTO_ERRORS.IllegalAesKey);
  });
});
