/**
 * What every transport does with an inbound event, in one place: claim it in
 * the durable ledger (a copy of a processed event is a duplicate, answered
 * with the recorded reply), run the bot within the passive-reply budget,
 * hand a late answer (or one the transport cannot carry back) to the outbox,
 * and mark the event done. The transport only verifies, decodes, and writes
 * the answer its own way (an encrypted XML body, a WebSocket frame).
 */
import type { Clock } from "../clock.js";
import { AppError } from "../errors.js";
import type { Logger } from "../log.js";
import type { ClaimResult, DeliveryLedger } from "./dedupe.js";
import type { InboundEvent } from "./inbound.js";
import type { Reply } from "./reply.js";

/** A live holder answers within the budget, so a claim "processing" past budget + this belongs to a process that died. */
export const CLAIM_LEASE_MARGIN_MS = 500;

export type EventHandler = (event: InboundEvent, log: Logger) => Promise<Reply[]>;
/** Sends replies that missed the passive-reply budget (through the API or the outbox). */
export type LateReplySender = (to: string, replies: Reply[], event: InboundEvent) => Promise<void>;

export type DeliveryDeps = {
  ledger: DeliveryLedger;
  clock: Clock;
  handle: EventHandler;
  sendLate: LateReplySender;
  passiveReplyBudgetMs: number;
  /** The answer this transport can carry back at once (WeCom: one text message within its size), or null. */
  passive(replies: Reply[]): string | null;
};

export type DeliveryAnswer =
  /** Processed already (or being processed): answer with the recorded reply, if any. */
  | { outcome: "duplicate"; passive: string | null }
  | { outcome: "passive-reply"; passive: string }
  /** Answered through the outbox: acknowledge now. */
  | { outcome: "api-reply" | "late-reply"; passive: null };

function dbUnavailable(err: unknown): AppError {
  return new AppError("DB_UNAVAILABLE", "服务暂不可用，请稍后重试", { cause: err });
}

type Outcome = { replies: Reply[] } | { error: unknown };

/** Runs one inbound event through the ledger and the bot; throws DB_UNAVAILABLE (the transport's 503) when nothing was answered. */
export async function deliver(deps: DeliveryDeps, event: InboundEvent, log: Logger): Promise<DeliveryAnswer> {
  const { ledger, clock } = deps;
  const now = clock.now();
  let claim: ClaimResult;
  try {
    claim = await ledger.claim(event.id, event.from, now, deps.passiveReplyBudgetMs + CLAIM_LEASE_MARGIN_MS);
  } catch (err) {
    throw dbUnavailable(err);
  }
  if (claim === "duplicate") {
    // Nothing is re-run. A copy of a processed event gets the answer recorded with it, in case the first never arrived.
    const recorded = await ledger.recordedReply(event.id).catch(() => null);
    log.info({ outcome: "duplicate", answered: recorded !== null }, "inbound event");
    return { outcome: "duplicate", passive: recorded };
  }
  if (claim === "taken-over") log.warn({ outcome: "taken-over" }, "redelivery takes over a claim whose process died");

  const work: Promise<Outcome> = deps.handle(event, log).then(
    (replies) => ({ replies }),
    (error: unknown) => ({ error }),
  );
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), deps.passiveReplyBudgetMs);
  });
  const first = await Promise.race([work, budget]);
  clearTimeout(timer);

  const deliverLate = async (replies: Reply[]) => {
    try {
      if (replies.length) await deps.sendLate(event.from, replies, event);
      await ledger.finish(event.id, clock.now());
      log.info({ outcome: "api-reply", messages: replies.length }, "inbound event");
    } catch (err) {
      log.error({ err }, "late reply failed");
    }
  };

  if (first === "late") {
    // Over budget: the transport acknowledges now (so WeCom does not redeliver); the reply follows through the outbox.
    log.info({ outcome: "late-reply", budgetMs: deps.passiveReplyBudgetMs }, "inbound event");
    void work.then(async (outcome) => {
      if ("error" in outcome) {
        log.error({ err: outcome.error }, "bot failed after the passive-reply budget");
        await ledger.finish(event.id, clock.now()).catch(() => undefined);
        return;
      }
      await deliverLate(outcome.replies);
    });
    return { outcome: "late-reply", passive: null };
  }
  if ("error" in first) {
    // Nothing was answered: give the claim back so the redelivery is processed.
    await ledger.release(event.id).catch(() => undefined);
    log.error({ err: first.error }, "bot failed");
    throw dbUnavailable(first.error);
  }
  const passive = deps.passive(first.replies);
  if (passive !== null) {
    // The work is stored, so the answer does not wait for the done mark (one commit fewer per message). A mark
    // lost to a crash changes nothing: the claim left "processing" is taken over only after its lease, by a
    // redelivery that is then answered from the stored form (see dedupe.ts).
    void ledger.finish(event.id, clock.now(), passive).catch((err: unknown) => log.warn({ err }, "could not mark the message done"));
    log.info({ outcome: "passive-reply" }, "inbound event");
    return { outcome: "passive-reply", passive };
  }
  void deliverLate(first.replies);
  return { outcome: "api-reply", passive: null };
}
