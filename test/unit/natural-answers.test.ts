/**
 * What busy people type, and what it must give (issue 15, item 6): a table of
 * real answers per field type, each with the value it must be stored as —
 * or null where the answer must be refused (with a reason saying what to type).
 */
import { describe, expect, it } from "vitest";
import { parseField } from "../../src/forms/fields.js";
import type { Field } from "../../src/forms/types.js";

const clock = { today: "2026-12-02", now: new Date("2026-12-02T02:00:00Z"), tz: "Asia/Shanghai" };
const parse = (field: Field, input: string) => {
  const r = parseField(field, input, {}, clock as never);
  return r.ok ? r.value : null;
};

const yesno: Field = { key: "ok", type: "yesno", label: "生命通道畅通", prompt: "" };
const YESNO: [string, boolean | null][] = [
  ["是", true],
  ["是的", true],
  ["是。", true],
  ["是！", true],
  ["是👍", true],
  ["👍是", true],
  ["👍", true],
  ["✅", true],
  ["√", true],
  ["对", true],
  ["对的", true],
  ["嗯", true],
  ["嗯嗯", true],
  ["好的", true],
  ["好", true],
  ["行", true],
  ["可以", true],
  ["收到", true],
  ["OK", true],
  ["ok", true],
  ["Ｙｅｓ", true],
  ["y", true],
  ["1", true],
  ["１", true],
  ["正常", true],
  ["无异常", true],
  ["没问题", true],
  ["没有问题", true],
  ["齐全", true],
  ["完好", true],
  ["良好", true],
  ["合格", true],
  ["达标", true],
  ["有效", true],
  ["畅通", true],
  ["通畅", true],
  ["到位", true],
  ["已完成", true],
  ["完成", true],
  ["已落实", true],
  ["已开展", true],
  ["已建成", true],
  ["有", true],
  ["有的", true],
  [" 是 ", true],
  ["否", false],
  ["不是", false],
  ["不", false],
  ["没有", false],
  ["没", false],
  ["无", false],
  ["0", false],
  ["n", false],
  ["No", false],
  ["×", false],
  ["❌", false],
  ["不合格", false],
  ["不齐全", false],
  ["不正常", false],
  ["异常", false],
  ["有问题", false],
  ["存在问题", false],
  ["不畅通", false],
  ["堵塞", false],
  ["缺失", false],
  ["损坏", false],
  ["未完成", false],
  ["未落实", false],
  ["未建成", false],
  ["也许", null],
  ["不知道", null],
  ["2", null],
  ["待定", null],
  ["", null],
  ["是否", null],
  ["看情况", null],
];

const count: Field = { key: "n", type: "integer", label: "参与学生数", prompt: "", unit: "人", min: 0 };
const COUNT: [string, number | null][] = [
  ["0", 0],
  ["1", 1],
  ["12", 12],
  ["120", 120],
  ["1200", 1200],
  ["1,200", 1200],
  ["1，200", 1200],
  ["１２０", 120],
  ["120人", 120],
  ["120 人", 120],
  ["120名", 120],
  ["120位", 120],
  ["120个人", 120],
  ["约120", 120],
  ["大约120人", 120],
  ["120左右", 120],
  ["一百二十", 120],
  ["一百二", 120],
  ["一百", 100],
  ["两百", 200],
  ["二百", 200],
  ["三十", 30],
  ["十", 10],
  ["十二", 12],
  ["二十五", 25],
  ["一千二百", 1200],
  ["1200人。", 1200],
  ["共120人", 120],
  ["120人次", null],
  ["零", 0],
  // “没有” at a count is none (issue 29, item 10).
  ["没有", 0],
  ["无", 0],
  ["3.5", null],
  ["-1", null],
  ["一百二十人", 120],
  ["壹佰贰拾", 120],
  ["45人", 45],
  ["45", 45],
  ["４５人", 45],
  ["两千", 2000],
  ["2千", 2000],
  ["1.2万", 12000],
  ["一万", 10000],
  ["300名学生", null],
  ["三百", 300],
  ["三百人", 300],
  ["九十九", 99],
  ["99", 99],
  ["99人", 99],
  ["5", 5],
  ["五", 5],
  ["五人", 5],
  ["七十", 70],
  ["七十人", 70],
  ["8", 8],
  ["八", 8],
  ["两", 2],
  ["二", 2],
  ["十万", 100000],
  ["abc", null],
  ["", null],
  ["很多", null],
];

