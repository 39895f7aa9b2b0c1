/**
 * Reuses prepared statements on the embedded SQLite connection. Prisma's
 * better-sqlite3 adapter prepares every query anew (`prepare(sql).bind(args)`)
 * — about 5 % of the server's time under load. better-sqlite3 binds a
 * statement for good, so the cache hands the adapter a light stand-in whose
 * bind() remembers the arguments and passes them to the cached statement on
 * each call. Least recently used statements are dropped past `size`.
 */

type Stmt = {
  readonly reader: boolean;
  run(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
  raw(on?: boolean): Stmt;
  columns(): unknown[];
};
type Connection = { prepare(sql: string): Stmt };

type Bound = {
  readonly reader: boolean;
  run(): unknown;
  columns(): unknown[];
  raw(): { all(): unknown[] };
};

export function cacheStatements(client: Connection, size = 256): void {
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Stmt>();
  client.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql); // re-insert: most recently used last
    } else {
      stmt = prepare(sql);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, stmt);
    const s = stmt;
    return {
      run: () => s.run(),
      bind(args: unknown[]): Bound {
        return {
          reader: s.reader,
          run: () => s.run(...args),
          columns: () => s.columns(),
          raw: () => ({ all: () => s.raw(true).all(...args) }),
        };
      },
    };
  }) as unknown as Connection["prepare"];
}
