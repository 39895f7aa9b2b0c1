/** The admins' daily note (Markdown). */
import { mdText } from "../src/chat/plain-text.js";
import { formatInstantZh } from "../src/time/zoned.js";

const CHANNELS: Record<string, string> = { app: "应用消息", appchat: "应用群", robot: "群机器人" };

/** A year without holiday data, told when a schedule will need it within 60 days (and again a week before). */
export const calendarMissingText = (year: number, firstAt: Date, tz: string, lastCall: boolean) =>
  lastCall
    ? `📅 ${year} 年的节假日安排仍未录入，${formatInstantZh(firstAt, tz)}起的提醒和摘要将按周一至周五算工作日。请发送“节假日 设置 ${year} 放假 … 调休上班 …”录入。`
    : `📅 ${year} 年的法定节假日和调休安排日历里还没有，${formatInstantZh(firstAt, tz)}起的提醒和摘要会用到，届时“工作日”暂按周一至周五计算。国务院公布后，请发送“节假日 设置 ${year} 放假 … 调休上班 …”录入。`;

/** How a group is reached, as admins read it. */
export const channelName = (channel: string) => CHANNELS[channel] ?? channel;

export function adminDigestText(failed: { id: number; channel: string; error: string }[], charts: string[] = []): string {
  const lines = ["## 管理员每日提示"];
  if (charts.length) {
    lines.push(`<font color="warning">过去一天有 ${charts.length} 份摘要的图表没有生成</font>（摘要的文字照常发出）：`);
    for (const r of [...new Set(charts)].slice(0, 5)) lines.push(`- ${mdText(r)}`);
    lines.push("请安装中文字体（Debian：fonts-noto-cjk 或 fonts-wqy-zenhei），或用 CHART_FONT 指定字体文件。");
  }
  if (failed.length) {
    lines.push(`<font color="warning">过去一天有 ${failed.length} 条消息发送失败</font>：`);
    for (const f of failed.slice(0, 10)) lines.push(`- #${f.id} ${CHANNELS[f.channel] ?? f.channel}：${mdText(f.error)}`);
    if (failed.length > 10) lines.push(`- 等 ${failed.length} 条`);
    lines.push("请检查群机器人是否被移出群、企业微信可信 IP 是否配置（错误码 60020）。");
  }
  return lines.join("\n");
}