const pct: Field = { key: "p", type: "percent", label: "覆盖率", prompt: "" };
const PERCENT: [string, number | null][] = [
  ["100", 100],
  ["100%", 100],
  ["100％", 100],
  ["98", 98],
  ["98%", 98],
  ["98 %", 98],
  ["98.5", 98.5],
  ["98.5%", 98.5],
  ["０", 0],
  ["0", 0],
  ["0%", 0],
  ["50", 50],
  ["50%", 50],
  ["百分之五十", 50],
  ["百分之百", 100],
  ["百分之98", 98],
  ["百分之九十八", 98],
  ["99.9", 99.9],
  ["99.9%", 99.9],
  ["１００％", 100],
  ["75", 75],
  ["75%", 75],
  ["75％", 75],
  ["约98%", 98],
  ["98%左右", 98],
  ["大约98", 98],
  ["60", 60],
  ["60%", 60],
  ["六十", 60],
  ["九十", 90],
  ["90%", 90],
  ["90", 90],
  ["95", 95],
  ["95%", 95],
  ["96", 96],
  ["97%", 97],
  ["88", 88],
  ["88%", 88],
  ["1", 1],
  ["1%", 1],
  ["10", 10],
  ["10%", 10],
  ["20%", 20],
  ["33.3", 33.3],
  ["33.3%", 33.3],
  ["66.7%", 66.7],
  ["80", 80],
  ["80%", 80],
  ["85%", 85],
  ["92", 92],
  ["93%", 93],
  ["94", 94],
  ["101", null],
  ["120%", null],
  ["-5", null],
  ["很高", null],
  ["全部", null],
  ["", null],
  ["98人", null],
  ["abc", null],
];

const date: Field = { key: "d", type: "date", label: "整改期限", prompt: "" };
const DATE: [string, string | null][] = [
  ["今天", "2026-12-02"],
  ["今日", "2026-12-02"],
  ["明天", "2026-12-03"],
  ["明日", "2026-12-03"],
  ["后天", "2026-12-04"],
  ["大后天", "2026-12-05"],
  ["昨天", "2026-12-01"],
  ["前天", "2026-11-30"],
  ["12月5日", "2026-12-05"],
  ["12月5号", "2026-12-05"],
  ["12月5", "2026-12-05"],
  ["12.5", "2026-12-05"],
  ["12/5", "2026-12-05"],
  ["12-5", "2026-12-05"],
  ["5日", "2026-12-05"],
  ["5号", "2026-12-05"],
  ["十二月五日", "2026-12-05"],
  ["12月五日", "2026-12-05"],
  ["2026-12-05", "2026-12-05"],
  ["2026-12-5", "2026-12-05"],
  ["2026/12/5", "2026-12-05"],
  ["2026.12.5", "2026-12-05"],
  ["2026年12月5日", "2026-12-05"],
  ["20261205", "2026-12-05"],
  ["１２月５日", "2026-12-05"],
  ["12月5日。", "2026-12-05"],
  ["1月10日", "2027-01-10"],
  ["1.10", "2027-01-10"],
  ["01/10", "2027-01-10"],
  ["2027-01-15", "2027-01-15"],
  ["2027年1月15日", "2027-01-15"],
  ["12月31日", "2026-12-31"],
  ["月底", "2026-12-31"],
  ["本月底", "2026-12-31"],
  ["下月5日", "2027-01-05"],
  ["下个月5号", "2027-01-05"],
  ["3天后", "2026-12-05"],
  ["三天后", "2026-12-05"],
  ["10天后", "2026-12-12"],
  ["一周后", "2026-12-09"],
  ["两周后", "2026-12-16"],
  ["下周五", "2026-12-11"],
  ["下星期五", "2026-12-11"],
  ["下礼拜五", "2026-12-11"],
  ["本周五", "2026-12-04"],
  ["这周五", "2026-12-04"],
  ["周五", "2026-12-04"],
  ["星期五", "2026-12-04"],
  ["礼拜五", "2026-12-04"],
  ["下周一", "2026-12-07"],
  ["周日", "2026-12-06"],
  ["星期天", "2026-12-06"],
  ["下周日", "2026-12-13"],
  ["周5", "2026-12-04"],
  ["2026-1-5", "2026-01-05"],
  ["13月1日", null],
  ["2月30日", null],
  ["12月", null],
  ["下周", null],
  ["随便", null],
  ["", null],
  ["元旦", null],
];

