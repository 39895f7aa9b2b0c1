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
  ["是", true], ["是的", true], ["是。", true], ["是！", true], ["是👍", true], ["👍是", true], ["👍", true], ["✅", true],
  ["√", true], ["对", true], ["对的", true], ["嗯", true], ["嗯嗯", true], ["好的", true], ["好", true], ["行", true],
  ["可以", true], ["收到", true], ["OK", true], ["ok", true], ["Ｙｅｓ", true], ["y", true], ["1", true], ["１", true],
  ["正常", true], ["无异常", true], ["没问题", true], ["没有问题", true], ["齐全", true], ["完好", true], ["良好", true],
  ["合格", true], ["达标", true], ["有效", true], ["畅通", true], ["通畅", true], ["到位", true], ["已完成", true],
  ["完成", true], ["已落实", true], ["已开展", true], ["已建成", true], ["有", true], ["有的", true], [" 是 ", true],
  ["否", false], ["不是", false], ["不", false], ["没有", false], ["没", false], ["无", false], ["0", false], ["n", false],
  ["No", false], ["×", false], ["❌", false], ["不合格", false], ["不齐全", false], ["不正常", false], ["异常", false],
  ["有问题", false], ["存在问题", false], ["不畅通", false], ["堵塞", false], ["缺失", false], ["损坏", false],
  ["未完成", false], ["未落实", false], ["未建成", false],
  ["也许", null], ["不知道", null], ["2", null], ["待定", null], ["", null], ["是否", null], ["看情况", null],
];

const count: Field = { key: "n", type: "integer", label: "参与学生数", prompt: "", unit: "人", min: 0 };
const COUNT: [string, number | null][] = [
  ["0", 0], ["1", 1], ["12", 12], ["120", 120], ["1200", 1200], ["1,200", 1200], ["1，200", 1200], ["１２０", 120],
  ["120人", 120], ["120 人", 120], ["120名", 120], ["120位", 120], ["120个人", 120], ["约120", 120], ["大约120人", 120],
  ["120左右", 120], ["一百二十", 120], ["一百二", 120], ["一百", 100], ["两百", 200], ["二百", 200], ["三十", 30],
  ["十", 10], ["十二", 12], ["二十五", 25], ["一千二百", 1200], ["1200人。", 1200], ["共120人", 120], ["120人次", null],
  ["零", 0], ["没有", null], ["无", null], ["3.5", null], ["-1", null], ["一百二十人", 120], ["壹佰贰拾", 120],
  ["45人", 45], ["45", 45], ["４５人", 45], ["两千", 2000], ["2千", 2000], ["1.2万", 12000], ["一万", 10000],
  ["300名学生", null], ["三百", 300], ["三百人", 300], ["九十九", 99], ["99", 99], ["99人", 99], ["5", 5], ["五", 5],
  ["五人", 5], ["七十", 70], ["七十人", 70], ["8", 8], ["八", 8], ["两", 2], ["二", 2], ["十万", 100000], ["abc", null],
  ["", null], ["很多", null],
];

const pct: Field = { key: "p", type: "percent", label: "覆盖率", prompt: "" };
const PERCENT: [string, number | null][] = [
  ["100", 100], ["100%", 100], ["100％", 100], ["98", 98], ["98%", 98], ["98 %", 98], ["98.5", 98.5], ["98.5%", 98.5],
  ["０", 0], ["0", 0], ["0%", 0], ["50", 50], ["50%", 50], ["百分之五十", 50], ["百分之百", 100], ["百分之98", 98],
  ["百分之九十八", 98], ["99.9", 99.9], ["99.9%", 99.9], ["１００％", 100], ["75", 75], ["75%", 75], ["75％", 75],
  ["约98%", 98], ["98%左右", 98], ["大约98", 98], ["60", 60], ["60%", 60], ["六十", 60], ["九十", 90], ["90%", 90],
  ["90", 90], ["95", 95], ["95%", 95], ["96", 96], ["97%", 97], ["88", 88], ["88%", 88], ["1", 1], ["1%", 1],
  ["10", 10], ["10%", 10], ["20%", 20], ["33.3", 33.3], ["33.3%", 33.3], ["66.7%", 66.7], ["80", 80], ["80%", 80],
  ["85%", 85], ["92", 92], ["93%", 93], ["94", 94], ["101", null], ["120%", null], ["-5", null], ["很高", null],
  ["全部", null], ["", null], ["98人", null], ["abc", null],
];

const date: Field = { key: "d", type: "date", label: "整改期限", prompt: "" };
const DATE: [string, string | null][] = [
  ["今天", "2026-12-02"], ["明天", "2026-12-03"], ["后天", "2026-12-04"], ["昨天", "2026-12-01"], ["12月5日", "2026-12-05"],
  ["12月5号", "2026-12-05"], ["12.5", "2026-12-05"], ["12/5", "2026-12-05"], ["2026-12-05", "2026-12-05"],
  ["2026/12/5", "2026-12-05"], ["2026年12月5日", "2026-12-05"], ["1月10日", "2027-01-10"], ["下周五", "2026-12-11"],
  ["本周五", "2026-12-04"], ["周五", "2026-12-04"], ["这周五", "2026-12-04"], ["12月31日", "2026-12-31"],
  ["2027-01-15", "2027-01-15"], ["13月1日", null], ["2月30日", null], ["随便", null], ["", null],
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
  it("has at least 60 answers for each of yes/no, counts and percentages", () => {
    expect(YESNO.length).toBeGreaterThanOrEqual(60);
    expect(COUNT.length).toBeGreaterThanOrEqual(60);
    expect(PERCENT.length).toBeGreaterThanOrEqual(60);
  });
});
