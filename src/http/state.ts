import type { Logger } from "../log.js";

/** What every request carries in ctx.state. */
export type AppState = {
  requestId: string;
  log: Logger;
  /** What the WeCom callback did with the request (passive-reply, duplicate, …), for /metrics. */
  outcome?: string;
};
