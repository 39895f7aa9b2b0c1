/** 学期 设置 / 列表 / 删除, 节假日 列表 / 设置 / 替换 / 删除 and 上线: the calendar admins keep. */
import { admin as t } from "../../../templates/admin.js";
import { commandTexts } from "../../../templates/commands.js";
import { parseDate } from "../../forms/parse/dates.js";
import { parseNumber } from "../../forms/parse/numbers.js";
import { bureauGoLive, setBureauGoLive } from "../../reports/go-live.js";
import { enterYearDays, removeEnteredDays, yearDays } from "../../schedule/calendar.js";
import { addDays, isValidDate, type LocalDate, splitDate, ymd } from "../../time/zoned.js";
import type { Command } from "./registry.js";

export function termCommand(): Command {
  return {
    id: "term",
    names: ["学期"],
    alias: "/term",
    roles: ["admin"],
    ...commandTexts.term,
    async run(ctx, args) {
      const [sub, a, b] = args;
      if (sub === "列表") {
        const terms = await ctx.db.schoolTerm.findMany({ orderBy: { startDate: "asc" } });
        return ctx.reply(t.termList(terms.map((x) => t.termLine(x.id, x.startDate, x.endDate))));
      }
      if (sub === "删除") {
        const n = parseNumber(a ?? "");
        const r = n ? await ctx.db.schoolTerm.deleteMany({ where: { id: n.value } }) : { count: 0 };
        if (!r.count || !n) return ctx.reply(t.termMissing());
        await ctx.audit("term.delete", String(n.value));
        return ctx.reply(t.termDeleted(n.value));
      }
      if (sub !== "设置") return ctx.reply(t.termUsage(Number(ctx.today.slice(0, 4))));
      const start = a ? parseDate(a, ctx.today) : null;
      const end = b ? parseDate(b, ctx.today) : null;
      if (!start || !end || end <= start) return ctx.reply(t.termBadDates(Number(ctx.today.slice(0, 4))));
      const term = await ctx.db.schoolTerm.upsert({
        where: { startDate_endDate: { startDate: start, endDate: end } },
        create: { name: `${start}~${end}`, startDate: start, endDate: end },
        update: {},
      });
      await ctx.audit("term.set", `${start}~${end}`);
      ctx.reply(t.termSet(term.id, start, end));
    },
  };
}

/** 10-01, 10月1日, 2027-10-01, and ranges 10-01~10-07 / 10月1日至10月7日, in `year`. */
export function parseDayList(year: number, tokens: string[]): { days: LocalDate[] } | { bad: string } {
  const days = new Set<LocalDate>();
  const one = (s: string): LocalDate | null => {
    const m = /^(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(s);
    if (!m) return null;
    const [y, mo, d] = [m[1] ? Number(m[1]) : year, Number(m[2]), Number(m[3])];
    return y === year && isValidDate(y, mo, d) ? ymd(y, mo, d) : null;
  };
  for (const token of tokens.flatMap((x) => x.split(/[、,，]/)).filter(Boolean)) {
    const range = /^(.+?)(?:~|～|至|到|\.\.|—|－)(.+)$/.exec(token);
    if (range) {
      const from = one(range[1] ?? "");
      const to = one(range[2] ?? "");
      if (!from || !to || to < from) return { bad: token };
      for (let d = from; d <= to; d = addDays(d, 1)) days.add(d);
      continue;
    }
    const d = one(token);
    if (!d) return { bad: token };
    days.add(d);
  }
  return { days: [...days].sort() };
}

/** "10月1日—10月7日、10月9日" */
function compress(days: LocalDate[]): string {
  const parts: string[] = [];
  const label = (d: LocalDate) => {
    const [, m, dd] = splitDate(d);
    return `${m}月${dd}日`;
  };
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && addDays(days[j] as string, 1) === days[j + 1]) j++;
    const a = days[i] as string;
    const b = days[j] as string;
    parts.push(a === b ? label(a) : `${label(a)}—${label(b)}`);
    i = j + 1;
  }
  return parts.join("、");
}

export function holidayCommand(): Command {
  return {
    id: "holiday",
    names: ["节假日"],
    alias: "/holiday",
    roles: ["admin"],
    ...commandTexts.holiday,
    async run(ctx, args) {
      const [sub, yearWord, ...rest] = args;
      const year = Number(yearWord ?? ctx.today.slice(0, 4));
      const validYear = Number.isInteger(year) && year >= 2000 && year <= 2100;
      const holding = async () => {
        const y = await yearDays(ctx.db, year);
        return t.holidayList(year, compress(y.holidays), compress(y.workdays), t.holidaySource[y.source] ?? y.source);
      };
      if (sub === "列表") return ctx.reply(validYear ? await holding() : t.holidayUsage());
      if (!validYear) return ctx.reply(t.holidayUsage());
      if (sub === "删除") {
        const days = parseDayList(year, rest);
        if ("bad" in days) return ctx.reply(t.holidayBadDate(days.bad));
        if (!days.days.length) return ctx.reply(t.holidayUsage());
        const removed = await removeEnteredDays(ctx.db, days.days);
        await ctx.audit("holiday.remove", String(year), { days: days.days.length });
        return ctx.reply(t.holidayRemoved(year, removed), await holding());
      }
      // 设置 adds what is announced (元旦 in December, 春节 in the spring …); 替换 starts the year afresh.
      if (sub !== "设置" && sub !== "替换") return ctx.reply(t.holidayUsage());
      const off = rest.indexOf("放假");
      const on = rest.indexOf("调休上班");
      if (off < 0 && on < 0) return ctx.reply(t.holidayUsage());
      const offTokens = off >= 0 ? rest.slice(off + 1, on > off ? on : undefined) : [];
      const onTokens = on >= 0 ? rest.slice(on + 1, off > on ? off : undefined) : [];
      const holidays = parseDayList(year, offTokens);
      if ("bad" in holidays) return ctx.reply(t.holidayBadDate(holidays.bad));
      const workdays = parseDayList(year, onTokens);
      if ("bad" in workdays) return ctx.reply(t.holidayBadDate(workdays.bad));
      const replace = sub === "替换";
      await enterYearDays(ctx.db, year, holidays.days, workdays.days, ctx.person.userid, { replace });
      await ctx.audit(replace ? "holiday.replace" : "holiday.add", String(year), {
        holidays: holidays.days.length,
        workdays: workdays.days.length,
      });
      ctx.reply(t.holidaySet(year, holidays.days.length, workdays.days.length, replace), await holding());
    },
  };
}

/** 上线 [日期|取消]: the day reporting starts for every school (nothing is owed for a period that ended before it). */
export function goLiveCommand(): Command {
  return {
    id: "goLive",
    names: ["上线", "上线日期", "开始填报日期"],
    alias: "/golive",
    roles: ["admin"],
    ...commandTexts.goLive,
    async run(ctx, args) {
      const [word] = args;
      if (!word) return ctx.reply(t.goLiveShown(await bureauGoLive(ctx.db)));
      if (word === "取消" || word === "删除") {
        await setBureauGoLive(ctx.db, null, ctx.person.userid, ctx.now);
        await ctx.audit("go-live.clear", "");
        return ctx.reply(t.goLiveCleared());
      }
      const day = parseDate(word, ctx.today);
      if (!day) return ctx.reply(t.goLiveBad(Number(ctx.today.slice(0, 4))));
      await setBureauGoLive(ctx.db, day, ctx.person.userid, ctx.now);
      await ctx.audit("go-live.set", day);
      ctx.reply(t.goLiveSet(day));
    },
  };
}
