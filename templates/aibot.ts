/** What the intelligent bot says of its own: in a group chat (it answers the bureau's read-only commands there only), and where it cannot do what the app does. */
export const aibotTexts = {
  /** Report commands in a group: reporting happens in the 1:1 chat. */
  reportInGroup: () => "请在与我的单聊中填报。",
  /** Anything else in a group, or a read-only command from someone who may not use it there. */
  groupOnly: () => "在群里可以 @我 查询“汇总”“未填报 安全检查”“帮助”（限教育局查看人员和管理员）；填报请在与我的单聊中进行。",
  /** To the admins, once, when another connection took the bot over. */
  takenOver: () =>
    "智能机器人的长连接已被另一处接管（同一机器人只能保持一个连接），本服务器已停止连接，不会抢回。如果不是有意为之，请检查是否有另一台服务器也设置了 WECOM_BOT_ID。",
  /** A file the bot cannot send over the long connection. */
  noFile: (name: string) => `（文件“${name}”无法通过智能机器人发送，请在企业微信应用或教育局的数据看板中下载。）`,
  /** A chart image the bot cannot send over the long connection: its description stands in. */
  noImage: (alt: string) => `（图：${alt}）`,
  /** To the admins, after a reminder round of a bot-only installation: who could not be reminded. */
  unreachable: (title: string, names: string[], limit: number) => {
    const shown = names.slice(0, limit).join("、");
    const more = names.length > limit ? ` 等 ${names.length} 人` : `，共 ${names.length} 人`;
    return `“${title}”的提醒有人收不到：智能机器人只能给在单聊里跟它说过话的人发消息。${shown}${more}还没有在企业微信里给机器人发过消息，请通知他们先发一条（例如“帮助”），或配置企业微信自建应用。`;
  },
} as const;
