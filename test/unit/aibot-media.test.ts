import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptAibotFile, isPrivateAddress, publicOnlyLookup, refuseImageUrl } from "../../src/aibot/media.js";

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

describe("where the intelligent bot fetches a photo from", () => {
  it.each([
    ["https://ww-aibot-img-1258476243.cos.ap-guangzhou.myqcloud.com/BHoPdA3/7571665296904772241?sign=x", null],
    ["http://ww-aibot-img-1258476243.cos.ap-guangzhou.myqcloud.com/a", "http: is not https"],
    ["https://user:pw@ww-aibot-img-1.cos.ap-guangzhou.myqcloud.com/a", "credentials in the URL"],
    ["https://ww-aibot-img-1.cos.ap-guangzhou.myqcloud.com:8443/a", "port 8443"],
    ["https://127.0.0.1/a.png", "host 127.0.0.1 is not WeCom's"],
    ["https://0x7f000001/a.png", "host 127.0.0.1 is not WeCom's"],
    ["https://[::1]/a.png", "host [::1] is not WeCom's"],
    ["https://evil.example.com/a.png", "host evil.example.com is not WeCom's"],
    [
      "https://ww-aibot-img-1.cos.ap-guangzhou.myqcloud.com.evil.com/a",
      "host ww-aibot-img-1.cos.ap-guangzhou.myqcloud.com.evil.com is not WeCom's",
    ],
    ["file:///etc/passwd", "file: is not https"],
  ])("%s → %s", (url, reason) => {
    expect(refuseImageUrl(url)).toBe(reason);
  });

  it("trusts exactly the origins it is given (the fake's), nothing more", () => {
    const trusted = new Set(["http://127.0.0.1:4000"]);
    expect(refuseImageUrl("http://127.0.0.1:4000/img/1", trusted)).toBeNull();
    expect(refuseImageUrl("http://127.0.0.1:4001/img/1", trusted)).toBe("http: is not https");
  });

  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "fd00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
  ])("knows %s is not a public address", (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it("knows a public address", () => {
    for (const ip of ["119.29.29.29", "183.3.226.35", "2402:4e00::"]) expect(isPrivateAddress(ip)).toBe(false);
  });

  it("refuses to connect to a name that resolves to a private address (localhost)", async () => {
    const err = await new Promise<Error | null>((resolve) => publicOnlyLookup("localhost", {}, (e) => resolve(e)));
    expect(err?.message).toContain("private address");
  });
});
