/**
 * Characterisation of the built-in kinds' forms: what each form says to a series of answers (questions, reasons,
 * the summary, 改 N, 上一步), the answers it ends with, whether the kind's data schema takes them, and what its
 * prefill (无异常, 同上期, the school's facts) starts with. Recorded from the hand-written forms before the kinds
 * became spec files; the forms compiled from the specs must say and store exactly the same.
 */
import { describe, expect, it } from "vitest";
import { handleInput, startForm, summaryLines } from "../../src/forms/engine.js";
import { visibleAnswers } from "../../src/forms/steps.js";
import type { Answers, FormDef, FormState } from "../../src/forms/types.js";
import { builtinKind } from "../support/builtin-kinds.js";

const deps = {
  clock: { today: "2022-03-08" },
  storeImage: async (mediaId: string) => ({ mediaId, photoId: 7 }),
  isCommand: (text: string) => ["我的", "帮助", "安全检查"].includes(text),
};

type Run = { said: string[]; answers: Answers; stored: Answers | null; submitted: boolean; schema: string };

async function play(def: FormDef, inputs: readonly (string | { image: string })[], prefill?: Answers): Promise<Run> {
  const started = startForm(def, { period: "2022-03" }, new Date("2022-03-08T02:00:00Z"), prefill);
  let state: FormState = started.state;
  const said = [...started.say];
  let submitted = false;
  for (const input of inputs) {
    const r = await handleInput(def, state, typeof input === "string" ? { text: input } : { image: { mediaId: input.image } }, deps);
    said.push(`» ${typeof input === "string" ? input : "[图片]"}`);
    if (r.kind === "continue") {
      state = r.state;
      said.push(...r.say);
    } else if (r.kind === "submit") {
      state = r.state;
      submitted = true;
      said.push("[提交]");
      break;
    } else {
      said.push(`[${r.kind}]`);
      break;
    }
  }
  const stored = submitted ? visibleAnswers(def, state.answers) : null;
  return { said, answers: state.answers, stored, submitted, schema: "" };
}

function verdict(kindId: string, answers: Answers | null): string {
  if (!answers) return "not submitted";
  const r = builtinKind(kindId).form.data?.safeParse(answers);
  if (!r) return "no schema";
  return r.success
    ? "accepted"
    : `refused: ${r.error.issues.map((i) => `${i.path.join(".")} ${i.code === "custom" ? i.message : i.code}`).join("; ")}`;
}

const form = (kindId: string) => {
  const k = builtinKind(kindId);
  return k.form.form(`测试学校 2022年3月${k.name}`, { period: "2022-03", unitId: 1, unitName: "测试学校", subject: "" });
};

const SAFETY_SCRIPTS: Record<string, (string | { image: string })[]> = {
  "all normal with a station, a canteen and nothing found": [
    "是",
    "是",
    "是",
    "是",
    "1",
    "不适用",
    "正常",
    "是",
    "是",
    "100",
    "98%",
    "0",
    "跳过",
    "确认",
  ],
  "no station, no bus, no canteen": ["对", "否", "3", "没有校车", "无食堂", "100", "100", "没有", "无", "确认"],
  "a checklist item not normal becomes a hazard, then others are counted": [
    "缺两个灭火器在东门",
    "是",
    "1",
    "下周五",
    "王主任",
    "跳过",
    "是",
    "是的",
    "好",
    "1",
    "3",
    "存在问题",
    "厨房插座松动",
    "2",
    "明天",
    "张师傅",
    { image: "m1" },
    "是",
    "是",
    "95",
    "90",
    "1",
    "操场围墙开裂",
    "建筑设施",
    "较大",
    "3月31日",
    "赵",
    "跳过",
    "围墙已拉警戒线",
    "确认",
  ],
  "bad answers are asked again and nothing is lost": [
    "也许",
    "是",
    "否",
    "4",
    "符合",
    "3",
    "3",
    "120",
    "-1",
    "99",
    "98",
    "21",
    "0",
    "跳过",
    "改 3",
    "存在问题",
    "消防通道堆放杂物",
    "3",
    "3月10日",
    "孙",
    "跳过",
    "确认",
  ],
  "back and change keep what was answered": [
    "是",
    "是",
    "上一步",
    "不变",
    "否",
    "灭火器过期",
    "1",
    "下周一",
    "钱",
    "跳过",
    "是",
    "3",
    "3",
    "1",
    "1",
    "是",
    "100",
    "100",
    "0",
    "跳过",
    "改 2",
    "否",
    "确认",
  ],
  "a command mid-form asks before leaving": ["是", "我的", "继续", "是", "我的", "放弃"],
};

