/**
 * Where bureau messages go: the group chat bound for a purpose (安全 / 课后 /
 * 进度 / 综合), as an outbox message of its channel; the admins when none is.
 */
import type { Db } from "../db/client.js";
import type { MessageBody, OutboundMessage } from "./enqueue.js";

export async function groupFor(db: Db, purpose: string) {
  return (await db.groupChat.findFirst({ where: { purpose }, orderBy: { id: "asc" } })) ?? null;
}

export function toGroup(group: { id: number; channel: string; chatId: string | null }, m: MessageBody): OutboundMessage {
  return group.channel === "appchat"
    ? { ...m, channel: "appchat", target: group.chatId ?? "" }
    : { ...m, channel: "robot", target: String(group.id) };
}

export async function adminUserids(db: Db): Promise<string[]> {
  const admins = await db.person.findMany({ where: { active: true, roles: { some: { role: "admin" } } }, orderBy: { id: "asc" } });
  return admins.map((a) => a.userid);
}

/** A message to the group of a purpose, or to the admins (app message) when no group is bound. */
export async function toPurposeOrAdmins(db: Db, purpose: string, m: MessageBody): Promise<OutboundMessage[]> {
  const group = await groupFor(db, purpose);
  if (group) return [toGroup(group, m)];
  const admins = await adminUserids(db);
  return admins.length ? [{ ...m, channel: "app", target: admins.join("|") }] : [];
}
