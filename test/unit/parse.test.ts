import { describe, expect, it } from "vitest";
import { formatTime, parseDate, parseTime } from "../../src/forms/parse/dates.js";
import { normalize } from "../../src/forms/parse/normalize.js";
import { parseNumber } from "../../src/forms/parse/numbers.js";

describe("numbers as people write them", () => {
  it.each([
    ["120", 120, ""],
    ["120人", 120, "人"],
    ["１２０人", 120, "人"],
    [" 120 人 ", 120, "人"],
    ["一百二十", 120, ""],
    ["一百二十人", 120, "人"],
    ["两千五", 2500, ""],
    ["两百", 200, ""],
    ["十五", 15, ""],
    ["十", 10, ""],
    ["二十", 20, ""],
    ["一百零五", 105, ""],
    ["三千零五十", 3050, ""],
    ["一万二", 12000, ""],
    ["一千二百三十四万五千", 12345000, ""],
    ["三点五", 3.5, ""],
    ["零", 0, ""],
    ["1.2万", 12000, ""],
    ["2.5万人次", 25000, "人次"],
    ["1,200", 1200, ""],
    ["98%", 98, "%"],
    ["98.5%", 98.5, "%"],
    ["百分之九十八", 98, "%"],
    ["五十二所", 52, "所"],
    ["11600万元", 116000000, "元"],
    ["约120人", 120, "人"],
    ["3千", 3000, ""],
    ["150元/生/学期", 150, "元/生/学期"],
  ])("reads %s as %d with unit “%s”", (input, value, unit) => {
    expect(parseNumber(input)).toEqual({ value, unit });
  });

  it.each(["", "abc", "人120", "二三", "百十", "很多", "😀", "'; DROP TABLE Report;--", "十十"])("refuses %s", (input) => {
    expect(parseNumber(input)).toBeNull();
  });
});

describe("dates as people write them", () => {
  const today = "2022-03-09"; // a Wednesday
  it.each([
    ["今天", "2022-03-09"],
    ["昨天", "2022-03-08"],
    ["前天", "2022-03-07"],
    ["明天", "2022-03-10"],
    ["周五", "2022-03-11"],
    ["本周一", "2022-03-07"],
    ["下周一", "2022-03-14"],
    ["上周五", "2022-03-04"],
    ["星期日", "2022-03-13"],
    ["3月5日", "2022-03-05"],
    ["3月5号", "2022-03-05"],
    ["三月五日", "2022-03-05"],
    ["3.5", "2022-03-05"],
    ["3/15", "2022-03-15"],
    ["2022-03-05", "2022-03-05"],
    ["2022/3/5", "2022-03-05"],
    ["2022年3月5日", "2022-03-05"],
    ["２０２２－０３－０５", "2022-03-05"],
    ["15号", "2022-03-15"],
  ])("reads %s on 2022-03-09 as %s", (input, expected) => {
    expect(parseDate(input, today)).toBe(expected);
  });

  it("takes the nearest such date across New Year, both ways", () => {
    expect(parseDate("12月30日", "2022-01-03")).toBe("2021-12-30");
    expect(parseDate("1月3日", "2021-12-30")).toBe("2022-01-03");
    expect(parseDate("6月1日", "2022-01-03")).toBe("2022-06-01");
  });

  it.each(["2月30日", "2022-13-01", "13月1日", "下下周", "某天", "", "2022-02-29"])("refuses %s", (input) => {
    expect(parseDate(input, today)).toBeNull();
  });
});

describe("times as people write them", () => {
  it.each([
    ["17:30", "17:30"],
    ["17：30", "17:30"],
    ["17点30", "17:30"],
    ["17点30分", "17:30"],
    ["17点半", "17:30"],
    ["下午5点半", "17:30"],
    ["下午五点半", "17:30"],
    ["晚上8点", "20:00"],
    ["傍晚6点一刻", "18:15"],
    ["上午9点", "09:00"],
    ["中午12点", "12:00"],
    ["5:30pm", "17:30"],
    ["8点", "08:00"],
    ["0:00", "00:00"],
  ])("reads %s as %s", (input, expected) => {
    const t = parseTime(input);
    expect(t && formatTime(t)).toBe(expected);
  });

  it.each(["25:00", "17:61", "下午", "半", "五点钟左右", ""])("refuses %s", (input) => {
    expect(parseTime(input)).toBeNull();
  });
});

describe("normalising what people type", () => {
  it.each([
    ["安全检查。", "安全检查"],
    ["  安全检查！！ ", "安全检查"],
    ["ａｂｃ　１２３", "abc 123"],
    ["隐患   整改  3", "隐患 整改 3"],
    ["/ＨＥＬＰ", "/HELP"],
    ["查看 安全 上周？", "查看 安全 上周"],
  ])("turns “%s” into “%s”", (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });
});
