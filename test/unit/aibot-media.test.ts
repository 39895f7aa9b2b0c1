import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptAibotFile } from "../../src/aibot/media.js";

function encrypt(data: Buffer, key: Buffer, padTo = 32): Buffer {
  const pad = padTo - (data.length % padTo);
  const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.concat([data, Buffer.alloc(pad, pad)])), c.final()]);
}

describe("the intelligent bot's file decryption", () => {
  it("undoes AES-256-CBC with the key's first 16 bytes as IV and PKCS#7 padding to 32 bytes", () => {
    const key = randomBytes(32);
    for (const n of [0, 1, 31, 32, 33, 1000]) {
      const data = randomBytes(n);
      expect(decryptAibotFile(encrypt(data, key), key.toString("base64")).equals(data)).toBe(true);
    }
  });

  it("refuses a wrong key, a key of the wrong length, and padding that does not hold", () => {
    const key = randomBytes(32);
    const sealed = encrypt(Buffer.from("照片"), key);
    // A wrong key gives garbage: refused by its padding, or (rarely, when the garbage pads by chance) not the photo.
    let opened: Buffer | null = null;
    try {
      opened = decryptAibotFile(sealed, randomBytes(32).toString("base64"));
    } catch {
      opened = null;
    }
    expect(opened?.toString("utf8")).not.toBe("照片");
    expect(() => decryptAibotFile(sealed, randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
    // 16-byte PKCS#7 (what Node pads to by default) is not WeCom's 32: a pad of 17–32 bytes is needed when it applies.
    const bad = Buffer.concat([Buffer.alloc(31, 7), Buffer.from([40])]);
    const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
    c.setAutoPadding(false);
    expect(() => decryptAibotFile(Buffer.concat([c.update(bad), c.final()]), key.toString("base64"))).toThrow(/padding/);
  });
});
