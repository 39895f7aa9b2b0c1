/** The operator's kind commands (`kind load | list | export`): what they print. */
export const kindTexts = {
  added: (name: string, id: string, version: number) =>
    `已新增报表「${name}」（${id}，第 ${version} 版）。运行中的机器人几秒内就会开始收集，无需重启。`,
  changed: (name: string, from: number, to: number) =>
    `已更新报表「${name}」：第 ${from} 版 → 第 ${to} 版。正在填写的表单会按新问题重新开始（已填且仍适用的回答保留）；已提交的报表仍按原来的问题显示。改动：`,
  unchanged: (name: string, version: number) => `「${name}」与现有第 ${version} 版相同，没有改动，未保存新版本。`,
  refused: (file: string) => `${file} 没有导入（什么都没有改动），请修改以下各处后再导入：`,
  tooLarge: (file: string, max: number) => `${file} 太大（报表定义最多 ${Math.round(max / 1024)} KB），请确认文件是否选对`,
  notJson: (file: string, why: string) => `${file} 不是有效的 JSON 文件（${why}）。可先用 kind export 导出一个现有报表作为样例`,
  listed: (name: string, id: string, version: number, versions: number, builtin: boolean, at: string) =>
    `${name}（${id}）第 ${version} 版${versions > 1 ? `，共 ${versions} 个版本` : ""}，${builtin ? "内置" : "导入"}于 ${at}`,
  outMissing: () => "--out 后面缺少文件名，例如：kind export 安全检查 --out 安全检查.json",
  whichKind: () => "请写出要导出的报表，例如：kind export 安全检查 --out 安全检查.json",
  unknown: (word: string, names: string[]) => `没有名为「${word}」的报表。现有：${names.join("、")}`,
  exported: (name: string, version: number, file: string) =>
    `已把「${name}」第 ${version} 版的定义写入 ${file}。修改后用 kind load 导入即成为新版本。`,
};