const AFTERSCHOOL_SCRIPTS: Record<string, string[]> = {
  "a full month with a fee": ["600", "540人", "45", "5", "五点半", "12", "是", "150元", "否", "跳过", "确认"],
  "participants above enrolment are refused, at once and after a change": [
    "600",
    "700",
    "540",
    "45",
    "5",
    "17:30",
    "12",
    "否",
    "否",
    "没有",
    "改 1",
    "500",
    "改 1",
    "560",
    "确认",
  ],
  "no service days, no end time; the fee vanishes when not charged": [
    "300",
    "0",
    "0",
    "0",
    "0",
    "是",
    "20",
    "改 7",
    "否",
    "否",
    "跳过",
    "确认",
  ],
  "an end time outside the afternoon is asked again": [
    "600",
    "500",
    "40",
    "5",
    "上午9点",
    "9点",
    "23:00",
    "17:45",
    "3",
    "否",
    "否",
    "无",
    "确认",
  ],
  "units that do not fit": ["600人", "五百个", "500名", "40", "8", "5", "17:30", "3门", "是", "3.5万", "100", "否", "跳过", "确认"],
};

const SUPERVISION_SCRIPTS: Record<string, string[]> = {
  "every item met": ["今天", "是", "是", "是", "是", "是", "开设8门课程", "规范", "跳过", "确认"],
  "items not met each ask for the problem": [
    "3月1日",
    "否",
    "作业太多",
    "是",
    "否",
    "带手机进教室",
    "是",
    "否",
    "体育课被占",
    "课程单一",
    "未见问题",
    "无",
    "确认",
  ],
  "a visit outside the report's month is refused at once": [
    "2月28日",
    "明天",
    "3月7日",
    "是",
    "是",
    "是",
    "是",
    "是",
    "好",
    "好",
    "跳过",
    "确认",
  ],
};

describe("the built-in kinds' forms, as they were before the kinds became spec files", () => {
  for (const [name, script] of Object.entries(SAFETY_SCRIPTS))
    it(`安全检查: ${name}`, async () => {
      const def = form("safety");
      const run = await play(def, script);
      expect({ ...run, schema: verdict("safety", run.stored), summary: run.stored ? summaryLines(def, run.stored) : [] }).toMatchSnapshot();
    });
  for (const [name, script] of Object.entries(AFTERSCHOOL_SCRIPTS))
    it(`课后服务: ${name}`, async () => {
      const def = form("afterschool");
      const run = await play(def, script);
      expect({
        ...run,
        schema: verdict("afterschool", run.stored),
        summary: run.stored ? summaryLines(def, run.stored) : [],
      }).toMatchSnapshot();
    });
  for (const [name, script] of Object.entries(SUPERVISION_SCRIPTS))
    it(`督导: ${name}`, async () => {
      const def = form("supervision");
      const run = await play(def, script);
      expect({
        ...run,
        schema: verdict("supervision", run.stored),
        summary: run.stored ? summaryLines(def, run.stored) : [],
      }).toMatchSnapshot();
    });
});

const lastSafety: Answers = {
  lifePassage: false,
  lifePassageHazard: [{ description: "东门堵塞", severity: "一般", deadline: "2022-03-04", responsible: "王", photo: null }],
  stationBuilt: true,
  stationEquipment: true,
  stationOnDuty: true,
  highRise: "不适用",
  schoolBus: "存在问题",
  schoolBusHazard: [{ description: "车况差", severity: "较大", deadline: "2022-03-04", responsible: "李", photo: null }],
  canteenFood: "正常",
  canteenGasPower: true,
  canteenTraining: true,
  platformClasses: 97,
  platformStudents: 101,
  hazardCount: 0,
  hazards: [],
  note: "上周备注",
};
const lastAfterschool: Answers = {
  enrolled: 600,
  participants: 540,
  teachers: 45,
  daysPerWeek: 5,
  endTime: "17:30",
  specialCourses: 12,
  charged: true,
  fee: 150,
  outsideInstitutions: false,
  note: "上月备注",
};

