/** The ceiling: a bare Koa handler answering a fixed string. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import Koa from "koa";

const app = new Koa();
app.use((ctx) => {
  ctx.body = "success";
});
const server = http.createServer(app.callback());
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
