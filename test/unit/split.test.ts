import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteLength, splitByBytes } from "../../src/wecom/split.js";

describe("splitting long messages by UTF-8 bytes", () => {
  it("leaves a message within the limit whole", () => {
    expect(splitByBytes("你好", 2048)).toEqual(["你好"]);
  });

  it("splits Chinese text (3 bytes a character) without breaking a character", () => {
    const parts = splitByBytes("校".repeat(1000), 2048);
    expect(parts.map(byteLength)).toEqual([2046, 954]);
    expect(parts.join("")).toBe("校".repeat(1000));
  });

  it("keeps four-byte emoji whole", () => {
    const parts = splitByBytes("😀".repeat(10), 6);
    expect(parts.every((p) => p === "😀")).toBe(true);
  });

  it("breaks Markdown only at line ends when lines fit", () => {
    const lines = Array.from({ length: 200 }, (_, i) => `- **第${i + 1}所学校** <font color="warning">逾期未报</font>`);
    const parts = splitByBytes(lines.join("\n"), 4096);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.split("\n"))).toEqual(lines);
    for (const p of parts) expect(byteLength(p)).toBeLessThanOrEqual(4096);
  });

  it("cuts a long 汇总 between its sections, so no kind's part is spread over two messages", () => {
    const section = (title: string, n: number) =>
      [`### ${title}`, ...Array.from({ length: n }, (_, i) => `- 第${i + 1}所学校 已填报`)].join("\n");
    const text = [section("安全检查", 100), section("课后服务", 100), section("督导", 10)].join("\n\n");
    const parts = splitByBytes(text, 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(byteLength(p)).toBeLessThanOrEqual(4096);
      expect(p.startsWith("### ")).toBe(true);
    }
    expect(parts.map((p) => p.split("\n")[0])).toEqual(["### 安全检查", "### 课后服务"]);
    expect(parts.join("\n\n")).toBe(text);
  });

  it("never exceeds the limit and loses nothing, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 3000 }), fc.integer({ min: 8, max: 700 }), (s, max) => {
        const parts = splitByBytes(s, max);
        for (const p of parts) expect(byteLength(p)).toBeLessThanOrEqual(max);
        // Line breaks at cut points are dropped; everything else survives in order.
        expect(parts.join("").replaceAll("\n", "")).toBe(s.replaceAll("\n", ""));
      }),
      { seed: 2022, numRuns: 300 },
    );
  });
});
