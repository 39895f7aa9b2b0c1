/**
 * Bench data through the project's own data layer (Prisma, bulk inserts):
 * units, people with roles, safety and after-school reports.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openDatabase, type Prisma } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { loadPlan } from "../../src/plan/load-plan.js";
import { readPlanFile } from "../../src/plan/plan-file.js";
import { monthPeriod, previous, weekOf } from "../../src/reports/periods.js";
import { DATA_DIR } from "../../src/seed.js";
import { localDate } from "../../src/time/zoned.js";

export type BenchDb = { url: string; db: Database; drop(): Promise<void> };

/** A new, migrated database: a SQLite file in a temp folder, or a new PostgreSQL database on BENCH_PG_URL. */
export async function benchDatabase(provider: "sqlite" | "postgresql"): Promise<BenchDb> {
  let url: string;
  let dropper = async () => {};
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bench-"));
    url = `file:${path.join(dir, "bench.db")}`;
    dropper = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const server = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
    const name = `bench_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
    dropper = async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  }
  await migrate(url);
  const db = await openDatabase(url);
  return {
    url,
    db,
    async drop() {
      await db.close();
      await dropper();
    },
  };
}

const KINDS = ["小学", "初中", "九年一贯制", "幼儿园", "高中", "职校"];

/** `n` schools, each with a principal (userid bench_p_<i>); returns the userids. */
export async function seedSchools(db: Database, n: number): Promise<string[]> {
  await loadPlan(db.prisma, readPlanFile(path.join(DATA_DIR, "plan-2022.json")));
  const units = Array.from({ length: n }, (_, i) => ({
    code: `B${String(i).padStart(5, "0")}`,
    name: `第${i + 1}学校`,
    kind: KINDS[i % KINDS.length] as string,
    township: `镇${i % 12}`,
  }));
  for (let i = 0; i < units.length; i += 5000) await db.prisma.unit.createMany({ data: units.slice(i, i + 5000) });
  const ids = new Map((await db.prisma.unit.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id]));
  const people = units.map((u, i) => ({
    userid: `bench_p_${i}`,
    useridKey: `bench_p_${i}`,
    name: `校长${i}`,
    unitId: ids.get(u.code) as number,
  }));
  for (let i = 0; i < people.length; i += 5000) await db.prisma.person.createMany({ data: people.slice(i, i + 5000) });
  const pids = await db.prisma.person.findMany({ select: { id: true } });
  for (let i = 0; i < pids.length; i += 5000)
    await db.prisma.personRole.createMany({ data: pids.slice(i, i + 5000).map((p) => ({ personId: p.id, role: "principal" })) });
  return people.map((p) => p.userid);
}

/**
 * 52 weeks of safety reports (90% of schools each week) and 12 months of after-school reports.
 * `part` seeds every `of`-th school only, so that several processes can share the work (Prisma's
 * createMany spends ~300 µs of CPU per row here: a million rows take one core six minutes).
 */
/** A whole safety report's answers (the export bench: every column filled), beside the digest's two. */
const FULL_SAFETY = {
  lifePassage: true,
  stationBuilt: true,
  stationEquipment: true,
  stationOnDuty: true,
  highRise: "符合要求",
  schoolBus: "不适用",
  canteenFood: "正常",
  canteenGasPower: true,
  canteenTraining: true,
  platformClasses: 98.5,
  platformStudents: 97,
  hazardCount: 0,
  hazards: [],
  note: "本周检查正常",
};

export async function seedHistory(
  db: Database,
  now: Date,
  tz: string,
  part = { index: 0, of: 1 },
  /** `weeks`, `months`: how far back (52 and 12 unless said: the soak seeds a few of each). */
  opts: { full?: boolean; weeks?: number; months?: number } = {},
): Promise<number> {
  const units = await db.prisma.unit.findMany({ include: { people: true }, orderBy: { id: "asc" } });
  const mine = (i: number) => i % part.of === part.index;
  let week = weekOf(localDate(now, tz));
  let rows = 0;
  const batch: Prisma.ReportCreateManyInput[] = [];
  const flush = async () => {
    if (batch.length) await db.prisma.report.createMany({ data: batch.splice(0) });
  };
  for (let w = 0; w < (opts.weeks ?? 52); w++) {
    week = previous(week);
    for (const [i, u] of units.entries()) {
      if ((i + w) % 10 === 0 || !mine(i)) continue;
      const by = u.people[0]?.id;
      if (!by) continue;
      batch.push({
        kind: "safety",
        unitId: u.id,
        period: week.key,
        data: opts.full ? FULL_SAFETY : { lifePassage: true, hazardCount: 0 },
        submittedById: by,
        submittedAt: now,
      });
      rows++;
      if (batch.length >= 5000) await flush();
    }
  }
  let month = monthPeriod(Number(localDate(now, tz).slice(0, 4)), Number(localDate(now, tz).slice(5, 7)));
  for (let m = 0; m < (opts.months ?? 12); m++) {
    month = previous(month);
    for (const [i, u] of units.entries()) {
      if (!["小学", "初中", "九年一贯制"].includes(u.kind) || !mine(i)) continue;
      const by = u.people[0]?.id;
      if (!by) continue;
      batch.push({
        kind: "afterschool",
        unitId: u.id,
        period: month.key,
        data: { enrolled: 600, participants: 400 + (u.id % 200) },
        submittedById: by,
        submittedAt: now,
      });
      rows++;
      if (batch.length >= 5000) await flush();
    }
  }
  await flush();
  return rows;
}
