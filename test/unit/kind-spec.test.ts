import { describe, expect, it } from "vitest";
import { builtinSpec } from "../../src/kinds/builtin.js";
import { specChanges } from "../../src/kinds/changes.js";
import { compileSpec } from "../../src/kinds/compile.js";
import { deadlinePhrase, parseDeadline } from "../../src/kinds/deadline.js";
import { BadSpec, parseKindSpec } from "../../src/kinds/spec.js";
import { deadlineOf, FIFTH_NEXT_MONTH_17, FRIDAY_17, MONTH_END, weekPeriod } from "../../src/reports/periods.js";

const drill = {
  id: "fire-drill",
  version: 1,
  name: "消防演练",
  short: "演练",
  period: "month",
  deadline: "次月5日 17:00",
  owedBy: { unitKinds: ["小学", "幼儿园"] },
  fields: [
    { key: "held", label: "是否开展", prompt: "本月是否开展消防演练？", type: "yesno" },
    {
      key: "participants",
      label: "参加人数",
      prompt: "参加人数？",
      type: "integer",
      unit: "人",
      min: 0,
      maxField: { field: "enrolled", label: "在校生数" },
      showIf: { field: "held", is: true },
    },
  ],
};

describe("a KindSpec", () => {
  it("is accepted in the format docs/DESIGN.md gives", () => {
    const spec = parseKindSpec(drill);
    expect(spec.fields).toHaveLength(2);
    expect(spec.purpose).toBe("综合");
  });

  it("is refused whole, each reason naming the key and what is wrong", () => {
    const bad = {
      ...drill,
      period: "year",
      fields: [
        { ...drill.fields[0], type: "slider" },
        { ...drill.fields[1], key: "2x" },
      ],
    };
    let err: unknown;
    try {
      parseKindSpec(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadSpec);
    const text = (err as BadSpec).message;
    expect(text).toContain("period：应为 week、month 或 once");
    expect(text).toContain("fields[0]");
    expect(text).toContain("fields[1].key：应为字母开头的英文键");
  });

  it("refuses keys it does not know rather than ignoring them", () => {
    expect(() => parseKindSpec({ ...drill, colour: "red" })).toThrow(BadSpec);
  });

  it("refuses a name or a question with a control or direction-override character, naming where and which", () => {
    const bad = { ...drill, name: "消防\u202e演练", fields: [{ ...drill.fields[0], prompt: "本月\u0007开展了吗？" }, drill.fields[1]] };
    expect(() => parseKindSpec(bad)).toThrow(/name：含有不可见的控制字符或文字方向控制符（U\+202E）/);
    expect(() => parseKindSpec(bad)).toThrow(/fields\[0\]\.prompt：含有不可见的控制字符.*（U\+0007）/);
  });
});

describe("what changed between two versions", () => {
  const v1 = parseKindSpec(drill);
  it("names questions added, removed and changed by their labels, and the other keys that differ", () => {
    const v2 = parseKindSpec({
      ...drill,
      deadline: "当月最后一天 24:00",
      fields: [
        { ...drill.fields[0], label: "已开展演练" },
        { key: "note", label: "备注", prompt: "还有需要说明的吗？", type: "text", maxLength: 200, optional: true },
      ],
    });
    expect(specChanges(v1, v2)).toEqual(["修改问题「是否开展」：名称", "新增问题：备注", "删除问题：参加人数", "修改：截止时间"]);
  });

  it("says so when only the version number differs", () => {
    expect(specChanges(v1, { ...v1, version: 7 })).toEqual(["无实质变化"]);
  });
});

describe("a deadline phrase", () => {
  it("reads the built-in kinds' deadlines as the rules the code used", () => {
    expect(parseDeadline("周五 17:00", "week")).toEqual(FRIDAY_17);
    expect(parseDeadline("次月5日 17:00", "month")).toEqual(FIFTH_NEXT_MONTH_17);
    expect(parseDeadline("当月最后一天 24:00", "month")).toEqual(MONTH_END);
    expect(parseDeadline("无", "week")).toEqual({ in: "none" });
  });

  it("is written back as the same phrase", () => {
    for (const [phrase, period] of [
      ["周五 17:00", "week"],
      ["周一 09:30", "week"],
      ["次月5日 17:00", "month"],
      ["次月10日 12:00", "month"],
      ["当月最后一天 24:00", "month"],
      ["无", "month"],
    ] as const) {
      const rule = parseDeadline(phrase, period);
      expect("problem" in rule, phrase).toBe(false);
      if (!("problem" in rule)) expect(deadlinePhrase(rule)).toBe(phrase);
    }
  });

  it("places a weekly deadline on the stated weekday and hour, Beijing time", () => {
    const rule = parseDeadline("周三 09:30", "week");
    if ("problem" in rule) throw new Error(rule.problem);
    // The week of Monday 2022-03-07 (Beijing): Wednesday 09:30 Beijing is 01:30 UTC.
    const due = deadlineOf(rule, weekPeriod(2022, 10), "Asia/Shanghai");
    expect(due?.toISOString()).toBe("2022-03-09T01:30:00.000Z");
  });

  it("says what to write when the phrase does not fit the period", () => {
    expect(parseDeadline("次月5日 17:00", "week")).toMatchObject({ problem: expect.stringContaining("周五 17:00") });
    expect(parseDeadline("周五", "month")).toMatchObject({ problem: expect.stringContaining("次月5日 17:00") });
    expect(parseDeadline("次月31日 17:00", "month")).toHaveProperty("problem");
    expect(parseDeadline("周五 25:00", "week")).toHaveProperty("problem");
  });
});

describe("a KindSpec compiled", () => {
  it("is refused whole when its keys do not fit together, each problem named", () => {
    const bad = {
      ...drill,
      deadline: "周五 17:00",
      fields: [
        { key: "held", label: "是否开展", prompt: "本月是否开展消防演练？", type: "yesno", showIf: { field: "later", is: true } },
        { key: "held", label: "重复", prompt: "重复？", type: "yesno" },
        { key: "people", label: "人数", prompt: "人数？", type: "integer", unit: "人", maxField: { field: "held" }, min: 5, max: 1 },
        { key: "later", label: "以后", prompt: "以后？", type: "yesno" },
      ],
      capabilities: { teleport: {} },
    };
    let err: unknown;
    try {
      compileSpec(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadSpec);
    const text = (err as BadSpec).message;
    expect(text).toContain("capabilities.teleport：没有这项能力");
    expect(text).toContain("deadline：每月的报表写成");
  });

  it("names fields that refer to later or missing ones, repeated keys and impossible bounds", () => {
    const bad = {
      ...drill,
      fields: [
        { key: "held", label: "是否开展", prompt: "本月是否开展消防演练？", type: "yesno", showIf: { field: "later", is: true } },
        { key: "held", label: "重复", prompt: "重复？", type: "yesno" },
        { key: "people", label: "人数", prompt: "人数？", type: "integer", unit: "人", maxField: { field: "held" }, min: 5, max: 1 },
        { key: "later", label: "以后", prompt: "以后？", type: "yesno" },
      ],
    };
    const problems = (() => {
      try {
        compileSpec(bad);
        return [];
      } catch (e) {
        return (e as BadSpec).problems;
      }
    })();
    expect(problems).toEqual([
      "fields[0].showIf：“later”不是前面的问题",
      "fields[1].key：“held”重复",
      "fields[2].maxField.field：“held”应是前面的数字问题",
      "fields[2].min：不能大于 max",
    ]);
  });

  it("derives one schema from the form: participants at most the enrolment, an answer only when its question is asked", () => {
    const k = compileSpec({
      ...drill,
      fields: [
        { key: "held", label: "是否开展", prompt: "本月是否开展消防演练？", type: "yesno" },
        { key: "enrolled", label: "在校生数", prompt: "在校生数？", type: "integer", unit: "人", min: 1, max: 5000 },
        {
          key: "people",
          label: "参加人数",
          prompt: "参加人数？",
          type: "integer",
          unit: "人",
          min: 1,
          maxField: { field: "enrolled" },
          showIf: { field: "held", is: true },
        },
      ],
    });
    const data = k.data;
    if (!data) throw new Error("no schema");
    expect(data.safeParse({ held: true, enrolled: 300, people: 280 }).success).toBe(true);
    expect(data.safeParse({ held: true, enrolled: 300, people: 301 }).error?.issues[0]?.message).toBe("不能大于在校生数（300人）");
    expect(data.safeParse({ held: false, enrolled: 300, people: 10 }).error?.issues[0]?.path).toEqual(["people"]);
    expect(data.safeParse({ held: true, enrolled: 300 }).error?.issues[0]?.path).toEqual(["people"]);
    expect(data.safeParse({ held: false, enrolled: 300 }).success).toBe(true);
    // The form asks 参加人数 only after 是, and refuses a number above the enrolment with the same reason.
    const form = k.form("演练", { period: "2022-03" });
    expect(form.fields.map((f) => f.key)).toEqual(["held", "enrolled", "people"]);
  });

  it("compiles every built-in spec shipped with the project", () => {
    for (const id of ["safety", "afterschool", "progress", "supervision"] as const) expect(builtinSpec(id).spec.id).toBe(id);
  });
});
