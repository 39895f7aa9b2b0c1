/**
 * The raw floor: the per-message work of the data-layer floor (servers/floor.ts) with the database driver
 * alone — no Prisma, no HTTP. Verify + decrypt and parse; the dedupe claim; the conversation's state and
 * version read; its version-checked write (the same form state the bot left for that person); the done
 * mark; the reply sealed. The same statements and the same commit grouping as the project's data layer:
 * on SQLite (better-sqlite3, synchronous as configured) one transaction per 50 messages, as the group
 * commit makes of 50 in flight; on PostgreSQL (pg, a pool of 10 as the app's) 50 messages at a time, the
 * claims in one INSERT and the done marks in one UPDATE as the ledger batches them, each statement
 * committed on its own.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { WeComCrypto } from "../../src/wecom/crypto.js";
import { toInboundEvent } from "../../src/wecom/messages.js";
import { parseXml } from "../../src/wecom/xml.js";
import { BENCH_CORP, nextRequest, sealer, sealReply } from "../lib/messages.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const users = Number(process.env.BENCH_USERS ?? 2000);
const url = process.env.DATABASE_URL as string;
const crypto = new WeComCrypto(BENCH_CORP.token, BENCH_CORP.encodingAesKey, BENCH_CORP.corpId);
const sender = sealer();
/** Prisma's SQLite DateTime text. */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

type Person = { id: number; userid: string; useridKey: string };
type State = Record<string, unknown> & { lastEvent?: { id: string; say: string[] } };

/** What every message does outside the database: the request opened, and the reply sealed. */
function open(userid: string, step: number): { id: string; from: string } | null {
  const { path, body } = nextRequest(sender, userid, step);
  const q = new URLSearchParams(path.split("?")[1]);
  const encrypt = String(parseXml(body).Encrypt);
  crypto.verifySignature(q.get("msg_signature") ?? "", q.get("timestamp") ?? "", q.get("nonce") ?? "", encrypt);
  const event = toInboundEvent(crypto.decrypt(encrypt), new Date());
  return event.kind === "text" ? { id: event.id, from: event.from } : null;
}
const seal = (to: string, step: number) => sealReply(crypto, to, step);
/** The state written: the one the bot left for that person, its last event changed (as the floor's). */
function stateFor(states: Map<number, State>, samples: State[], personId: number, step: number, eventId: string): string {
  const base = states.get(personId) ?? samples[step % Math.max(samples.length, 1)] ?? { v: 1 };
  return JSON.stringify({ ...base, lastEvent: { id: eventId, say: base.lastEvent?.say ?? [`第${step}步`] } });
}

