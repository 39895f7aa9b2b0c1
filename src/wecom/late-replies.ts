/**
 * Sends replies that missed the passive-reply budget through the app-message
 * API, with WeCom's duplicate check on so a resend after a crash is dropped.
 * (The durable outbox replaces the direct call with the scheduling issue.)
 */
import type { Reply } from "../bot/reply.js";
import type { WeComApi } from "./api.js";
import type { LateReplySender } from "./receiver.js";

export const DUPLICATE_CHECK_SECONDS = 4 * 60 * 60;

export function apiLateReplies(api: WeComApi): LateReplySender {
  return async (to: string, replies: Reply[]) => {
    for (const r of replies) {
      if (r.type === "text") await api.sendText([to], r.content, { duplicateCheckSeconds: DUPLICATE_CHECK_SECONDS });
      else await api.sendMarkdown([to], r.content, { duplicateCheckSeconds: DUPLICATE_CHECK_SECONDS });
    }
  };
}
