/**
 * Group commit for the embedded SQLite database, and isolation of Prisma's
 * interactive transactions from everything else on the one connection.
 *
 * better-sqlite3 has one connection and runs each statement synchronously.
 * Prisma's adapter gives an interactive transaction a mutex but lets every
 * other query run straight on the connection — that is, inside whatever
 * transaction is open, and undone with it if it rolls back. Here:
 * - a query outside a transaction waits until no interactive transaction is
 *   open, so it can never be swept into (or rolled back with) another's;
 * - writes outside a transaction join the current group: the first opens
 *   `BEGIN IMMEDIATE`, the rest of the event-loop turn's writes run in it,
 *   and one `COMMIT` (one fsync with `synchronous=FULL`) ends it. Each write
 *   resolves only after that COMMIT, so nobody is told "stored" before it is
 *   durable; a failing statement fails alone (SQLite undoes just it), and if
 *   SQLite rolled the whole group back, every write in it fails.
 * Reads run at once; inside an open group they see its writes.
 */
import type { SqlDriverAdapter, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

type Client = { exec(sql: string): unknown; readonly inTransaction: boolean };

type Group = { done: boolean; committed: Promise<void>; resolve(): void; reject(err: unknown): void };

/** Statements that cannot write; anything else (INSERT … RETURNING too) is a write. */
const READS = /^\s*(SELECT|PRAGMA|EXPLAIN)\b/i;

export function isReadOnlySql(sql: string): boolean {
  return READS.test(sql);
}

/**
 * What all connections of this process to one database file share: whether an
 * interactive transaction is open on any of them, and which group is open.
 * Connections share one thread, so one must never wait synchronously (SQLite's
 * busy timeout) for another's lock: a write on one first commits the other's
 * group, and nothing starts while another's interactive transaction is open.
 */
type FileState = { txOpen: Promise<void> | null; group: { finish(): void } | null };
const files = new Map<string, FileState>();

export function withGroupCommit(adapter: SqlDriverAdapter, file: string): SqlDriverAdapter {
  const client = (adapter as unknown as { client: Client }).client;
  const shared: FileState = file === ":memory:" ? { txOpen: null, group: null } : (files.get(file) ?? { txOpen: null, group: null });
  if (file !== ":memory:") files.set(file, shared);
  let group: Group | null = null;

  function openGroup(): Group {
    shared.group?.finish();
    client.exec("BEGIN IMMEDIATE");
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const committed = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    committed.catch(() => undefined);
    const g: Group = { done: false, committed, resolve, reject };
    shared.group = { finish: () => finish(g) };
    setImmediate(() => finish(g));
    return g;
  }

  function close(g: Group): void {
    g.done = true;
    if (group === g) {
      group = null;
      shared.group = null;
    }
  }

  function finish(g: Group): void {
    if (g.done) return;
    close(g);
    try {
      if (client.inTransaction) client.exec("COMMIT");
      g.resolve();
    } catch (err) {
      try {
        if (client.inTransaction) client.exec("ROLLBACK");
      } catch {
        // the connection is gone; the writes are not stored either way
      }
      g.reject(err);
    }
  }

  function fail(g: Group, err: unknown): void {
    if (g.done) return;
    close(g);
    g.reject(err);
  }

  // Waiting for an open interactive transaction is written inline, and what follows the wait runs
  // in the same microtask: a helper's extra await would let two waiters both see "none open".
  async function run<T>(query: SqlQuery, exec: () => Promise<T>): Promise<T> {
    while (shared.txOpen) await shared.txOpen;
    if (isReadOnlySql(query.sql)) return exec();
    if (!group) group = openGroup();
    const g = group;
    let result: T;
    try {
      result = await exec();
    } catch (err) {
      if (!client.inTransaction) fail(g, err);
      throw err;
    }
    await g.committed;
    return result;
  }

  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  const dispose = adapter.dispose.bind(adapter);

  adapter.queryRaw = (q) => run(q, () => queryRaw(q));
  adapter.executeRaw = (q) => run(q, () => executeRaw(q));
  adapter.startTransaction = async (isolationLevel) => {
    while (shared.txOpen) await shared.txOpen;
    let release!: () => void;
    shared.txOpen = new Promise<void>((r) => {
      release = () => {
        shared.txOpen = null;
        r();
      };
    });
    shared.group?.finish();
    let tx: Transaction;
    try {
      tx = await startTransaction(isolationLevel);
    } catch (err) {
      release();
      throw err;
    }
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    tx.commit = async () => {
      try {
        await commit();
      } finally {
        release();
      }
    };
    tx.rollback = async () => {
      try {
        await rollback();
      } finally {
        release();
      }
    };
    return tx;
  };
  adapter.dispose = async () => {
    if (group) finish(group);
    await dispose();
  };
  return adapter;
}
