/** Exports (导出): sheet names, column headers, file names, and the replies around them. */
export const exportTexts = {
  /** Whose figures a bureau-wide file holds: the start of its name. */
  county: "溧阳市",
  fileName: (who: string, what: string, label: string) => `${who}${what}_${label}.xlsx`,
  /** An inspector's several schools, at the start of a file name. */
  inspectorFiles: (person: string, schools: number) => `${person}负责的${schools}所学校`,
  hazardsName: "隐患",
  /** The file name's range for the whole ledger. */
  whole: "全部",
  revisionsSheet: "修改记录",
  hazardsSheet: "隐患台账",
  columns: {
    unitCode: "单位代码",
    unitName: "单位名称",
    township: "乡镇",
    unitKind: "单位类型",
    period: "期间",
    subject: "督学",
    status: "状态",
    /** The kind's version a report was filled with, when an export holds more than one. */
    kindVersion: "问题版本",
    by: "填报人",
    at: "提交时间",
  },
  status: { onTime: "按时", late: "逾期提交", missing: "逾期未报", open: "未到截止" },
  yes: "是",
  no: "否",
  hazard: {
    number: "编号",
    found: "发现时间",
    category: "类别",
    severity: "等级",
    description: "描述",
    deadline: "整改期限",
    responsible: "责任人",
    status: "状态",
    rectifiedAt: "整改时间",
    rectifyNote: "整改说明",
    photo: "有照片",
    fromPeriod: "来源检查",
  },
  hazardStatus: { open: "未整改", rectified: "已整改", withdrawn: "已撤销" } as Record<string, string>,
  revision: { revision: "版本", by: "修改人", at: "修改时间", late: "截止后修改", changed: "改动" },
  // Replies in the chat.
  usage: () => "请写成“导出 报表 [期间]”，例如“导出 安全检查 本月”“导出 课后服务 2026-09..2026-12”“导出 隐患”。",
  unknownWhat: (word: string, names: string[]) => `没有“${word}”这种报表。可以导出：${names.join("、")}、隐患。`,
  notExportable: (name: string) => `${name}暂不能导出（它按指标记录进度，请用“进度”查看）。`,
  badPeriod: (word: string) => `没看懂期间“${word}”。可以写 本周、上周、本月、上月、2026-W48、2026-11，或“起..止”，例如 2026-09..2026-12。`,
  tooLong: (max: number) => `一次最多导出 ${max} 期。请缩短期间，或请管理员用命令行导出（npm run cli -- export …）。`,
  busy: () => "您上一个导出还在生成，请稍候。",
  /** Too many rows for one Excel sheet: what to ask instead. */
  tooManyRows: (rows: number, perFile: number, example: string) =>
    `这个范围约有 ${rows.toLocaleString("en-US")} 行，超过 Excel 一张表 1,048,576 行的上限。请分几次导出，每次最多约 ${perFile} 期，例如“${example}”。`,
  /** Too large for WeCom's 20 MB: what to ask instead. */
  tooLargeAhead: (mb: number, perFile: number, example: string) =>
    `这个范围的文件约 ${mb} MB，超过企业微信 20 MB 的上限，聊天里发不出去。请在看板上下载，或分几次导出，每次最多约 ${perFile} 期，例如“${example}”。`,
  /** Started: where it stands in the line, and that the file follows. */
  queued: (name: string, ahead: number) => `正在生成 ${name}${ahead ? `（前面还有 ${ahead} 个导出在排队）` : ""}，好了会发到这里。`,
  /** Too many waiting across the county: try later. */
  queueFull: (ahead: number) => `现在有 ${ahead} 个导出在排队，请过几分钟再发“导出”。`,
  failed: (name: string) => `${name} 没有生成成功，请稍后再试一次。`,
  tooLarge: (mb: number) =>
    `文件有 ${mb} MB，超过企业微信 20 MB 的限制，无法在聊天中发送。请缩短期间，或请管理员在服务器上用命令行导出（npm run cli -- export …）。`,
  sent: (name: string, rows: number) => `📎 已生成 ${name}（${rows} 行），请查收文件。`,
  nothingToSee: () => "您没有可以导出的单位。",
  // The CLI.
  written: (file: string, rows: number, kb: number) => `已导出到 ${file}（${rows} 行，${kb} KB）`,
  unknownUnit: (code: string) => `没有代码为 ${code} 的单位`,
} as const;
