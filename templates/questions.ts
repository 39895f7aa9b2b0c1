/**
 * Every question the forms ask, with its short label for summaries:
 * [label, question]. Numbered choices are listed by the engine after the
 * question, from the form's options.
 */
type Q = readonly [label: string, prompt: string];

export const questions = {
  safety: {
    lifePassage: ["生命通道畅通", "生命通道（疏散通道、安全出口）是否畅通？回复“是”或“否”。"],
    stationBuilt: ["微型消防站已建成", "微型消防站是否已建成？"],
    stationEquipment: ["消防站器材齐全", "微型消防站器材是否齐全？"],
    stationOnDuty: ["消防站值守到位", "微型消防站是否值守到位？"],
    highRise: ["高层建筑消防", "高层建筑消防安全管理情况（没有高层建筑选“不适用”）："],
    schoolBus: ["校车（车辆、驾驶员、随车照管员）", "校车情况（车辆、驾驶员、随车照管员；没有校车选“不适用”）："],
    canteenFood: ["食堂食品安全", "食堂食品安全情况："],
    canteenGasPower: ["食堂燃气用电安全", "食堂燃气、用电是否安全？"],
    canteenTraining: ["食堂从业人员已培训", "食堂从业人员是否已完成安全培训？"],
    platformClasses: ["安全教育平台班级覆盖率", "安全教育平台班级覆盖率是多少？（例如“100”或“98%”）"],
    platformStudents: ["安全教育平台学生覆盖率", "安全教育平台学生覆盖率是多少？"],
    hazardCount: ["清单外发现隐患数", "本次检查发现隐患几处？没有请回复“0”。"],
    hazards: ["隐患", ""],
    hazardItem: ["隐患", ""],
    description: ["描述", "请描述这处隐患（在哪里、什么问题）。"],
    category: ["类别", "隐患类别："],
    severity: ["严重程度", "严重程度："],
    deadline: ["整改期限", "整改期限是哪天？（例如“下周五”“3月20日”）"],
    responsible: ["责任人", "整改责任人是谁？"],
    photo: ["照片", "请拍一张隐患照片发送过来；没有照片请回复“跳过”。"],
    note: ["备注", "还有需要说明的吗？没有请回复“跳过”。"],
  },
  /** A checklist item found not normal is a hazard (隐患即事故): recorded right after it. */
  checklistHazard: {
    description: ["描述", ""],
  },
  afterschool: {
    enrolled: ["在校生数", "在校生有多少人？"],
    participants: ["参加课后服务学生数", "参加课后服务的学生有多少人？"],
    participantsBound: ["在校生数", ""],
    teachers: ["参与教师数", "参与课后服务的教师有多少人？"],
    daysPerWeek: ["每周开展天数", "每周开展几天？（0–7）"],
    endTime: ["每日结束时间", "每天几点结束？（例如“17:30”或“下午5点半”）"],
    specialCourses: ["特色课程数", "开设特色课程多少门？"],
    charged: ["是否收费", "课后服务是否收费？"],
    fee: ["收费标准（元/生/学期）", "收费标准是每生每学期多少元？"],
    outsideInstitutions: ["有校外培训机构进校", "是否有校外培训机构进校提供服务？"],
    note: ["备注", "还有需要说明的吗？没有请回复“跳过”。"],
  },
  supervision: {
    visitDate: ["督查日期", "哪天到校督查的？（例如“今天”“3月8日”）"],
    itemOk: ["管理达标", "管理是否达标？回复“是”（达标）或“否”（不达标）。"],
    itemNote: ["管理问题", "管理存在什么问题？"],
    afterschool: ["课后服务情况", "课后服务方面看到了什么？（一两句话）"],
    conduct: ["办学规范情况", "办学规范方面看到了什么？（一两句话）"],
    note: ["其他", "还有其他需要说明的吗？没有请回复“跳过”。"],
  },
  progress: {
    done: ["已完成", "是否已经完成？"],
    doneOn: ["完成日期", "哪天完成的？"],
    evidence: ["进展说明", "请简要说明进展或佐证材料（文件名、文号等）。"],
    valueNumber: ["累计数值", ""],
    valuePercent: ["累计比例", ""],
    note: ["说明", "请简要说明（没有请回复“跳过”）。"],
  },
  rectifyPhoto: {
    photo: ["整改照片", "请发送整改后的照片，或回复“跳过”。"],
  },
} as const satisfies Record<string, Record<string, Q>>;

/** { label, prompt } for a field definition. */
export function ask(q: Q, prompt?: string): { label: string; prompt: string } {
  return { label: q[0], prompt: prompt ?? q[1] };
}
