/** Each of the bot's own commands' line in 帮助 (what it does, an example) and its one-sentence refusal (a report kind's are in its spec). */
export const commandTexts = {
  help: { describe: "查看可用的命令", example: "帮助", refusal: "" },
  hazards: {
    describe: "查看本校未整改的隐患；整改完成后销号",
    example: "隐患 整改 3 已更换灭火器",
    refusal: "只有校长或填报员可以查看和整改本校隐患。",
  },
  me: { describe: "查看本期还有哪些没填、隐患整改情况", example: "我的", refusal: "" },
  show: { describe: "查看已提交的报表", example: "查看 安全 上周", refusal: "" },
  edit: {
    describe: "重新打开已提交的报表修改（截止前）",
    example: "修改 安全",
    refusal: "只有填报人本单位的校长、填报员、责任督学或管理员可以修改报表。",
  },
  summary: {
    describe: "查看各单位填报汇总（不写报表则汇总全部）",
    example: "汇总 安全 上周",
    refusal: "只有教育局查看人员和管理员可以查看汇总。",
  },
  export: {
    describe: "把报表或隐患台账导出为 Excel 文件（教育局导出全部单位，学校导出本校，督学导出负责的学校）",
    example: "导出 课后 上月",
    refusal: "只有校长、填报员、督学和教育局人员可以导出。",
  },
  missing: { describe: "列出还没有填报的单位", example: "未填报 安全", refusal: "只有教育局查看人员和管理员可以查看未填报名单。" },
  group: {
    describe: "绑定接收提醒和摘要的群（群机器人或应用群）",
    example: "群 绑定 安全群 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… 安全",
    refusal: "只有管理员可以绑定群。",
  },
  term: {
    describe: "设置学期（课后服务只在学期内填报）",
    example: "学期 设置 {year}-09-01 {next}-01-20",
    refusal: "只有管理员可以设置学期。",
  },
  holiday: { describe: "查看或录入节假日和调休", example: "节假日 列表 2027", refusal: "只有管理员可以设置节假日。" },
  goLive: {
    describe: "设置各校从哪天开始填报（此前的各期不算未报）",
    example: "上线 {year}-09-01",
    refusal: "只有管理员可以设置开始填报的日期。",
  },
  remind: {
    describe: "设置自动提醒（谁、什么时候、提醒哪张报表）",
    example: "提醒 新增 安全 工作日 08:30 未填报",
    refusal: "只有管理员可以设置提醒。",
  },
  digest: { describe: "设置定时推送到群的日报、周报", example: "摘要 新增 日报 工作日 17:30 安全群", refusal: "只有管理员可以设置摘要。" },
} as const;
