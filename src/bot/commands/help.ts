/** 帮助: only what the person's roles allow, each with an example. */

import { bot } from "../../../templates/bot.js";
import { commandTexts } from "../../../templates/commands.js";
import { monthOf, previous, weekOf } from "../../reports/periods.js";
import { allowed, type Command, type CommandTable } from "./registry.js";

export function helpCommand(table: CommandTable): Command {
  return {
    id: "help",
    names: ["帮助", "菜单", "help"],
    alias: "/help",
    roles: "all",
    ...commandTexts.help,
    async run(ctx) {
      const year = Number(ctx.today.slice(0, 4));
      const lines = table.all
        .filter((c) => c.id !== "help" && allowed(ctx, c))
        .map((c) => bot.helpLine(c.names[0] ?? c.alias, c.describe, bot.example(c.example, year)));
      const [week, month] = [previous(weekOf(ctx.today)).key, previous(monthOf(ctx.today)).key];
      ctx.reply(lines.length ? bot.help(ctx.person.name, lines, week, month) : bot.nothingOwed());
    },
  };
}