async function sqlite(): Promise<number> {
  const file = url.replace(/^file:/, "");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL"}`);
  db.pragma("busy_timeout = 5000");
  const people = db.prepare('SELECT "id", "userid", "useridKey" FROM "Person" ORDER BY "id" LIMIT ?').all(users) as Person[];
  const left = db.prepare('SELECT "personId", "state" FROM "Conversation"').all() as { personId: number; state: string }[];
  const states = new Map(left.map((c) => [c.personId, JSON.parse(c.state) as State]));
  const samples = [...states.values()];
  const byUserid = new Map(people.map((p) => [p.useridKey, p]));
  const claim = db.prepare(
    'INSERT INTO "InboundDedupe" ("key", "fromUser", "status", "leaseUntil", "receivedAt") VALUES (?, ?, \'processing\', ?, ?) ON CONFLICT DO NOTHING',
  );
  const read = db.prepare('SELECT "state", "version" FROM "Conversation" WHERE "personId" = ?');
  const create = db.prepare('INSERT INTO "Conversation" ("personId", "state", "version", "expiresAt", "updatedAt") VALUES (?, ?, 1, ?, ?)');
  const update = db.prepare(
    'UPDATE "Conversation" SET "state" = ?, "expiresAt" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "personId" = ? AND "version" = ?',
  );
  const mark = db.prepare('UPDATE "InboundDedupe" SET "status" = \'done\', "doneAt" = ?, "reply" = ? WHERE "key" = ?');
  const steps = new Map<number, number>();
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  for (let turn = 0; performance.now() < deadline; turn++) {
    db.exec("BEGIN IMMEDIATE");
    for (let i = 0; i < 50; i++) {
      const person = people[(turn * 50 + i) % people.length] as Person;
      const step = steps.get(person.id) ?? 0;
      steps.set(person.id, step + 1);
      const e = open(person.userid, step);
      if (!e) continue;
      const now = new Date();
      claim.run(e.id, e.from, sqliteTime(new Date(now.getTime() + 10_000)), sqliteTime(now));
      const who = byUserid.get(e.from.toLowerCase());
      if (who) {
        const row = read.get(who.id) as { state: string; version: number } | undefined;
        JSON.parse(row?.state ?? "{}"); // the bot reads the state it will change
        const state = stateFor(states, samples, who.id, step, e.id);
        const expires = sqliteTime(new Date(now.getTime() + 7_200_000));
        if (!row) create.run(who.id, state, expires, sqliteTime(now));
        else update.run(state, expires, sqliteTime(now), who.id, row.version);
      }
      mark.run(sqliteTime(new Date()), `第${step}步`, e.id);
      seal(e.from, step);
      done++;
    }
    db.exec("COMMIT");
  }
  const rate = done / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

async function postgresql(): Promise<number> {
  const pool = new pg.Pool({ connectionString: url });
  const people = (await pool.query('SELECT "id", "userid", "useridKey" FROM "Person" ORDER BY "id" LIMIT $1', [users])).rows as Person[];
  const left = (await pool.query('SELECT "personId", "state" FROM "Conversation"')).rows as { personId: number; state: string }[];
  const states = new Map(left.map((c) => [c.personId, JSON.parse(c.state) as State]));
  const samples = [...states.values()];
  const byUserid = new Map(people.map((p) => [p.useridKey, p]));
  const steps = new Map<number, number>();
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  // 50 messages in flight, grouped as the data layer groups them: one INSERT for the turn's claims, each
  // form step's read and compare-and-set write on its own (through the pool), one UPDATE for the done marks.
  for (let turn = 0; performance.now() < deadline; turn++) {
    const batch: { id: string; from: string; step: number; person: Person }[] = [];
    for (let i = 0; i < 50; i++) {
      const person = people[(turn * 50 + i) % people.length] as Person;
      const step = steps.get(person.id) ?? 0;
      steps.set(person.id, step + 1);
      const e = open(person.userid, step);
      if (e) batch.push({ ...e, step, person });
    }
    const now = new Date();
    const lease = new Date(now.getTime() + 10_000);
    const claimArgs = batch.flatMap((m) => [m.id, m.from, lease, now]);
    const values = batch.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, 'processing', $${i * 4 + 3}, $${i * 4 + 4})`).join(", ");
    await pool.query(
      `INSERT INTO "InboundDedupe" ("key", "fromUser", "status", "leaseUntil", "receivedAt") VALUES ${values} ON CONFLICT DO NOTHING RETURNING "key"`,
      claimArgs,
    );
    await Promise.all(
      batch.map(async (m) => {
        const who = byUserid.get(m.from.toLowerCase());
        if (!who) return;
        const row = (await pool.query('SELECT "state", "version" FROM "Conversation" WHERE "personId" = $1', [who.id])).rows[0] as
          | { state: string; version: number }
          | undefined;
        JSON.parse(row?.state ?? "{}"); // the bot reads the state it will change
        const state = stateFor(states, samples, who.id, m.step, m.id);
        const expires = new Date(now.getTime() + 7_200_000);
        if (!row)
          await pool.query(
            'INSERT INTO "Conversation" ("personId", "state", "version", "expiresAt", "updatedAt") VALUES ($1, $2, 1, $3, $4) ON CONFLICT DO NOTHING',
            [who.id, state, expires, now],
          );
        else
          await pool.query(
            'UPDATE "Conversation" SET "state" = $1, "expiresAt" = $2, "version" = "version" + 1, "updatedAt" = $3 WHERE "personId" = $4 AND "version" = $5',
            [state, expires, now, who.id, row.version],
          );
      }),
    );
    const cases = batch.map((_, i) => `WHEN $${i * 2 + 2} THEN $${i * 2 + 3}`).join(" ");
    const keys = batch.map((_, i) => `$${i * 2 + 2}`).join(", ");
    await pool.query(
      `UPDATE "InboundDedupe" SET "status" = 'done', "doneAt" = $1, "reply" = CASE "key" ${cases} ELSE NULL END WHERE "key" IN (${keys})`,
      [new Date(), ...batch.flatMap((m) => [m.id, `第${m.step}步`])],
    );
    for (const m of batch) seal(m.from, m.step);
    done += batch.length;
  }
  const rate = done / ((performance.now() - t0) / 1000);
  await pool.end();
  return rate;
}

const rate = Math.round(url.startsWith("file:") ? await sqlite() : await postgresql());
console.log(JSON.stringify({ rate }));
