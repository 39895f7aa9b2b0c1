/**
 * The PostgreSQL connection pool the app queries through. pg-pool's own
 * `query()` throws a connection away whenever a query fails — also when the
 * server merely refused the statement (a unique violation, a failed
 * compare-and-set) and the connection is as good as before. Under WeCom's
 * retry storms every duplicate delivery is such a refusal, so each one cost a
 * new connection (startup, authentication, a backend process): measured, 450
 * connections opened for 600 deliveries. Here a connection goes back to the
 * pool after an error the server reported at ERROR level; connection
 * failures, FATAL and PANIC errors still remove it.
 */
import pg from "pg";

type Callback = (err: Error | undefined, res?: pg.QueryResult) => void;

/** An error the server sent about one statement, on a connection that stays usable. */
export function isStatementError(err: unknown): boolean {
  return err instanceof pg.DatabaseError && err.severity !== "FATAL" && err.severity !== "PANIC";
}

export class StatementSafePool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads of query() take any of its argument forms
  override query(...args: any[]): any {
    const cb = typeof args.at(-1) === "function" ? (args.pop() as Callback) : undefined;
    const [text, values] = args as [string | pg.QueryConfig, unknown[] | undefined];
    const run = async (): Promise<pg.QueryResult> => {
      const client = await this.connect();
      let res: pg.QueryResult;
      try {
        res = await client.query(text as string, values);
      } catch (err) {
        client.release(isStatementError(err) ? undefined : (err as Error));
        throw err;
      }
      client.release();
      return res;
    };
    const result = run();
    if (!cb) return result;
    result.then(
      (res) => cb(undefined, res),
      (err: Error) => cb(err),
    );
    return undefined;
  }
}
