/** Serves a Koa app on an ephemeral loopback port for real HTTP in tests. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type Koa from "koa";

export async function serve(app: Pick<Koa, "callback">): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
