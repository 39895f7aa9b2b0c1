/**
 * The project's coded errors. Every failure the code expects is one of these;
 * the HTTP error handler (src/http/errors.ts) and the CLI turn them into a
 * status or exit code and a Chinese sentence. Causes go to logs, never to users.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_FILE: 422,
  DB_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** A Chinese sentence for the person: what went wrong and what to do. */
    readonly userMessage: string,
    options?: { cause?: unknown; details?: readonly string[] },
  ) {
    super(`${code}: ${userMessage}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
    this.details = options?.details ?? [];
  }
  readonly details: readonly string[];
}

/** A data file (roster, plan) that is refused whole; `details` names every bad place. */
export function invalidFile(what: string, details: string[]): AppError {
  return new AppError("INVALID_FILE", `${what}有 ${details.length} 处错误，未导入任何内容`, { details });
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
