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

describe("control and direction-override characters from the roster", () => {
  it("never reach Markdown, a text message or the dashboard's HTML", async () => {
    const { mdText, textMessage, printable } = await import("../../src/chat/plain-text.js");
    const { html } = await import("../../src/web/html.js");
    const name = "溧城\u001b[31m街道\u0007\u202e校学\u0000";
    for (const out of [mdText(name), textMessage(name), String(html`<td>${name}</td>`), printable(name)]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
      expect(out).not.toMatch(/[\u0000\u0007\u001b\u202e]/);
    }
    expect(printable(name)).toBe("溧城[31m街道校学");
  });

  it("leave a chart drawable: a township named with ESC and BEL draws", async () => {
    const { renderChart } = await import("../../src/charts/render.js");
    const { loadConfig } = await import("../../src/config.js");
    const png = renderChart(
      { xAxis: { type: "category", data: ["溧城\u001b街道\u0007"] }, yAxis: {}, series: [{ type: "bar", data: [90] }] },
      loadConfig({}).chartFont,
    );
    expect(png.length).toBeGreaterThan(1000);
  });
});
