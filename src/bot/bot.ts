/**
 * The bot's entry point: processEvent(event) with no HTTP in it. For now it
 * identifies the sender and answers what it can; commands and forms come with
 * the conversations issue.
 */
import { replies, UNSUPPORTED_KIND_NAMES } from "../../templates/replies.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../log.js";
import type { InboundEvent } from "../wecom/messages.js";
import { type Reply, text } from "./reply.js";

export type BotDeps = { db: Db };

export function createBot(deps: BotDeps) {
  return async function processEvent(event: InboundEvent, log: Logger): Promise<Reply[]> {
    const person = await deps.db.person.findUnique({ where: { useridKey: event.from.toLowerCase() } });
    if (!person?.active) {
      log.info({ userid: event.from }, "message from someone not on the roster");
      // Events (opening the app) from strangers get the same explanation, once per event.
      return [text(replies.unknownUser(event.from))];
    }
    switch (event.kind) {
      case "unsupported":
        return [text(replies.unsupportedKind(UNSUPPORTED_KIND_NAMES[event.messageType] ?? event.messageType))];
      case "event":
        return event.event === "enter_agent" || event.event === "subscribe" ? [text(replies.welcome(person.name))] : [];
      default:
        return [text(replies.received(person.name))];
    }
  };
}
