/**
 * npm run soak — the reliability run: WeCom's retry storm, SIGKILL crashes
 * under load, a 30 s database outage, 100,000 hostile requests, the worst XML
 * shapes beside genuine traffic, replays of done messages, a 100,000-row
 * roster import during traffic, a dashboard login flood beside genuine logins, callbacks beside a storm of
 * dashboard reloads and exports at 20,000 schools, two processes sharing one intelligent bot's connection (one
 * holds it; a kill hands it to the other within the lease), and no secret in any log of it. Runs the bot as a child process, the way production
 * starts it, against a fake WeCom; prints a table; exits 1 if anything failed.
 *
 * SOAK_SEED (default 20221108) fixes every random choice; SOAK_HOSTILE sets
 * how many hostile requests (default 100,000).
 */
import os from "node:os";
import { AIBOT_SOAK_SECRET, aibotTakeoverSection } from "./aibot-takeover.js";
import { crashSection } from "./crash.js";
import { dashboardStormSection, loginFloodSection } from "./dashboard-storm.js";
import { outageSection } from "./db-outage.js";
import { importSection, replaySection, worstBodiesSection } from "./hardening.js";
import { hostileSection } from "./hostile.js";
import { stormSection } from "./storm.js";
import { ROBOT_KEY, SOAK_CORP, startFake } from "./world.js";

const seed = Number(process.env.SOAK_SEED ?? 20221108);
const hostileTotal = Number(process.env.SOAK_HOSTILE ?? 100_000);
const t0 = performance.now();
const fake = await startFake();
const rows: [string, string | number][] = [];
const failures: string[] = [];
const logs: string[] = [];
const seconds = (since: number) => `${Math.round((performance.now() - since) / 1000)} s`;
const say = (line: string) => process.stdout.write(`${line}\n`);

