/**
 * Every sentence the bot says to a person, in one place, so the bureau can
 * review the Chinese. Functions take what varies; nothing else builds text.
 */
export const replies = {
  unknownUser: (userid: string) =>
    `您好！您的企业微信账号（${userid}）还不在教育局的填报名册中，暂时无法使用本应用。请把这个账号发给教育局的管理员，请他加入名册后再试。`,
  unsupportedKind: (what: string) => `暂不支持${what}消息。请直接发送文字，例如“帮助”；填报时需要照片的地方可以发图片。`,
  welcome: (name: string) => `${name}，您好！这里是教育局工作填报助手。发送“帮助”查看您可以使用的命令。`,
} as const;

export const UNSUPPORTED_KIND_NAMES: Record<string, string> = {
  voice: "语音",
  video: "视频",
  location: "位置",
  link: "链接",
  file: "文件",
};
