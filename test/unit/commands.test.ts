import { describe, expect, it } from "vitest";
import { type Command, CommandTable, distance } from "../../src/bot/commands/registry.js";

const cmd = (id: string, names: string[], alias: string): Command => ({
  id,
  names,
  alias,
  roles: "all",
  example: names[0] ?? "",
  describe: "",
  refusal: "",
  run: async () => {},
});

const table = new CommandTable([
  { name: "安全检查", short: "安全" },
  { name: "课后服务", short: "课后" },
]).add(
  cmd("help", ["帮助", "菜单"], "/help"),
  cmd("safety", ["安全检查", "安全"], "/safety"),
  cmd("afterschool", ["课后服务", "课后"], "/afterschool"),
  cmd("hazards", ["隐患"], "/hazards"),
  cmd("show", ["查看"], "/show"),
  cmd("me", ["我的"], "/me"),
);

describe("matching commands", () => {
  it.each([
    ["帮助", "help", []],
    ["/help", "help", []],
    ["／ＨＥＬＰ", "help", []],
    ["帮助。", "help", []],
    ["  安全检查！ ", "safety", []],
    ["安全", "safety", []],
    ["安全 上周", "safety", ["上周"]],
    ["课后 2022-03", "afterschool", ["2022-03"]],
    ["隐患 整改 3 已更换灭火器", "hazards", ["整改", "3", "已更换灭火器"]],
    ["隐患整改 3 好了", "hazards", ["整改", "3", "好了"]],
    ["查看安全 上周", "show", ["安全", "上周"]],
    ["查看　安全", "show", ["安全"]],
    ["/SAFETY", "safety", []],
  ] as const)("reads “%s” as %s with %j", (input, id, args) => {
    const m = table.match(input);
    expect(m?.command.id).toBe(id);
    expect(m?.args).toEqual(args);
  });

  it.each(["", "   ", "安全检察", "你好", "查看一下", "隐患很多", "😀", "1"])("does not take “%s” for a command", (input) => {
    expect(table.match(input)).toBeNull();
  });

  it("suggests the closest commands for a typo", () => {
    expect(table.suggest("安全检察", () => true)[0]).toBe("安全检查");
    expect(table.suggest("课后服", () => true)[0]).toBe("课后服务");
  });

  it("inside a form, counts only unmistakable commands", () => {
    expect(table.isCommandInForm("我的", true)).toBe(true);
    expect(table.isCommandInForm("安全出口堵塞", true)).toBe(false);
    expect(table.isCommandInForm("安全 出口堵塞", true)).toBe(false);
    expect(table.isCommandInForm("查看 安全", false)).toBe(true);
    expect(table.isCommandInForm("是", false)).toBe(false);
    // At a free-text question, a command with arguments commands take is a command, not a 说明.
    expect(table.isCommandInForm("隐患 整改 3", true)).toBe(true);
    expect(table.isCommandInForm("查看 安全 上周", true)).toBe(true);
    expect(table.isCommandInForm("查看 课后 2026-09..2026-12", true)).toBe(true);
    expect(table.isCommandInForm("安全 出口堵塞 已整改", true)).toBe(false);
  });

  it("measures edit distance over characters", () => {
    expect(distance("安全检查", "安全检察")).toBe(1);
    expect(distance("", "abc")).toBe(3);
    expect(distance("kitten", "sitting")).toBe(3);
  });
});