say(`soak: seed ${seed}; ${os.cpus().length} cores; Node ${process.version}`);
try {
  let t = performance.now();
  const storm = await stormSection(fake, 2000);
  logs.push(storm.logs);
  failures.push(...storm.failures);
  rows.push(
    ["retry storm: messages × 4 deliveries at once", `${storm.messages} × 4`],
    ["retry storm: stored / messages answered", `${storm.stored} / ${storm.replies}`],
    ["retry storm: copies answered with the recorded reply", storm.repeated],
    ["retry storm: duration", seconds(t)],
  );
  say(`storm done (${seconds(t)})`);

  t = performance.now();
  const crash = await crashSection(fake, seed);
  logs.push(crash.logs);
  failures.push(...crash.failures);
  rows.push(
    ["crashes (SIGKILL under load) survived", crash.crashes],
    ["crash: restart to ready, ms (each start)", crash.restartMs.map((m) => Math.round(m)).join(", ")],
    ["crash: messages sent / acknowledged (200)", `${crash.messages} / ${crash.acknowledged}`],
    ["crash: acknowledged and stored / answered", `${crash.stored} / ${crash.answered}`],
    ["crash: redeliveries taken over after a crash", crash.takenOver],
    ["crash: messages WeCom gave up on (retyped)", crash.retyped],
    ["crash: forms holding exactly the answers given", `${crash.formsExact} / ${crash.forms}`],
    ["crash: app messages enqueued / delivered / twice", `${crash.appSent} / ${crash.appDelivered} / ${crash.appTwice}`],
    ["crash: app resends dropped by WeCom's duplicate check", crash.appDroppedByWeCom],
    ["crash: robot messages / repeats (≤ 1 per crash)", `${crash.robotSent} / ${crash.robotRepeats}`],
    ["crash: duration", seconds(t)],
  );
  say(`crashes done (${seconds(t)})`);

  t = performance.now();
  const outage = await outageSection(fake);
  logs.push(outage.logs);
  failures.push(...outage.failures);
  rows.push(
    ["db outage: PostgreSQL stopped for", "30 s"],
    ["db outage: messages sent / acknowledged", `${outage.messages} / ${outage.acknowledged}`],
    ["db outage: acknowledged and stored / answered", `${outage.stored} / ${outage.answered}`],
    ["db outage: refused 503 / slowest refusal", `${outage.refused503} / ${outage.slowest503Ms} ms`],
    ["db outage: /readyz 503 while down", outage.readyzDown ? "yes" : "no"],
    ["db outage: database back → /readyz 200", `${outage.recoveryMs} ms`],
    ["db outage: messages WeCom gave up on (retyped)", outage.retyped],
    ["db outage: forms holding exactly the answers given", `${outage.formsExact} / ${outage.forms}`],
    ["db outage: duration", seconds(t)],
  );
  say(`database outage done (${seconds(t)})`);

  t = performance.now();
  const hostile = await hostileSection(fake, hostileTotal, seed);
  logs.push(hostile.logs);
  failures.push(...hostile.failures);
  rows.push(
    ["hostile inputs tried / answered 4xx", `${hostile.tried} / ${hostile.answered4xx}`],
    ["hostile: rows written", hostile.writes],
    ["hostile: duration", seconds(t)],
  );
  say(`hostile input done (${seconds(t)})`);

  t = performance.now();
  const worst = await worstBodiesSection(fake);
  logs.push(worst.logs);
  failures.push(...worst.failures);
  rows.push(
    ["worst XML shapes at full rate (10 connections): sent / not 4xx", `${worst.hostileSent} / ${worst.hostileNot4xx}`],
    ["worst shapes: genuine messages beside them / past 5 s", `${worst.genuine} / ${worst.genuineLate}`],
    ["worst shapes: slowest genuine answer", `${Math.round(worst.genuineSlowestMs)} ms`],
    [
      "worst shape alone (median) / a bad signature (median)",
      `${worst.worstShapeMs.toFixed(1)} ms (${worst.worstShape}) / ${worst.badSignatureMs.toFixed(1)} ms`,
    ],
  );
  say(`worst bodies done (${seconds(t)})`);

  t = performance.now();
  const replay = await replaySection(fake);
  logs.push(replay.logs);
  failures.push(...replay.failures);
  rows.push(
    ["replays of done messages (×2, inside the timestamp window)", replay.replayed],
    ["replays: processed again / answered with the recorded reply", `${replay.reprocessed} / ${replay.answeredAgain}`],
  );
  say(`replays done (${seconds(t)})`);

  t = performance.now();
  const imp = await importSection(fake);
  logs.push(imp.logs);
  failures.push(...imp.failures);
  rows.push(
    ["roster import during traffic: rows / imported", `${imp.rows} / ${imp.imported ? "all" : "NOT ALL"}`],
    ["roster import: duration", `${Math.round(imp.importSeconds)} s`],
    ["roster import: callbacks meanwhile / past 5 s / slowest", `${imp.messages} / ${imp.late} / ${Math.round(imp.slowestMs)} ms`],
  );
  say(`roster import done (${seconds(t)})`);

  t = performance.now();
  const flood = await loginFloodSection(fake);
  logs.push(flood.logs);
  failures.push(...flood.failures);
  rows.push(
    ["dashboard login flood from one address: requests / answered 302", `${flood.flood} / ${flood.flood302}`],
    ["login flood: genuine logins beside it / succeeded", `${flood.genuine} / ${flood.genuineOk}`],
    ["login flood: login rows stored", flood.loginRows],
    ["login flood: duration", seconds(t)],
  );
  say(`login flood done (${seconds(t)})`);

  t = performance.now();
  const storm2 = await dashboardStormSection(fake);
  logs.push(storm2.logs);
  failures.push(...storm2.failures);
  rows.push(
    [
      `dashboard storm at ${storm2.schools.toLocaleString("en-US")} schools for ${storm2.seconds} s: overviews (county / one school) / busy 503`,
      `${storm2.overviews.viewer} / ${storm2.overviews.principal} / ${storm2.overviews.busy}`,
    ],
    [
      "dashboard storm: overview median, county / one school",
      `${storm2.overviews.viewerMedianMs} ms / ${storm2.overviews.principalMedianMs} ms`,
    ],
    [
      "dashboard storm: exports (county month / a school's 106 months) / told to wait 429 / slowest",
      `${storm2.exports.county} / ${storm2.exports.school} / ${storm2.exports.busy} / ${Math.round(storm2.exports.slowestS * 10) / 10} s`,
    ],
    ["dashboard storm: callbacks meanwhile / past 5 s / slowest", `${storm2.callbacks} / ${storm2.late} / ${storm2.slowestMs} ms`],
    ["dashboard storm: duration (seeding included)", seconds(t)],
  );
  say(`dashboard storm done (${seconds(t)})`);

  t = performance.now();
  const takeover = await aibotTakeoverSection(fake);
  logs.push(takeover.logs);
  failures.push(...takeover.failures);
  rows.push(
    [
      "intelligent bot, 2 processes on one PostgreSQL: messages / answered / twice",
      `${takeover.messages} / ${takeover.answered} / ${takeover.answeredTwice}`,
    ],
    ["intelligent bot: most connections subscribed at once / kicks", `${takeover.mostHolders} / ${takeover.kicks}`],
    ["intelligent bot: holder SIGKILLed → the other subscribed", `${Math.round(takeover.killToTakeoverMs / 100) / 10} s`],
    ["intelligent bot: holder stopped cleanly → the other subscribed", `${Math.round(takeover.stopToTakeoverMs / 100) / 10} s`],
    ["intelligent bot: unanswered callbacks redelivered by WeCom", takeover.redelivered],
    ["intelligent bot: forms holding exactly the answers given", `${takeover.formsExact} / ${takeover.forms}`],
    ["intelligent bot: duration", seconds(t)],
  );
  say(`intelligent bot takeover done (${seconds(t)})`);

  // No secret in any log line of the whole run.
  const all = logs.join("");
  const secrets = {
    "corp secret": SOAK_CORP.secret,
    "intelligent bot secret": AIBOT_SOAK_SECRET,
    token: SOAK_CORP.token,
    "AES key": SOAK_CORP.encodingAesKey,
    "robot key": ROBOT_KEY,
  };
  const leaked = Object.entries(secrets).filter(([, v]) => all.includes(v));
  const tokens = fake.fake.issuedTokens.filter((tk) => all.includes(tk));
  if (leaked.length) failures.push(`secrets: ${leaked.map(([k]) => k).join(", ")} in the logs`);
  if (tokens.length) failures.push(`secrets: ${tokens.length} access_tokens in the logs`);
  rows.push([
    "secrets in the logs (corp secret, bot secret, token, AES key, robot key, access_tokens)",
    `${leaked.length + tokens.length} in ${Math.round(all.length / 1e6)} MB of logs`,
  ]);
} catch (err) {
  failures.push(`the run itself failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
  await fake.close();
}

rows.push(["total duration", seconds(t0)]);
const width = Math.max(...rows.map(([k]) => k.length));
say("");
say(`| ${"measure".padEnd(width)} | result |`);
say(`|${"-".repeat(width + 2)}|--------|`);
for (const [k, v] of rows) say(`| ${k.padEnd(width)} | ${v} |`);
say("");
if (failures.length) {
  say(`FAILED (${failures.length}):`);
  for (const f of failures) say(`- ${f}`);
  process.exit(1);
}
say("soak passed");
process.exit(0);
