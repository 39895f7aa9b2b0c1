/**
 * The floor: per message the same crypto, parsing and database writes as the
 * round trip — verify, decrypt, parse, dedupe claim, the sender's lookup, the
 * conversation write, dedupe done — 50 in flight, without HTTP, routing or forms.
 */
import { openDatabase, type Prisma } from "../../src/db/client.js";
import { WeComCrypto } from "../../src/wecom/crypto.js";
import { claimDelivery, finishDelivery } from "../../src/wecom/dedupe.js";
import { toInboundEvent } from "../../src/wecom/messages.js";
import { parseXml } from "../../src/wecom/xml.js";
import { BENCH_CORP, nextRequest, sealer } from "../lib/messages.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const users = Number(process.env.BENCH_USERS ?? 2000);
const db = await openDatabase(process.env.DATABASE_URL as string, {
  sqliteSynchronous: process.env.SQLITE_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL",
});
const crypto = new WeComCrypto(BENCH_CORP.token, BENCH_CORP.encodingAesKey, BENCH_CORP.corpId);
const sender = sealer();
const people = await db.prisma.person.findMany({ take: users, orderBy: { id: "asc" } });
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
    await claimDelivery(db.prisma, event.id, event.from, now, 10_000);
    const who = await db.prisma.person.findUnique({ where: { useridKey: event.from.toLowerCase() } });
    const state = { v: 1, step, text: event.text } as Prisma.InputJsonValue;
    if (who) {
      await db.prisma.conversation.upsert({
        where: { personId: who.id },
        create: { personId: who.id, state, expiresAt: new Date(now.getTime() + 7_200_000) },
        update: { state, version: { increment: 1 } },
      });
    }
    await finishDelivery(db.prisma, event.id, new Date());
    done++;
  }
}
const t0 = performance.now();
await Promise.all(Array.from({ length: 50 }, (_, i) => loop(i)));
const rate = Math.round(done / ((performance.now() - t0) / 1000));
await db.close();
console.log(JSON.stringify({ rate, messages: done }));
