/**
 * 提醒 and 摘要: admins set up reminders and digests in chat. A new one is
 * echoed in plain Chinese with its next three firings and saved only after
 * 确认; list, pause, resume, delete and test by a stable number.
 */
import { commandTexts } from "../../../templates/commands.js";
import { scheduleTexts as t } from "../../../templates/schedules.js";
import type { Prisma } from "../../db/client.js";
import { parseNumber } from "../../forms/parse/numbers.js";
import { hasDeadline } from "../../reports/periods.js";
import { loadCalendar } from "../../schedule/calendar.js";
import { firingContext } from "../../schedule/context.js";
import { describeRule, nextFirings, PHRASE_EXAMPLES, parsePhrase, type Rule, RuleSchema } from "../../schedule/phrases.js";
import { formatInstantZh } from "../../time/zoned.js";
import type { BotContext } from "../context.js";
import type { Conversations, FormProvider } from "../conversation.js";
import type { Command } from "./registry.js";

/** The kinds as people write them (安全、课后 …), in the registry's order. */
const shortsOf = (ctx: BotContext) => ctx.kinds.all().map((k) => k.short);

const AUDIENCE = /^(未填报|全部|群[:：](.+))$/;

async function preview(ctx: BotContext, rule: Rule, kind?: string): Promise<string[]> {
  const calendar = await loadCalendar(ctx.db);
  return nextFirings(rule, ctx.now, 3, firingContext(ctx.tz, calendar, kind ? (ctx.kinds.byId(kind) ?? undefined) : undefined)).map((d) =>
    formatInstantZh(d, ctx.tz),
  );
}

/** The confirmation step: one yes/no, submitted at once. */
export const scheduleConfirmProvider: FormProvider = {
  id: "schedule-confirm",
  build: (c) => ({
    id: "schedule-confirm",
    // “正在确认的新提醒”, not “正在填写提醒（第1项）”: it is one 确认.
    title: `新${String(c.what)}`,
    doing: "确认",
    autoSubmit: true,
    fields: [{ key: "ok", type: "yesno", label: "保存", prompt: String(c.question) }],
  }),
  async submit(ctx, state) {
    await ctx.db.conversation.deleteMany({ where: { personId: ctx.person.id } });
    const c = state.context;
    if (state.answers.ok !== true) return ctx.reply(t.notSaved());
    const rule = JSON.parse(String(c.rule)) as Prisma.InputJsonValue;
    const common = { phrase: String(c.phrase), rule, createdBy: ctx.person.userid };
    const row =
      c.what === "提醒"
        ? await ctx.db.reminder.create({
            data: { ...common, kind: String(c.kind), audience: String(c.audience), groupId: c.groupId === null ? null : Number(c.groupId) },
          })
        : await ctx.db.digest.create({ data: { ...common, content: String(c.content), groupId: Number(c.groupId) } });
    await ctx.audit(c.what === "提醒" ? "reminder.create" : "digest.create", String(row.id), { phrase: String(c.phrase) });
    await ctx.services.scheduler?.reload();
    ctx.reply(t.saved(String(c.what), row.id));
  },
};

async function manage(ctx: BotContext, what: "提醒" | "摘要", sub: string, idWord: string | undefined): Promise<boolean> {
  if (!["暂停", "恢复", "删除", "测试"].includes(sub)) return false;
  const n = parseNumber(idWord ?? "");
  const id = n && n.unit === "" ? n.value : -1;
  const table = what === "提醒" ? ctx.db.reminder : ctx.db.digest;
  const exists = await (table as typeof ctx.db.reminder).findUnique({ where: { id } });
  if (!exists) {
    ctx.reply(t.missingId(what));
    return true;
  }
  const action = what === "提醒" ? "reminder" : "digest";
  if (sub === "测试") {
    await ctx.services.scheduler?.fireNow(action, id);
    await ctx.audit(`${action}.test`, String(id));
    ctx.reply(t.tested(what, id));
    return true;
  }
  if (sub === "删除") await (table as typeof ctx.db.reminder).delete({ where: { id } });
  else await (table as typeof ctx.db.reminder).update({ where: { id }, data: { paused: sub === "暂停" } });
  await ctx.audit(`${action}.${sub === "删除" ? "delete" : sub === "暂停" ? "pause" : "resume"}`, String(id));
  await ctx.services.scheduler?.reload();
  ctx.reply(sub === "删除" ? t.deleted(what, id) : sub === "暂停" ? t.paused(what, id) : t.resumed(what, id));
  return true;
}

