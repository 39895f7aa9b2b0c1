import { describe, expect, it } from "vitest";
import { builtinSpec } from "../../src/kinds/builtin.js";
import { ratioOf } from "../../src/kinds/figures.js";

// Each kind's schema is derived from its spec file (prisma/data/kinds/): the bounds are the form's.
const schema = (id: "safety" | "afterschool" | "supervision") => {
  const data = builtinSpec(id).data;
  if (!data) throw new Error(`${id} stores nothing`);
  return data;
};
const AfterschoolData = schema("afterschool");
const SafetyData = schema("safety");
const SupervisionData = schema("supervision");

const afterschool = {
  enrolled: 600,
  participants: 540,
  teachers: 45,
  daysPerWeek: 5,
  endTime: "17:30",
  specialCourses: 12,
  charged: true,
  fee: 150,
  outsideInstitutions: false,
  note: null,
};
const safety = {
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
const visit = {
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

describe("what each built-in kind stores, as its spec derives it", () => {
  it("accepts complete answers", () => {
    expect(AfterschoolData.safeParse(afterschool).success).toBe(true);
    expect(SafetyData.safeParse(safety).success).toBe(true);
    expect(SupervisionData.safeParse(visit).success).toBe(true);
  });

  it("refuses participants above enrolment, a fee that is not charged, and reads only sound participation figures back", () => {
    expect(AfterschoolData.safeParse({ ...afterschool, participants: 700 }).error?.issues[0]?.path).toEqual(["participants"]);
    expect(AfterschoolData.safeParse({ ...afterschool, charged: false }).success).toBe(false);
    const participation = builtinSpec("afterschool").spec.figures?.find((f) => f.type === "ratio");
    if (participation?.type !== "ratio") throw new Error("课后服务 has no participation figure");
    expect(ratioOf(participation, { enrolled: 600, participants: 540 })).toEqual({ of: 540, over: 600, rate: 90 });
    expect(ratioOf(participation, { enrolled: 400, participants: 540 })).toBeNull();
    expect(ratioOf(participation, {})).toBeNull();
  });

  it("refuses a hazard count that does not match the hazards recorded, and an unknown severity", () => {
    expect(SafetyData.safeParse({ ...safety, hazardCount: 2 }).success).toBe(false);
    expect(SafetyData.safeParse({ ...safety, hazards: [{ ...safety.hazards[0], severity: "特大" }] }).success).toBe(false);
  });

  it("refuses a 五项管理 item not met without its note", () => {
    const { sleepNote: _drop, ...noNote } = visit;
    expect(SupervisionData.safeParse(noNote).success).toBe(false);
  });
});
