/**
 * Opens the database the configuration names: SQLite (embedded default) or
 * PostgreSQL. Both generated clients have the same API; the SQLite one's
 * type stands for both.
 */
import { PrismaClient as PgClient } from "../generated/postgresql/client.js";
import { Prisma, PrismaClient as SqliteClient } from "../generated/sqlite/client.js";
import { pgFactory, sqliteAppFactory } from "./adapters.js";
import { type Provider, providerOf } from "./providers.js";

export type Db = SqliteClient;
export { Prisma };
/** A client or the transaction client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;

export type Database = {
  readonly prisma: Db;
  readonly provider: Provider;
  /** Resolves when the database answers a query on the migrated schema; rejects once closed. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type OpenOptions = { sqliteSynchronous?: "FULL" | "NORMAL" };

export async function openDatabase(url: string, opts: OpenOptions = {}): Promise<Database> {
  const provider = providerOf(url);
  const prisma: Db =
    provider === "sqlite"
      ? new SqliteClient({ adapter: sqliteAppFactory(url), errorFormat: "minimal" })
      : (new PgClient({ adapter: pgFactory(url), errorFormat: "minimal" }) as unknown as Db);
  if (provider === "sqlite") {
    // WAL lets readers run beside the writer; FULL makes each commit survive a power cut.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe(`PRAGMA synchronous = ${opts.sqliteSynchronous ?? "FULL"}`);
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  }
  let closed = false;
  return {
    prisma,
    provider,
    async ping() {
      if (closed) throw new Error("database closed");
      await prisma.$queryRawUnsafe('SELECT 1 FROM "_prisma_migrations" LIMIT 1');
    },
    async close() {
      closed = true;
      await prisma.$disconnect();
    },
  };
}
