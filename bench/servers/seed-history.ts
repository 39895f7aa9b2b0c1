/** Seeds one part of the digest bench's report history (bench/lib/data.ts seedHistory) into an existing database. */
import { openDatabase } from "../../src/db/client.js";
import { seedHistory } from "../lib/data.js";

const db = await openDatabase(process.env.DATABASE_URL as string);
const [index, of] = String(process.env.BENCH_PART ?? "0/1")
  .split("/")
  .map(Number);
const rows = await seedHistory(
  db,
  new Date(process.env.BENCH_NOW as string),
  "Asia/Shanghai",
  { index: index ?? 0, of: of ?? 1 },
  {
    full: process.env.BENCH_FULL === "1",
  },
);
await db.close();
console.log(JSON.stringify({ rows }));