export function reminderCommand(convos: Conversations): Command {
  return {
    id: "remind",
    names: ["提醒"],
    alias: "/remind",
    roles: ["admin"],
    ...commandTexts.remind,
    async run(ctx, args) {
      const [sub = "", ...rest] = args;
      if (sub === "列表") {
        const rows = await ctx.db.reminder.findMany({ orderBy: { id: "asc" } });
        const groups = new Map((await ctx.db.groupChat.findMany()).map((g) => [g.id, g.name]));
        const lines: string[] = [];
        for (const r of rows) {
          const rule = RuleSchema.parse(r.rule);
          const [next] = await preview(ctx, rule, r.kind);
          lines.push(
            t.reminderLine(
              r.id,
              ctx.kinds.byId(r.kind)?.name ?? r.kind,
              describeRule(rule),
              t.audience(r.audience, groups.get(r.groupId ?? -1) ?? ""),
              r.paused,
              next ?? "—",
            ),
          );
        }
        return ctx.reply(t.list("提醒", lines));
      }
      if (await manage(ctx, "提醒", sub, rest[0])) return;
      if (sub !== "新增" || rest.length < 2) return ctx.reply(t.reminderUsage(PHRASE_EXAMPLES));
      const kind = ctx.kinds.byWord(rest[0] ?? "");
      if (!kind) return ctx.reply(t.badKind(rest[0] ?? "", shortsOf(ctx)));
      const words = rest.slice(1);
      let audience = "missing";
      let groupId: number | null = null;
      let groupName = "";
      const last = AUDIENCE.exec(words.at(-1) ?? "");
      if (last) {
        words.pop();
        if (last[1] === "全部") audience = "all";
        if (last[2]) {
          const g = await ctx.db.groupChat.findUnique({ where: { name: last[2].trim() } });
          if (!g) return ctx.reply(t.noGroup(last[2].trim()));
          audience = "group";
          groupId = g.id;
          groupName = g.name;
        }
      }
      const phrase = words.join(" ");
      const rule = parsePhrase(phrase);
      if (!rule) return ctx.reply(t.badPhrase(phrase, PHRASE_EXAMPLES));
      if (rule.type === "beforeDeadline" && !hasDeadline(kind.deadline)) return ctx.reply(t.noDeadline(kind.name));
      const question = t.confirmReminder(kind.name, describeRule(rule), t.audience(audience, groupName), await preview(ctx, rule, kind.id));
      await convos.start(
        ctx,
        "schedule-confirm",
        { what: "提醒", kind: kind.id, phrase, rule: JSON.stringify(rule), audience, groupId, question },
        [question],
        { silent: true },
      );
    },
  };
}

export function digestCommand(convos: Conversations): Command {
  return {
    id: "digest",
    names: ["摘要"],
    alias: "/digest",
    roles: ["admin"],
    ...commandTexts.digest,
    async run(ctx, args) {
      const [sub = "", ...rest] = args;
      if (sub === "列表") {
        const rows = await ctx.db.digest.findMany({ orderBy: { id: "asc" } });
        const groups = new Map((await ctx.db.groupChat.findMany()).map((g) => [g.id, g.name]));
        const lines: string[] = [];
        for (const d of rows) {
          const rule = RuleSchema.parse(d.rule);
          const [next] = await preview(ctx, rule);
          lines.push(
            t.digestLine(
              d.id,
              t.contentNames[d.content] ?? ctx.kinds.byId(d.content)?.name ?? d.content,
              describeRule(rule),
              groups.get(d.groupId) ?? "（已删除的群）",
              d.paused,
              next ?? "—",
            ),
          );
        }
        return ctx.reply(t.list("摘要", lines));
      }
      if (await manage(ctx, "摘要", sub, rest[0])) return;
      if (sub !== "新增" || rest.length < 3) return ctx.reply(t.digestUsage(PHRASE_EXAMPLES, shortsOf(ctx)));
      const word = rest[0] ?? "";
      const content = word === "日报" ? "daily" : word === "周报" ? "weekly" : ctx.kinds.byWord(word)?.id;
      if (!content) return ctx.reply(t.badContent(word, shortsOf(ctx)));
      const groupName = rest.at(-1) ?? "";
      const group = await ctx.db.groupChat.findUnique({ where: { name: groupName } });
      if (!group) return ctx.reply(t.noGroup(groupName));
      const phrase = rest.slice(1, -1).join(" ");
      const rule = parsePhrase(phrase);
      if (!rule || rule.type === "beforeDeadline")
        return ctx.reply(
          t.badPhrase(
            phrase,
            PHRASE_EXAMPLES.filter((e) => !e.startsWith("截止")),
          ),
        );
      const label = t.contentNames[content] ?? ctx.kinds.byId(content)?.name ?? content;
      const question = t.confirmDigest(label, describeRule(rule), group.name, await preview(ctx, rule));
      await convos.start(
        ctx,
        "schedule-confirm",
        { what: "摘要", content, phrase, rule: JSON.stringify(rule), groupId: group.id, question },
        [question],
        { silent: true },
      );
    },
  };
}
