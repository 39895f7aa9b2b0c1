/**
 * The floor: per message the same crypto, parsing and database writes as the
 * round trip — verify, decrypt, parse; the dedupe claim (batched per
 * event-loop turn, as the receiver does); the conversation write (the form
 * state the bot itself left for that person, so the same bytes); the dedupe
 * mark; the reply sealed — 50 in flight, without HTTP, routing or forms.
 * BENCH_FLOOR_READ=1 adds the one read a form step cannot do without: the
 * conversation's state and version, which its compare-and-set write needs.
 * (The sender's roster record is not read: the bot remembers it.)
 */

import { DeliveryLedger } from "../../src/chat/dedupe.js";
import { openDatabase } from "../../src/db/client.js";
import { WeComCrypto } from "../../src/wecom/crypto.js";
import { toInboundEvent } from "../../src/wecom/messages.js";
import { parseXml } from "../../src/wecom/xml.js";
import { BENCH_CORP, nextRequest, sealer, sealReply } from "../lib/messages.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const users = Number(process.env.BENCH_USERS ?? 2000);
const db = await openDatabase(process.env.DATABASE_URL as string, {
  sqliteSynchronous: process.env.SQLITE_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL",
});
const crypto = new WeComCrypto(BENCH_CORP.token, BENCH_CORP.encodingAesKey, BENCH_CORP.corpId);
const ledger = new DeliveryLedger(db.prisma);
const sender = sealer();
const withRead = process.env.BENCH_FLOOR_READ === "1";
const people = await db.prisma.person.findMany({ take: users, orderBy: { id: "asc" } });
const byUserid = new Map(people.map((p) => [p.useridKey, p]));
// The writes-only floor knows each conversation's version from the start (the round trip left some).
const left = await db.prisma.conversation.findMany({ select: { personId: true, version: true, state: true } });
const versions = new Map(left.map((c) => [c.personId, c.version]));
// The same writes as the round trip: each person's form state as the bot left it (400-1,200 bytes of
// JSON: answers, cursor, history, the last reply), or another person's where the bot left none.
type State = Record<string, unknown> & { lastEvent?: { id: string; say: string[] } };
const states = new Map(left.map((c) => [c.personId, JSON.parse(c.state) as State]));
const samples = [...states.values()];
/** Written as the bot writes it: the JSON text of the state. */
function stateFor(personId: number, step: number, eventId: string): string {
  const base = states.get(personId) ?? samples[step % Math.max(samples.length, 1)] ?? { v: 1 };
  return JSON.stringify({ ...base, lastEvent: { id: eventId, say: base.lastEvent?.say ?? [`第${step}步`] } });
}
let done = 0;
const deadline = performance.now() + seconds * 1000;
async function loop(slot: number) {
  const person = people[slot % people.length];
  if (!person) return;
  for (let step = 0; performance.now() < deadline; step++) {
    const { path, body } = nextRequest(sender, person.userid, step);
    const q = new URLSearchParams(path.split("?")[1]);
    const encrypt = String(parseXml(body).Encrypt);
    crypto.verifySignature(q.get("msg_signature") ?? "", q.get("timestamp") ?? "", q.get("nonce") ?? "", encrypt);
    const event = toInboundEvent(crypto.decrypt(encrypt), new Date());
    if (event.kind !== "text") continue;
    const now = new Date();
    await ledger.claim(event.id, event.from, now, 10_000);
    const who = byUserid.get(event.from.toLowerCase());
    if (who) {
      const state = stateFor(who.id, step, event.id);
      const expiresAt = new Date(now.getTime() + 7_200_000);
      const version = withRead
        ? (await db.prisma.conversation.findUnique({ where: { personId: who.id }, select: { version: true } }))?.version
        : versions.get(who.id);
      if (version === undefined) {
        await db.prisma.conversation.create({ data: { personId: who.id, state, expiresAt } });
        versions.set(who.id, 1);
      } else {
        await db.prisma.conversation.updateMany({
          where: { personId: who.id, version },
          data: { state, expiresAt, version: { increment: 1 } },
        });
        versions.set(who.id, version + 1);
      }
    }
    void ledger.finish(event.id, new Date()); // as the receiver: the answer does not wait for the done mark
    sealReply(crypto, event.from, step);
    done++;
  }
}
const t0 = performance.now();
await Promise.all(Array.from({ length: 50 }, (_, i) => loop(i)));
const rate = Math.round(done / ((performance.now() - t0) / 1000));
await db.close();
console.log(JSON.stringify({ rate, messages: done }));
