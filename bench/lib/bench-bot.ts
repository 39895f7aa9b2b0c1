/** The bot as deployed (src/main.ts's start), with a fake WeCom for the few API calls: for the bench servers. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { type Running, start } from "../../src/main.js";
import { FakeWeCom } from "../../src/sim/fake-wecom.js";
import { BENCH_CORP } from "./messages.js";

export async function startBenchBot(port: string): Promise<Running> {
  const fake = new FakeWeCom({ corpId: BENCH_CORP.corpId, secret: BENCH_CORP.secret, agentId: BENCH_CORP.agentId });
  const fakeServer = http.createServer(fake.app.callback());
  await new Promise<void>((r) => fakeServer.listen(0, "127.0.0.1", r));
  const config = loadConfig({
    ...process.env,
    PORT: port,
    HOST: "127.0.0.1",
    WECOM_CORP_ID: BENCH_CORP.corpId,
    WECOM_AGENT_ID: BENCH_CORP.agentId,
    WECOM_SECRET: BENCH_CORP.secret,
    WECOM_TOKEN: BENCH_CORP.token,
    WECOM_ENCODING_AES_KEY: BENCH_CORP.encodingAesKey,
    WECOM_API_BASE: `http://127.0.0.1:${(fakeServer.address() as AddressInfo).port}`,
  });
  return start(config, createLogger({ level: "warn", production: true }));
}
