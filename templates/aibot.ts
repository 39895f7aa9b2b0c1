/** What the intelligent bot says in a group chat (it answers the bureau's read-only commands there only). */
export const aibotTexts = {
  /** Report commands in a group: reporting happens in the 1:1 chat. */
  reportInGroup: () => "请在与我的单聊中填报。",
  /** Anything else in a group, or a read-only command from someone who may not use it there. */
  groupOnly: () => "在群里可以 @我 查询“汇总”“未填报 安全检查”“帮助”（限教育局查看人员和管理员）；填报请在与我的单聊中进行。",
  /** To the admins, once, when another connection took the bot over. */
  takenOver: () =>
    "智能机器人的长连接已被另一处接管（同一机器人只能保持一个连接），本服务器已停止连接，不会抢回。如果不是有意为之，请检查是否有另一台服务器也设置了 WECOM_BOT_ID。",
} as const;
