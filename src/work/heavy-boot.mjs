// The heavy-work thread's entry (heavy-work.ts): the project runs its TypeScript through tsx, in threads too.
import { register } from "tsx/esm/api";

register();
await import("./heavy-worker.ts");
