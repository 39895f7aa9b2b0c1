/**
 * 群 绑定 / 列表 / 删除: the bureau's group chats. A robot's key is stored,
 * shown masked, never echoed or logged; the audit log records the binding
 * without it.
 */
import { admin as t } from "../../../templates/admin.js";
import { channelName } from "../../../templates/admin-digest.js";
import { commandTexts } from "../../../templates/commands.js";
import type { Command } from "./registry.js";

/** The key from a webhook URL (…/webhook/send?key=…) or a bare key. */
export function robotKeyOf(text: string): string | null {
  const fromUrl = /[?&]key=([A-Za-z0-9-]{8,64})(?:&|$)/.exec(text);
  if (fromUrl?.[1]) return fromUrl[1];
  return /^[A-Za-z0-9-]{8,64}$/.test(text) ? text : null;
}

export function mask(key: string): string {
  return key.length <= 8 ? "key ****" : `key ${key.slice(0, 4)}****${key.slice(-4)}`;
}

export function groupCommand(): Command {
  return {
    id: "group",
    names: ["群"],
    alias: "/group",
    roles: ["admin"],
    ...commandTexts.group,
    async run(ctx, args) {
      const [sub, name, ...rest] = args;
      if (sub === "列表") {
        const groups = await ctx.db.groupChat.findMany({ orderBy: { name: "asc" } });
        return ctx.reply(
          t.groupList(
            groups.map((g) =>
              t.groupLine(g.name, channelName(g.channel), g.purpose, g.channel === "robot" ? mask(g.robotKey ?? "") : `chatid ${g.chatId}`),
            ),
          ),
        );
      }
      if (sub === "删除" && name) {
        const r = await ctx.db.groupChat.deleteMany({ where: { name } });
        if (!r.count) return ctx.reply(t.groupMissing(name));
        await ctx.audit("group.delete", name);
        return ctx.reply(t.groupDeleted(name));
      }
      if (sub !== "绑定" || !name || !rest.length) return ctx.reply(t.groupUsage(ctx.kinds.purposes()));
      const appChat = rest[0] === "应用群";
      const value = appChat ? rest[1] : rest[0];
      const word = (appChat ? rest[2] : rest[1]) ?? "综合";
      // 用途 as a purpose (课后) or as the kind it is for, by any of its names (课后服务).
      const purposes = ctx.kinds.purposes();
      const purpose = purposes.includes(word) ? word : (ctx.kinds.byWord(word)?.purpose ?? (word === "全部" ? "综合" : word));
      if (!purposes.includes(purpose))
        return ctx.reply(t.badPurpose(purpose, purposes, ctx.kinds.all().find((k) => !purposes.includes(k.name))?.name ?? ""));
      if (appChat) {
        if (!value || !/^[0-9a-zA-Z]{1,32}$/.test(value)) return ctx.reply(t.badChatId());
        const data = { channel: "appchat", chatId: value, robotKey: null, purpose };
        await ctx.db.groupChat.upsert({ where: { name }, create: { name, ...data }, update: data });
        await ctx.audit("group.bind", name, { channel: "appchat", purpose });
        return ctx.reply(t.groupBound(name, channelName("appchat"), purpose, `chatid ${value}`));
      }
      const key = robotKeyOf(value ?? "");
      if (!key) return ctx.reply(t.badKey());
      const data = { channel: "robot", robotKey: key, chatId: null, purpose };
      await ctx.db.groupChat.upsert({ where: { name }, create: { name, ...data }, update: data });
      await ctx.audit("group.bind", name, { channel: "robot", purpose });
      ctx.reply(t.groupBound(name, channelName("robot"), purpose, mask(key)));
    },
  };
}
