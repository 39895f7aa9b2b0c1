/** Telling a database that is away (worth a retry) from a bug. */
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2034"]);
const UNAVAILABLE_TEXT =
  /SQLITE_BUSY|SQLITE_LOCKED|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|database system is (starting up|shutting down)|DatabaseNotReachable|ConnectionClosed|SocketTimeout|too many clients/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { name?: string; code?: unknown; message?: string; meta?: unknown; cause?: unknown };
  if (e.name === "PrismaClientInitializationError") return true;
  if (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) return true;
  const text = `${e.message ?? ""} ${JSON.stringify(e.meta ?? "")}`;
  if (UNAVAILABLE_TEXT.test(text)) return true;
  return e.cause !== undefined && e.cause !== err ? isDatabaseUnavailable(e.cause) : false;
}

/** A unique constraint refused the write (Prisma P2002): the row is already there. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
