import { describe, expect, it } from "vitest";
import { capReplies, REPLY_MAX_BYTES, text, wordsOf } from "../../src/chat/reply.js";

describe("the most one message is answered with", () => {
  it("cuts a 50,000-line answer by whole lines to the limit, and says how many lines were left out", () => {
    const long = Array.from({ length: 50_000 }, (_, i) => `${i + 1}. 第${i + 1}小学`).join("\n");
    const [r, ...rest] = capReplies([text("开头"), text(long), text("结尾")], (n) => `省略 ${n} 行`);
    expect(rest).toHaveLength(1);
    expect(r && wordsOf(r)).toBe("开头");
    const cut = rest[0] ? wordsOf(rest[0]) : "";
    expect(Buffer.byteLength(cut, "utf8")).toBeLessThanOrEqual(REPLY_MAX_BYTES + 50);
    const omitted = Number(/省略 (\d+) 行/.exec(cut)?.[1]);
    expect(omitted + cut.split("\n").length - 1).toBe(50_000 + 1);
  });

  it("leaves an answer within the limit as it is", () => {
    const replies = [text("一"), text("二")];
    expect(capReplies(replies, () => "x")).toEqual(replies);
  });
});