describe("the built-in kinds' prefill, as it was before the kinds became spec files", () => {
  const factSets: Record<string, Record<string, boolean>> = {
    none: {},
    "all present": { 微型消防站: true, 高层建筑: true, 校车: true, 食堂: true },
    "none present": { 微型消防站: false, 高层建筑: false, 校车: false, 食堂: false },
  };
  for (const kindId of ["safety", "afterschool", "supervision"]) {
    const last = kindId === "safety" ? lastSafety : kindId === "afterschool" ? lastAfterschool : null;
    for (const [factsName, facts] of Object.entries(factSets))
      it(`${kindId}: 无异常, 同上期 and the facts' prefill with facts ${factsName}`, () => {
        const m = builtinKind(kindId).form;
        expect({
          allClearNoLast: m?.allClear?.(null, facts) ?? "none",
          allClear: m?.allClear?.(last, facts) ?? "none",
          carry: last ? (m?.carry?.(last, facts) ?? "none") : "none",
          factsOfLast: last ? (m?.facts?.of(last) ?? "none") : "none",
          factPrefill: m?.facts?.prefill(facts) ?? "none",
        }).toMatchSnapshot();
      });
  }

  it("safety: the all-clear with the last report's facts asks only for a coverage it could not carry, and is accepted", async () => {
    const k = builtinKind("safety");
    const def = form("safety");
    const prefill = k.form.allClear?.(lastSafety, {}) ?? {};
    const run = await play(def, ["98", "确认"], prefill);
    expect(run.submitted).toBe(true);
    expect(verdict("safety", run.stored)).toBe("accepted");
  });
});

describe("the built-in kinds' data schemas, as they were before the kinds became spec files", () => {
  const safety: Answers = {
    lifePassage: true,
    stationBuilt: false,
    highRise: "不适用",
    schoolBus: "正常",
    canteenFood: "无食堂",
    platformClasses: 100,
    platformStudents: 98,
    hazardCount: 1,
    hazards: [
      { description: "出口堆放杂物", category: "消防", severity: "重大", deadline: "2022-03-18", responsible: "王主任", photo: null },
    ],
    note: null,
  };
  const hazard = { description: "东门堵塞", severity: "一般", deadline: "2022-03-18", responsible: "王", photo: null };
  const visit: Answers = {
    visitDate: "2022-03-08",
    homework: true,
    sleep: false,
    sleepNote: "睡眠不足",
    phone: true,
    reading: true,
    fitness: true,
    afterschool: "开设8门课程",
    conduct: "规范",
    note: null,
  };
  const cases: [string, string, Answers][] = [
    ["safety", "complete", safety],
    ["safety", "a count that does not match the hazards", { ...safety, hazardCount: 2 }],
    ["safety", "an unknown severity", { ...safety, hazards: [{ ...(safety.hazards as Answers[])[0], severity: "特大" }] }],
    ["safety", "an unknown category", { ...safety, hazards: [{ ...(safety.hazards as Answers[])[0], category: "天气" }] }],
    ["safety", "a checklist item not normal without its hazard", { ...safety, lifePassage: false }],
    ["safety", "a checklist item not normal with its hazard", { ...safety, lifePassage: false, lifePassageHazard: [hazard] }],
    ["safety", "a normal item with a hazard", { ...safety, lifePassageHazard: [hazard] }],
    ["safety", "no station, yet its equipment answered", { ...safety, stationEquipment: true }],
    ["safety", "a station with its equipment and duty", { ...safety, stationBuilt: true, stationEquipment: true, stationOnDuty: true }],
    ["safety", "a coverage above 100", { ...safety, platformClasses: 101 }],
    ["safety", "a missing answer", { ...safety, lifePassage: undefined as unknown as boolean }],
    ["afterschool", "complete", lastAfterschool],
    ["afterschool", "participants above enrolment", { ...lastAfterschool, participants: 700 }],
    ["afterschool", "a fee not charged", { ...lastAfterschool, charged: false }],
    ["afterschool", "an end time on no service days", { ...lastAfterschool, daysPerWeek: 0 }],
    ["afterschool", "no enrolment", { ...lastAfterschool, enrolled: 0, participants: 0 }],
    ["afterschool", "a fractional teacher", { ...lastAfterschool, teachers: 4.5 }],
    ["supervision", "complete", visit],
    ["supervision", "an item not met without its note", { ...visit, sleepNote: undefined as unknown as string }],
    ["supervision", "a bad date", { ...visit, visitDate: "3月8日" }],
  ];
  for (const [kindId, name, answers] of cases)
    it(`${kindId}: ${name}`, () => {
      const clean = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined));
      // Which answer is refused, not the words of the reason (the form never lets such answers through).
      const r = builtinKind(kindId).form.data?.safeParse(clean);
      expect(
        r?.success ? "accepted" : `refused at ${[...new Set(r?.error?.issues.map((i) => i.path.join(".")))].sort().join(", ")}`,
      ).toMatchSnapshot();
    });
});
