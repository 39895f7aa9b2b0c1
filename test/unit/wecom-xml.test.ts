import { describe, expect, it } from "vitest";
import { CallbackSender, newMsgId } from "../../src/sim/callback-sender.js";
import { WeComCryptoError } from "../../src/wecom/crypto.js";
import { outerEncrypt, parseXml } from "../../src/wecom/xml.js";
import { worstShapes } from "../support/hostile.js";
import { charactersScanned } from "../support/scan-meter.js";

const corp = {
  corpId: "ww1234567890abcdef",
  agentId: "1000002",
  secret: "s",
  token: "T0kenValue",
  encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
};

/** What reading may examine: a few passes over the body, whatever its shape (a linear reader, not a timed one). */
const PASSES = 10;

describe("reading callback XML in linear time", () => {
  const sender = new CallbackSender({ url: "http://127.0.0.1/", ...corp });
  // A genuine callback as large as the body limit allows: a 40 KB text message.
  const genuinePlain = sender.textXml("t_p1", "安".repeat(13_000), newMsgId());
  const genuine = sender.seal(genuinePlain).body;

  it("reads the Encrypt value of a genuine envelope, examining each character a few times at most", () => {
    expect(genuine.length).toBeGreaterThan(40_000);
    expect(outerEncrypt(genuine)).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(charactersScanned(() => outerEncrypt(genuine))).toBeLessThan(PASSES * genuine.length);
    expect(charactersScanned(() => parseXml(genuinePlain))).toBeLessThan(PASSES * genuinePlain.length);
  });

  it("sees a reader that searches again from every position (the meter can fail)", () => {
    const quadratic = (b: string) => {
      let n = 0;
      for (let i = 0; i < b.length; i += 10) if (b.indexOf("]]>", i) >= 0) n++;
      return n;
    };
    expect(charactersScanned(() => quadratic(genuine))).toBeGreaterThan(100 * PASSES * genuine.length);
  });

  it.each(worstShapes().map((s) => [s.name, s.body]))("refuses %s before the signature in a few passes over it", (_n, body) => {
    expect(body.length).toBeGreaterThan(60_000);
    expect(() => outerEncrypt(body)).toThrow(WeComCryptoError);
    // A quadratic reader took ~1 s on the first shapes: thousands of passes.
    expect(charactersScanned(() => outerEncrypt(body))).toBeLessThan(PASSES * body.length);
  });

  it.each(worstShapes().map((s) => [s.name, s.body]))("parses or refuses %s after decryption in a few passes over it", (_n, body) => {
    // Counting entities had searched from every tag to the end of the body: 2,000 passes over 1,024 self-closing tags.
    expect(charactersScanned(() => parseXml(body))).toBeLessThan(PASSES * body.length);
  });

  it("refuses envelopes without one base64 Encrypt in an <xml> root", () => {
    for (const bad of [
      "garbage <<<",
      "<xml><ToUserName>a</ToUserName></xml>",
      "<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>",
      "<xml><Encrypt><![CDATA[a]]]]><![CDATA[>b]]></Encrypt></xml>",
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><xml><Encrypt>&e;</Encrypt></xml>',
    ])
      expect(() => outerEncrypt(bad), bad).toThrow(WeComCryptoError);
  });

  it("refuses XML nested deeper than 16 or with more than 1,024 tags", () => {
    expect(() => parseXml(`<xml>${"<a>".repeat(17)}${"</a>".repeat(17)}</xml>`)).toThrow(/deep/);
    expect(() => parseXml(`<xml>${"<a/>".repeat(1100)}</xml>`)).toThrow(/tags/);
    expect(parseXml(`<xml>${"<a>".repeat(10)}x${"</a>".repeat(10)}</xml>`)).toBeTruthy();
  });
});
