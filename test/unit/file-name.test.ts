import { describe, expect, it } from "vitest";
import { safeFileName } from "../../src/chat/file-name.js";

describe("a file name built from data", () => {
  it.each([
    ["溧阳市安全检查_2026-12.xlsx", "溧阳市安全检查_2026-12.xlsx"],
    ["../../etc/passwd", "_.._etc_passwd"],
    ["..\\..\\x.xlsx", "_.._x.xlsx"],
    ["a\u0000b\u0007c.xlsx", "a_b_c.xlsx"],
    ["学校\u202Excod.exe.xlsx", "学校_xcod.exe.xlsx"],
    ['=HYPERLINK("http://x")', "=HYPERLINK(_http___x_)"],
    ["CON.xlsx", "_CON.xlsx"],
    ["   .hidden  ", "hidden"],
    ["", "file"],
  ])("makes “%s” safe: %s", (input, want) => {
    expect(safeFileName(input)).toBe(want);
  });

  it("keeps the extension when it shortens a long name to 120 characters", () => {
    const s = safeFileName(`${"长".repeat(300)}.xlsx`);
    expect([...s]).toHaveLength(120);
    expect(s.endsWith(".xlsx")).toBe(true);
  });
});
