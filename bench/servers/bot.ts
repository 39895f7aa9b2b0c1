/** The bot as deployed (HTTP, receiver, bot, forms, database), with a fake WeCom for the few API calls. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { start } from "../../src/main.js";
import { FakeWeCom } from "../../src/sim/fake-wecom.js";
import { BENCH_CORP } from "../lib/messages.js";

const fake = new FakeWeCom({ corpId: BENCH_CORP.corpId, secret: BENCH_CORP.secret, agentId: BENCH_CORP.agentId });
const fakeServer = http.createServer(fake.app.callback());
await new Promise<void>((r) => fakeServer.listen(0, "127.0.0.1", r));
const config = loadConfig({
  ...process.env,
  PORT: "0",
  HOST: "127.0.0.1",
  WECOM_CORP_ID: BENCH_CORP.corpId,
  WECOM_AGENT_ID: BENCH_CORP.agentId,
  WECOM_SECRET: BENCH_CORP.secret,
  WECOM_TOKEN: BENCH_CORP.token,
  WECOM_ENCODING_AES_KEY: BENCH_CORP.encodingAesKey,
  WECOM_API_BASE: `http://127.0.0.1:${(fakeServer.address() as AddressInfo).port}`,
});
const running = await start(config, createLogger({ level: "warn", production: true }));
console.log(JSON.stringify({ port: (running.server.address() as AddressInfo).port }));
process.on("SIGTERM", () => {
  void running.stop().then(() => process.exit(0));
});
