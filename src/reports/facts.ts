/**
 * What the bot knows of a unit that does not change week to week — a 微型消防站, a high-rise, a school bus, a
 * canteen, later 在校生数 — asked once, kept, and offered instead of asked again (docs/DESIGN.md "Ask at most once").
 * A report records the facts its answers state; a form starts with what is known.
 */
import type { Db, Tx } from "../db/client.js";

export type FactValue = boolean | number | string;
export type Fact = { value: FactValue; source: string; at: Date };
export type Facts = ReadonlyMap<string, Fact>;

const parse = (text: string): FactValue | undefined => {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "boolean" || typeof v === "number" || typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
};

export async function readFacts(db: Db, unitId: number): Promise<Facts> {
  const rows = await db.unitFact.findMany({ where: { unitId } });
  const out = new Map<string, Fact>();
  for (const r of rows) {
    const value = parse(r.value);
    if (value !== undefined) out.set(r.fact, { value, source: r.source, at: r.at });
  }
  return out;
}

/** Keeps the facts a report stated (the latest wins), inside the report's transaction. */
export async function recordFacts(tx: Tx, unitId: number, facts: Record<string, FactValue>, source: string, at: Date): Promise<void> {
  for (const [fact, value] of Object.entries(facts)) {
    const row = { value: JSON.stringify(value), source, at };
    await tx.unitFact.upsert({ where: { unitId_fact: { unitId, fact } }, create: { unitId, fact, ...row }, update: row });
  }
}

/** The values alone, for a kind's prefill. */
export const factValues = (facts: Facts): Record<string, FactValue> => Object.fromEntries([...facts].map(([k, f]) => [k, f.value]));
