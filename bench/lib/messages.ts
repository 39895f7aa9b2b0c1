/** The messages the callback bench sends: a real form, answered, cancelled, again — each writes the database. */
import { CallbackSender, newMsgId } from "../../src/sim/callback-sender.js";
import type { WeComCrypto } from "../../src/wecom/crypto.js";
import { buildXml } from "../../src/wecom/xml.js";

export const BENCH_CORP = {
  corpId: "wwbenchcorp000001",
  agentId: "1000002",
  secret: "bench-secret-0123456789abcdef",
  token: "BenchToken42",
  encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
};

/** 安全检查 started, answered nine times, cancelled: 11 messages, every one a conversation write. */
export const SCRIPT = ["安全检查", "是", "否", "3", "3", "3", "100", "100", "0", "跳过", "取消"];

export function sealer(url = "http://127.0.0.1/wecom/callback"): CallbackSender {
  return new CallbackSender({ url, ...BENCH_CORP });
}

/** The next request of a user: path with signature query, and body. */
export function nextRequest(sender: CallbackSender, userid: string, step: number): { path: string; body: string } {
  const text = SCRIPT[step % SCRIPT.length] as string;
  const { query, body } = sender.seal(sender.textXml(userid, text, newMsgId()));
  return { path: `/wecom/callback?${query}`, body };
}

/** The passive reply a floor seals per message, as the receiver does: the reply XML encrypted, signed and wrapped. */
export function sealReply(crypto: WeComCrypto, to: string, step: number): void {
  const ts = String(Math.floor(Date.now() / 1000));
  const reply = buildXml({
    ToUserName: to,
    FromUserName: BENCH_CORP.corpId,
    CreateTime: Number(ts),
    MsgType: "text",
    Content: `第${step}步`,
  });
  const sealed = crypto.seal(reply, ts, "0123456789abcdef");
  buildXml({ Encrypt: sealed.encrypt, MsgSignature: sealed.msgSignature, TimeStamp: ts, Nonce: "0123456789abcdef" });
}
