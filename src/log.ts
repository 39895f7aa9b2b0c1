/**
 * Structured logging (pino): JSON in production, readable lines in
 * development when pino-pretty is installed. Secret-looking fields are
 * redacted wherever they appear.
 */
import { createRequire } from "node:module";
import pino, { type Logger } from "pino";

export type { Logger };

export const REDACT_PATHS = [
  "secret",
  "*.secret",
  "corpsecret",
  "*.corpsecret",
  "token",
  "*.token",
  "access_token",
  "*.access_token",
  "encodingAesKey",
  "*.encodingAesKey",
  "robotKey",
  "*.robotKey",
  "key",
  "*.key",
  "password",
  "*.password",
  "databaseUrl",
  "*.databaseUrl",
  "req.headers.authorization",
];

function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}

export function createLogger(opts: { level: string; production: boolean; destination?: pino.DestinationStream }): Logger {
  const base: pino.LoggerOptions = {
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    base: { service: "wecom-edu-bot" },
  };
  if (opts.destination) return pino(base, opts.destination);
  if (!opts.production && process.stdout.isTTY && prettyAvailable()) {
    return pino({
      ...base,
      transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,service" } },
    });
  }
  return pino(base);
}
