/**
 * The app's menu (at most 3 buttons, 5 sub-buttons each). Every click event
 * carries a command name as its key, so a click is the same as typing it.
 */
export const APP_MENU = {
  button: [
    {
      name: "填报",
      sub_button: [
        { type: "click", name: "安全检查", key: "安全检查" },
        { type: "click", name: "课后服务", key: "课后服务" },
        { type: "click", name: "计划进度", key: "进度" },
        { type: "click", name: "督导", key: "督导" },
      ],
    },
    {
      name: "隐患",
      sub_button: [
        { type: "click", name: "未整改隐患", key: "隐患" },
        { type: "click", name: "本周检查", key: "查看 安全" },
      ],
    },
    {
      name: "我的",
      sub_button: [
        { type: "click", name: "待办", key: "我的" },
        { type: "click", name: "汇总", key: "汇总" },
        { type: "click", name: "帮助", key: "帮助" },
      ],
    },
  ],
} as const;
