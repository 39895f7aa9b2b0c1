/**
 * The two storage providers and where their Prisma files live.
 * SQLite is the embedded default; PostgreSQL is for production.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Provider = "sqlite" | "postgresql";
export const PROVIDERS: readonly Provider[] = ["sqlite", "postgresql"];

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PRISMA_DIR = path.join(ROOT, "prisma");
export const MODELS_FILE = path.join(PRISMA_DIR, "models.prisma");

export function schemaFile(provider: Provider): string {
  return path.join(PRISMA_DIR, provider, "schema.prisma");
}

export function migrationsDir(provider: Provider): string {
  return path.join(PRISMA_DIR, provider, "migrations");
}

/** Which provider a DATABASE_URL speaks. */
export function providerOf(url: string): Provider {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

/** Where a DATABASE_URL's data is, for the start log: the SQLite file's absolute path, or PostgreSQL's host and database (never its password). */
export function databaseWhere(url: string): string {
  if (providerOf(url) === "sqlite") return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "postgresql";
  }
}

/** Whether a SQLite database file lies inside a directory (both resolved). */
export function sqliteInside(url: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), databaseWhere(url));
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}
