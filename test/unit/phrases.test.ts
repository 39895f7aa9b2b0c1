import chineseDays from "chinese-days";
import { afterEach, describe, expect, it } from "vitest";
import { describeRule, type FiringContext, nextFirings, parsePhrase, type Rule } from "../../src/schedule/phrases.js";
import { weekdayOf } from "../../src/time/zoned.js";

const TZ = "Asia/Shanghai";
const pkg: FiringContext = { tz: TZ, isWorkday: (d) => chineseDays.isWorkday(d) };
const local = (dates: Date[]) =>
  dates.map((d) => new Intl.DateTimeFormat("sv-SE", { timeZone: TZ, dateStyle: "short", timeStyle: "short" }).format(d));

describe("reading schedule phrases", () => {
  it.each([
    ["每天 17:00", { type: "daily", hour: 17, minute: 0 }],
    ["每天17点", { type: "daily", hour: 17, minute: 0 }],
    ["工作日 08:30", { type: "workdays", hour: 8, minute: 30 }],
    ["每个工作日 上午8点半", { type: "workdays", hour: 8, minute: 30 }],
    ["每周一 09:00", { type: "weekly", days: [1], hour: 9, minute: 0 }],
    ["每周一至五 16:00", { type: "weekly", days: [1, 2, 3, 4, 5], hour: 16, minute: 0 }],
    ["每周一、三、五 8:00", { type: "weekly", days: [1, 3, 5], hour: 8, minute: 0 }],
    ["每周日 20:00", { type: "weekly", days: [7], hour: 20, minute: 0 }],
    ["每月1日 09:00", { type: "monthly", day: 1, hour: 9, minute: 0 }],
    ["每月十五号 下午3点", { type: "monthly", day: 15, hour: 15, minute: 0 }],
    ["每月最后一个工作日 15:00", { type: "monthLastWorkday", hour: 15, minute: 0 }],
    ["截止前24小时", { type: "beforeDeadline", hours: 24 }],
    ["截止前2天", { type: "beforeDeadline", hours: 48 }],
    ["cron:0 9 * * 1", { type: "cron", expr: "0 9 * * 1" }],
    ["cron: */30  8-17 * * 1-5", { type: "cron", expr: "*/30 8-17 * * 1-5" }],
    ["每天　１７：００", { type: "daily", hour: 17, minute: 0 }],
  ] as const)("reads “%s”", (phrase, rule) => {
    expect(parsePhrase(phrase)).toEqual(rule);
  });

  it.each([
    "每天",
    "每周八 09:00",
    "每周五至一 09:00",
    "每月32日 09:00",
    "每天 25:00",
    "明天早上",
    "cron:0 9 * *",
    "cron:61 9 * * 1",
    "截止前0小时",
    "",
  ])("refuses “%s”", (phrase) => {
    expect(parsePhrase(phrase)).toBeNull();
  });

  it("says each rule back in plain Chinese", () => {
    expect(describeRule(parsePhrase("工作日 08:30") as Rule)).toBe("每个工作日 08:30（法定节假日不发，调休上班日照发）");
    expect(describeRule(parsePhrase("每周一、三、五 8:00") as Rule)).toBe("每周一、三、五 08:00");
    expect(describeRule(parsePhrase("截止前2天") as Rule)).toBe("每期截止前 2 天");
  });
});

describe("computing firings", () => {
  afterEach(() => {
    delete process.env.TZ;
  });

  it("工作日 08:30 skips the National Day holiday and fires on the 调休 Saturday", () => {
    const from = new Date("2026-09-30T04:00:00Z"); // 12:00 local, after the day's firing
    const got = local(nextFirings(parsePhrase("工作日 08:30") as Rule, from, 3, pkg));
    expect(got).toEqual(["2026-10-08 08:30", "2026-10-09 08:30", "2026-10-10 08:30"]); // 10-01…10-07 off
    expect(weekdayOf("2026-10-10")).toBe(6);
  });

  it("每月最后一个工作日 lands right across month ends", () => {
    const got = local(nextFirings(parsePhrase("每月最后一个工作日 15:00") as Rule, new Date("2026-04-30T08:00:00Z"), 3, pkg));
    expect(got).toEqual(["2026-05-29 15:00", "2026-06-30 15:00", "2026-07-31 15:00"]);
  });

  it("keeps the bot's timezone whatever the server's TZ", () => {
    const from = new Date("2026-03-01T00:00:00Z");
    const rule = parsePhrase("每周一 09:00") as Rule;
    const a = nextFirings(rule, from, 2, pkg).map((d) => d.toISOString());
    process.env.TZ = "America/New_York";
    const b = nextFirings(rule, from, 2, pkg).map((d) => d.toISOString());
    expect(b).toEqual(a);
    expect(a).toEqual(["2026-03-02T01:00:00.000Z", "2026-03-09T01:00:00.000Z"]);
  });

  it("reads cron in the bot's timezone", () => {
    const got = local(nextFirings(parsePhrase("cron:0 9 * * 1") as Rule, new Date("2026-03-01T00:00:00Z"), 2, pkg));
    expect(got).toEqual(["2026-03-02 09:00", "2026-03-09 09:00"]);
  });

  it("每月31日 fires at the end of shorter months", () => {
    const got = local(nextFirings(parsePhrase("每月31日 09:00") as Rule, new Date("2026-01-31T12:00:00Z"), 2, pkg));
    expect(got).toEqual(["2026-02-28 09:00", "2026-03-31 09:00"]);
  });

  it("截止前24小时 counts back from the report kind's deadlines", () => {
    const deadlines = [new Date("2026-03-06T09:00:00Z"), new Date("2026-03-13T09:00:00Z"), new Date("2026-03-20T09:00:00Z")];
    const ctx = { ...pkg, deadlinesFrom: () => deadlines };
    const got = nextFirings(parsePhrase("截止前24小时") as Rule, new Date("2026-03-05T10:00:00Z"), 2, ctx).map((d) => d.toISOString());
    expect(got).toEqual(["2026-03-12T09:00:00.000Z", "2026-03-19T09:00:00.000Z"]);
  });
});
