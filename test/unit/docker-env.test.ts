/**
 * The operator's Docker steps: `docker run --env-file .env` over the image's ENV. A value in the env file
 * replaces the image's, even an empty one, so `.env.example` (what operators copy) must not hold empty
 * assignments, and the image's data directory must hold the database whatever the file leaves unset.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { databaseWhere, sqliteInside } from "../../src/db/providers.js";

/** `KEY=VALUE` lines as docker's --env-file reads them: comments and blank lines skipped, values literal. */
function envFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const eq = line.indexOf("=");
    out[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return out;
}

/** The Dockerfile's final stage's ENV (one ENV instruction with `KEY=VALUE \` continuation lines). */
function dockerEnv(dockerfile: string): Record<string, string> {
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
  const env = /\nENV ((?:[^\n]*\\\n)*[^\n]*)/.exec(finalStage)?.[1] ?? "";
  return Object.fromEntries(
    env
      .split(/\\\n|\s+/)
      .map((s) => s.trim())
      .filter((s) => s.includes("="))
      .map((s) => [s.slice(0, s.indexOf("=")), s.slice(s.indexOf("=") + 1)]),
  );
}

const example = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
const image = dockerEnv(readFileSync(new URL("../../Dockerfile", import.meta.url), "utf8"));

describe("the Docker steps with .env copied from .env.example", () => {
  it("has no empty assignment in .env.example (an empty value would override the image's own)", () => {
    const empty = Object.entries(envFile(example)).filter(([, v]) => v.trim() === "");
    expect(empty).toEqual([]);
  });

  it("puts the SQLite database in the image's volume, in production", () => {
    expect(image.DATA_DIR).toBe("/data");
    const c = loadConfig({ ...image, ...envFile(example) });
    expect(c.production).toBe(true);
    expect(databaseWhere(c.databaseUrl)).toBe("/data/wecom-edu-bot.db");
    expect(sqliteInside(c.databaseUrl, c.dataDir)).toBe(true);
  });

  it("would have put it in the container's writable layer with the old example's empty DATABASE_URL and no DATA_DIR", () => {
    const old = loadConfig({ NODE_ENV: "production", DATABASE_URL: "" });
    expect(databaseWhere(old.databaseUrl)).toBe(`${process.cwd()}/data/wecom-edu-bot.db`);
    expect(old.dataDirSet).toBe(false);
  });
});
