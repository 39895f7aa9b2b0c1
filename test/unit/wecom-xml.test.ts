import { describe, expect, it } from "vitest";
import { CallbackSender, newMsgId } from "../../src/sim/callback-sender.js";
import { WeComCryptoError } from "../../src/wecom/crypto.js";
import { outerEncrypt, parseXml } from "../../src/wecom/xml.js";
import { worstShapes } from "../support/hostile.js";

const corp = {
  corpId: "ww1234567890abcdef",
  agentId: "1000002",
  secret: "s",
  token: "T0kenValue",
  encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
};

/** The best of several runs, in ms: what the work costs, without the noise of a busy machine. */
function cost(work: () => unknown, runs = 7): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    try {
      work();
    } catch {
      // refusals are what we time
    }
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

describe("reading callback XML in linear time", () => {
  const sender = new CallbackSender({ url: "http://127.0.0.1/", ...corp });
  // A genuine callback as large as the body limit allows: a 40 KB text message.
  const genuinePlain = sender.textXml("t_p1", "安".repeat(13_000), newMsgId());
  const genuine = sender.seal(genuinePlain).body;

  it("reads the Encrypt value of a genuine envelope", () => {
    expect(genuine.length).toBeGreaterThan(40_000);
    expect(outerEncrypt(genuine)).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it.each(worstShapes().map((s) => [s.name, s.body]))(
    "refuses %s before the signature, as cheaply as reading a genuine envelope",
    (_n, body) => {
      expect(body.length).toBeGreaterThan(60_000);
      expect(() => outerEncrypt(body)).toThrow(WeComCryptoError);
      // Ratios measured in one run: a quadratic reader took ~1 s on the first shapes, 10,000× the genuine envelope.
      const floor = Math.max(
        cost(() => outerEncrypt(genuine)),
        0.05,
      );
      expect(cost(() => outerEncrypt(body))).toBeLessThan(floor * 50);
    },
  );

  it.each(worstShapes().map((s) => [s.name, s.body]))(
    "parses or refuses %s after decryption in time of the order of a genuine message",
    (_n, body) => {
      const floor = Math.max(
        cost(() => parseXml(genuinePlain)),
        0.05,
      );
      expect(cost(() => parseXml(body))).toBeLessThan(floor * 100);
    },
  );

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
