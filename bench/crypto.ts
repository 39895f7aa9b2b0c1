/** Crypto alone: verify + decrypt per second, ours beside the official @wecom/crypto. */
import { randomBytes } from "node:crypto";
import * as official from "@wecom/crypto";
import { WeComCrypto } from "../src/wecom/crypto.js";

export async function cryptoBench(): Promise<Record<string, number | string>> {
  const token = "BenchToken1";
  const key = randomBytes(32)
    .toString("base64")
    .replace(/[^A-Za-z0-9]/g, "A")
    .slice(0, 43);
  const corp = "wwbench0000000001";
  const ours = new WeComCrypto(token, key, corp);
  const msg = `<xml><ToUserName><![CDATA[${corp}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1648000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[安全检查]]></Content><MsgId>7000000000000000001</MsgId><AgentID>1000002</AgentID></xml>`;
  const samples = Array.from({ length: 200 }, () => {
    const encrypt = ours.encrypt(msg);
    return { encrypt, sig: ours.signature("1648000000", "123456", encrypt) };
  });
  const run = (fn: (s: (typeof samples)[number]) => void) => {
    const n = 100_000;
    for (let i = 0; i < 2000; i++) fn(samples[i % samples.length] as (typeof samples)[number]);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn(samples[i % samples.length] as (typeof samples)[number]);
    return Math.round(n / ((performance.now() - t0) / 1000));
  };
  const oursRate = run((s) => {
    ours.verifySignature(s.sig, "1648000000", "123456", s.encrypt);
    ours.decrypt(s.encrypt);
  });
  const officialRate = run((s) => {
    if (official.getSignature(token, "1648000000", "123456", s.encrypt) !== s.sig) throw new Error("bad signature");
    official.decrypt(key, s.encrypt);
  });
  return {
    "ours verify+decrypt /s": oursRate,
    "@wecom/crypto verify+decrypt /s": officialRate,
    ratio: Math.round((oursRate / officialRate) * 100) / 100,
  };
}
