import type { Logger } from "../log.js";

/** What every request carries in ctx.state. */
export type AppState = {
  requestId: string;
  log: Logger;
};
