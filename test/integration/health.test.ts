import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { freshDatabase, type TestDatabase } from "../support/db.js";
import { serve } from "../support/http.js";
import { memoryLogger } from "../support/log.js";

let t: TestDatabase;
let server: Awaited<ReturnType<typeof serve>>;
const log = memoryLogger();
beforeAll(async () => {
  t = await freshDatabase();
  server = await serve(createApp({ config: loadConfig({ DATABASE_URL: t.url }), db: t, logger: log.logger }));
});
afterAll(async () => {
  await server.close();
  await t.drop();
});

describe("health endpoints over HTTP", () => {
  it("answers /healthz with JSON while the process lives", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  it("answers /readyz with the provider when the database answers", async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ready", database: t.provider });
  });

  it("gives every request an id, echoes a sane caller's id, and logs it", async () => {
    const mine = await fetch(`${server.url}/healthz`, { headers: { "X-Request-Id": "trace-123" } });
    expect(mine.headers.get("x-request-id")).toBe("trace-123");
    const hostile = await fetch(`${server.url}/healthz`, { headers: { "X-Request-Id": "a b <script>alert(1)</script>" } });
    expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(log.lines().some((l) => l.reqId === "trace-123" && l.path === "/healthz" && l.status === 200)).toBe(true);
  });

  it("answers 404 to an unknown path and 405 to a wrong method", async () => {
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/healthz`, { method: "POST" })).status).toBe(405);
  });
});

describe("readiness when the database is gone", () => {
  it("answers /readyz 503 with a Chinese reason while /healthz stays 200", async () => {
    const other = await freshDatabase();
    const s = await serve(createApp({ config: loadConfig({ DATABASE_URL: other.url }), db: other, logger: log.logger }));
    try {
      await other.drop(); // closes the client and removes the database
      const res = await fetch(`${s.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "unavailable", message: "数据库无响应" });
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