const time: Field = { key: "t", type: "time", label: "每日结束时间", prompt: "" };
const TIME: [string, string | null][] = [
  ["17:30", "17:30"],
  ["17：30", "17:30"],
  ["17.30", "17:30"],
  ["1730", "17:30"],
  ["17:30:00", "17:30"],
  ["17点30", "17:30"],
  ["17点30分", "17:30"],
  ["17时30分", "17:30"],
  ["17点半", "17:30"],
  ["十七点半", "17:30"],
  ["十七点三十", "17:30"],
  ["下午5点半", "17:30"],
  ["下午五点半", "17:30"],
  ["下午5:30", "17:30"],
  ["5:30 PM", "17:30"],
  ["5:30pm", "17:30"],
  ["17点", "17:00"],
  ["17时", "17:00"],
  ["下午5时", "17:00"],
  ["傍晚5点", "17:00"],
  ["18:00", "18:00"],
  ["18点", "18:00"],
  ["晚上6点", "18:00"],
  ["下午六点", "18:00"],
  ["16:45", "16:45"],
  ["16点45", "16:45"],
  ["16点45分", "16:45"],
  ["下午4点45", "16:45"],
  ["下午4点45分", "16:45"],
  ["16点三刻", "16:45"],
  ["下午4点一刻", "16:15"],
  ["15:00", "15:00"],
  ["15点", "15:00"],
  ["下午3点", "15:00"],
  ["下午三点", "15:00"],
  ["12:00", "12:00"],
  ["12点", "12:00"],
  ["中午12点", "12:00"],
  ["8:00", "08:00"],
  ["08:00", "08:00"],
  ["上午8点", "08:00"],
  ["早上8点", "08:00"],
  ["9:05", "09:05"],
  ["9点5分", "09:05"],
  ["21:00", "21:00"],
  ["晚上9点", "21:00"],
  ["0:00", "00:00"],
  ["24:00", "00:00"],
  ["１７：３０", "17:30"],
  ["17:30。", "17:30"],
  ["25:00", null],
  ["17:60", null],
  ["17:3", null],
  ["17:300", null],
  ["17", null],
  ["5", null],
  ["下午", null],
  ["abc", null],
  ["", null],
  ["放学后", null],
];

const money: Field = { key: "m", type: "decimal", label: "投入", prompt: "", unit: "万元", min: 0 };
const MONEY: [string, number | null][] = [
  ["3.5", 3.5],
  ["3.5万", 3.5],
  ["3.5万元", 3.5],
  ["3.5万左右", 3.5],
  ["约3.5万", 3.5],
  ["共3.5万元", 3.5],
  ["35000元", 3.5],
  ["三点五", 3.5],
  ["3。5", 3.5],
  ["3．5", 3.5],
  ["０.５", 0.5],
  ["0.5", 0.5],
  ["0", 0],
  ["100", 100],
  ["100万", 100],
  ["100万元", 100],
  ["1.2亿", 12000],
  ["1.2亿元", 12000],
  ["3,500.5", 3500.5],
  ["12.34", 12.34],
  ["一万元", 1],
  ["-1", null],
  ["abc", null],
  ["", null],
  ["很多", null],
  ["3.5美元", null],
];

const choice: Field = { key: "c", type: "choice", label: "校车", prompt: "", options: ["正常", "存在问题", "不适用"] };
const CHOICE: [string, string | null][] = [
  ["1", "正常"],
  ["１", "正常"],
  ["1.", "正常"],
  ["①", "正常"],
  ["一", "正常"],
  ["正常", "正常"],
  ["2", "存在问题"],
  ["二", "存在问题"],
  ["存在问题", "存在问题"],
  ["存在", "存在问题"],
  ["3", "不适用"],
  ["三", "不适用"],
  ["不适用", "不适用"],
  ["不适", "不适用"],
  ["4", null],
  ["0", null],
  ["正", null],
  ["不", null],
  ["问题", null],
  ["", null],
];

