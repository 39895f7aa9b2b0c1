import { describe, expect, it } from "vitest";
import { AIBOT_CONTENT_MAX_BYTES, markdownOf, SentCards, sendBody, usedCard, welcomeBody } from "../../src/aibot/answers.js";
import { USED_CARD_KEY } from "../../src/aibot/frames.js";
import { mdText } from "../../src/chat/plain-text.js";
import { text } from "../../src/chat/reply.js";

describe("the intelligent bot's replies as Markdown", () => {
  it("joins the words, makes a person's text inert, and names a file or image it cannot send instead of dropping it", () => {
    const md = markdownOf([
      text("**粗体** [链接](http://x)"),
      { type: "file", name: "2027年3月 安全检查汇总.xlsx", data: Buffer.from("x") },
      { type: "image", data: Buffer.from("x"), alt: "各镇提交率" },
    ]);
    expect(md).not.toContain("**粗体**");
    expect(md).toContain("2027年3月 安全检查汇总.xlsx");
    expect(md).toContain("无法通过智能机器人发送");
    expect(md).toContain("图：各镇提交率");
  });

  it("keeps a reply's line breaks, each line inert on its own", () => {
    expect(markdownOf([text("本周汇总\n# 不是标题\n- 不是列表\n<@t_p1> 不是提及")])).toBe(
      ["本周汇总", mdText("# 不是标题"), mdText("- 不是列表"), mdText("<@t_p1> 不是提及")].join("\n"),
    );
    expect(mdText("# 不是标题")).not.toMatch(/^#/);
  });

  it("keeps a long answer within aibot_respond_msg's 20,480 bytes", () => {
    const md = markdownOf([text("校".repeat(10_000))]) ?? "";
    expect(Buffer.byteLength(md, "utf8")).toBeLessThanOrEqual(AIBOT_CONTENT_MAX_BYTES);
    expect(md.length).toBeGreaterThan(6_000);
  });

  it("sends a card on its own as a template card and anything else as Markdown", () => {
    const card = {
      type: "card" as const,
      card: { taskId: "t1", title: "安全检查", lines: [], buttons: [{ text: "开始填报", key: "安全检查" }] },
      fallback: "安全检查",
    };
    expect(sendBody(card)).toMatchObject({ msgtype: "template_card", template_card: { card_type: "button_interaction", task_id: "t1" } });
    expect(sendBody(text("请填报"))).toEqual({ msgtype: "markdown", markdown: { content: "请填报" } });
  });

  it("welcomes with plain text (no Markdown there), or the first card", () => {
    expect(welcomeBody([text("您好"), { type: "markdown", content: "**帮助**" }])).toEqual({
      msgtype: "text",
      text: { content: "您好\n\n**帮助**" },
    });
    expect(welcomeBody([])).toBeNull();
    const card = {
      type: "card" as const,
      card: { taskId: "w1", title: "欢迎", buttons: [{ text: "帮助", key: "帮助" }] },
      fallback: "欢迎",
    };
    expect(welcomeBody([text("您好"), card])).toMatchObject({ msgtype: "template_card", template_card: { task_id: "w1" } });
  });

  it("repeats a tapped card with one button that says what was done and does nothing, and remembers a bounded number of cards", () => {
    const sent = { taskId: "t9", title: "安全检查提醒", buttons: [{ text: "开始填报", key: "安全检查" }] };
    const u = usedCard("t9", "填报中：已预填无异常，请核对后确认", sent) as {
      task_id: string;
      main_title: { title: string };
      button_list: { text: string; key: string }[];
    };
    expect(u.task_id).toBe("t9");
    expect(u.main_title.title).toBe("安全检查提醒");
    expect(u.button_list).toEqual([{ type: 0, text: "填报中：已预填无异常，请核对后确认", style: 2, key: `${USED_CARD_KEY}t9` }]);
    expect((usedCard("t10", "已取消") as { main_title: { title: string } }).main_title.title).toBe("已取消");
    const cards = new SentCards(2);
    for (const id of ["a", "b", "c"]) cards.remember({ ...sent, taskId: id });
    expect(cards.get("a")).toBeUndefined();
    expect(cards.get("c")?.taskId).toBe("c");
  });
});
