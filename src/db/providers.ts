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