describe("answers as people type them", () => {
  it.each(YESNO)("a yes/no question reads “%s” as %s", (input, want) => {
    expect(parse(yesno, input)).toBe(want);
  });
  it.each(COUNT)("a head count reads “%s” as %s", (input, want) => {
    expect(parse(count, input)).toBe(want);
  });
  it.each(PERCENT)("a percentage reads “%s” as %s", (input, want) => {
    expect(parse(pct, input)).toBe(want);
  });
  it.each(DATE)("a date reads “%s” as %s (today 2026-12-02, a Wednesday)", (input, want) => {
    expect(parse(date, input)).toBe(want);
  });
  it.each(TIME)("a time reads “%s” as %s", (input, want) => {
    expect(parse(time, input)).toBe(want);
  });
  it.each(MONEY)("an amount in 万元 reads “%s” as %s", (input, want) => {
    expect(parse(money, input)).toBe(want);
  });
  it.each(CHOICE)("a numbered choice reads “%s” as %s", (input, want) => {
    expect(parse(choice, input)).toBe(want);
  });
  it("has at least 60 answers for each of yes/no, counts, percentages, dates and times", () => {
    for (const table of [YESNO, COUNT, PERCENT, DATE, TIME]) expect(table.length).toBeGreaterThanOrEqual(60);
  });
});

describe("answers written as people say them (issue 29, item 10)", () => {
  const highRise: Field = {
    key: "highRise",
    type: "choice",
    label: "高层建筑消防",
    prompt: "",
    options: ["符合要求", "存在问题", "不适用"],
  };
  const schoolBus: Field = { key: "schoolBus", type: "choice", label: "校车", prompt: "", options: ["正常", "存在问题", "不适用"] };
  const canteen: Field = { key: "canteenFood", type: "choice", label: "食堂", prompt: "", options: ["正常", "存在问题", "无食堂"] };
  const count: Field = { key: "hazardCount", type: "integer", label: "隐患数", prompt: "", unit: "处", min: 0, max: 20 };
  const schools: Field = { key: "done", type: "integer", label: "已完成", prompt: "", unit: "所", min: 0, max: 100 };

  it.each([
    [highRise, "没有高层", "不适用"],
    [highRise, "我校没有高层建筑", "不适用"],
    [highRise, "没问题", "符合要求"],
    [highRise, "有问题", "存在问题"],
    [schoolBus, "没有校车", "不适用"],
    [schoolBus, "无校车", "不适用"],
    [schoolBus, "无异常", "正常"],
    [canteen, "没有食堂", "无食堂"],
    [canteen, "不涉及", "无食堂"],
    [canteen, "正常", "正常"],
  ] as const)("a choice: “%s” → %s", (field, input, value) => {
    expect(parse(field, input)).toBe(value);
  });

  it.each(["没有", "无", "一个也没有", "零"])("a count of hazards: “%s” is 0", (input) => {
    expect(parse(count, input)).toBe(0);
  });

  it.each([
    ["已完成1所", 1],
    ["完成3所", 3],
    ["新增2所", 2],
  ] as const)("a count: “%s” → %s", (input, value) => {
    expect(parse(schools, input)).toBe(value);
  });

  it("reads “缺两个灭火器” at a yes/no as 否, keeping the words to offer as the problem's description", () => {
    const r = parseField(yesno, "缺两个灭火器", {}, clock as never);
    expect(r).toEqual({ ok: true, value: false, detail: "缺两个灭火器" });
    expect(parseField(yesno, "没问题，都检查过了", {}, clock as never)).toEqual({ ok: true, value: true });
  });

  it("names the words that work when a choice is not understood, not only the numbers", () => {
    const r = parseField(highRise, "还行吧", {}, clock as never);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.reason).toContain("符合要求、存在问题、不适用");
  });
});

describe("a time with a plausible window (issue 29, item 8)", () => {
  const endTime: Field = { key: "endTime", type: "time", label: "结束时间", prompt: "", window: { from: "12:00", to: "22:00" } };
  it.each([
    ["五点半", "17:30"],
    ["5:30", "17:30"],
    ["5点", "17:00"],
    ["17:30", "17:30"],
    ["下午5点半", "17:30"],
    ["6点40", "18:40"],
  ] as const)("reads “%s” as %s when after-school service ends", (input, value) => {
    expect(parse(endTime, input)).toBe(value);
  });

  it.each(["上午9点", "凌晨2点", "23:30"])("asks again for “%s”, which is outside the window", (input) => {
    const r = parseField(endTime, input, {}, clock as never);
    expect(r.ok ? "" : r.reason).toContain("12:00 到 22:00 之间");
  });
});
