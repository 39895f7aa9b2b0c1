/** 帮助: only what the person's roles allow, each with an example. */

import { bot } from "../../../templates/bot.js";
import { commandTexts } from "../../../templates/commands.js";
import { allowed, type Command, type CommandTable } from "./registry.js";

export function helpCommand(table: CommandTable): Command {
  return {
    id: "help",
    names: ["帮助", "菜单", "help"],
    alias: "/help",
    roles: "all",
    ...commandTexts.help,
    async run(ctx) {
      const lines = table.all
        .filter((c) => c.id !== "help" && allowed(ctx, c))
        .map((c) => bot.helpLine(c.names[0] ?? c.alias, c.describe, c.example));
      ctx.reply(lines.length ? bot.help(ctx.person.name, lines) : bot.nothingOwed());
    },
  };
}
