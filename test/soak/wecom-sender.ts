/**
 * Delivers callbacks the way WeCom does: an attempt that brings no 200 within
 * 5 s (or a refused connection, or a 5xx) is followed by another 5 s after the
 * previous one began, three attempts in all; the same MsgId each time.
 * Each attempt on a new connection, as WeCom's are (a pooled socket to a
 * killed process would fail for reasons WeCom never meets). Counts what
 * happened, for the soak table.
 */
import http from "node:http";
import { CallbackSender, newMsgId } from "../../src/sim/callback-sender.js";
import { SOAK_CORP } from "./world.js";

export const WECOM_DEADLINE_MS = 5_000;
export const WECOM_ATTEMPTS = 3;

export type Outcome = {
  msgId: string;
  from: string;
  text: string;
  /** The answer WeCom kept: status and passive reply (null: an empty 200, or no 200 at all). */
  status: number;
  reply: string | null;
  attempts: number;
  statuses: number[];
  /** How long each refused attempt took to be answered (ms), e.g. 503s in a database outage. */
  refusalMs: number[];
};

export class WeComSender {
  readonly sender: CallbackSender;
  readonly outcomes: Outcome[] = [];

  constructor(private readonly url: string) {
    this.sender = new CallbackSender({ url: `${url}/wecom/callback`, ...SOAK_CORP });
  }

  /** One attempt: the status (0 when the connection failed or no answer came in time) and the body. */
  post(query: string, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
    return new Promise((resolve) => {
      const req = http.request(
        `${this.url}/wecom/callback?${query}`,
        { method: "POST", agent: false, headers: { "content-type": "application/xml" }, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", () => resolve({ status: 0, text: "" }));
        },
      );
      req.on("timeout", () => req.destroy());
      req.on("error", () => resolve({ status: 0, text: "" }));
      req.end(body);
    });
  }

  async deliver(from: string, text: string): Promise<Outcome> {
    const msgId = newMsgId();
    const { query, body } = this.sender.seal(this.sender.textXml(from, text, msgId));
    const outcome: Outcome = { msgId, from, text, status: 0, reply: null, attempts: 0, statuses: [], refusalMs: [] };
    for (let attempt = 1; attempt <= WECOM_ATTEMPTS; attempt++) {
      const began = performance.now();
      outcome.attempts = attempt;
      const r = await this.post(query, body, WECOM_DEADLINE_MS);
      outcome.statuses.push(r.status);
      if (r.status === 200) {
        outcome.status = 200;
        outcome.reply = this.sender.openPassive(r.text).passive;
        break;
      }
      if (r.status !== 0) outcome.refusalMs.push(performance.now() - began);
      const wait = began + WECOM_DEADLINE_MS - performance.now();
      if (attempt < WECOM_ATTEMPTS && wait > 0) await new Promise((res) => setTimeout(res, wait));
    }
    this.outcomes.push(outcome);
    return outcome;
  }
}
