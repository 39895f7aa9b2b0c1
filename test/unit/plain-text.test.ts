import { describe, expect, it } from "vitest";
import { mdText, textMessage } from "../../src/chat/plain-text.js";

describe("text people typed, shown in WeCom Markdown", () => {
  it.each([
    ["<@zhangsan> 你好", "＜@zhangsan＞ 你好"],
    ['<font color="info">全部达标</font>', '＜font color="info"＞全部达标＜/font＞'],
    ["[点此登录](http://evil.example/x)", "［点此登录］（http://evil.example/x）"],
    ["## 紧急通知", "＃＃ 紧急通知"],
    ["第一行\n## 第二行\r\n> 引用", "第一行 ## 第二行 ＞ 引用"],
    ["- 列表", "－ 列表"],
    ["1. 第一", "1． 第一"],
    ["**粗**`代码`", "＊＊粗＊＊｀代码｀"],
  ])("makes %j inert", (typed, shown) => {
    expect(mdText(typed)).toBe(shown);
  });

  it.each([["1.2 新增学位"], ["3#楼东侧"], ["参与率 90%"], ["王主任、李老师"]])("leaves %j as it reads", (typed) => {
    expect(mdText(typed)).toBe(typed);
  });

  it("is the same when applied twice", () => {
    const once = mdText("<@a> [x](y) ## z\n- w");
    expect(mdText(once)).toBe(once);
  });
});

describe("text messages", () => {
  it("carry no tag: WeCom would make <a href> a link", () => {
    expect(textMessage('整改说明 <a href="http://evil.example">点这里</a>')).not.toContain("<a");
  });
});
