/** The bot as deployed (HTTP, receiver, bot, forms, database), with a fake WeCom for the few API calls. */
import type { AddressInfo } from "node:net";
import { startBenchBot } from "../lib/bench-bot.js";

const running = await startBenchBot("0");
console.log(JSON.stringify({ port: (running.server.address() as AddressInfo).port }));
process.on("SIGTERM", () => {
  void running.stop().then(() => process.exit(0));
});
