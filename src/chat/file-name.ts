/**
 * One rule for every file name built from data (a unit's name, a kind's, a period): an export's name, the name
 * WeCom shows for an upload, a dashboard download, a file the CLI writes. No path (/ \ ..), no control or
 * direction-override character, nothing a file system or a header quote refuses (" * : < > ? |), no name
 * Windows reserves, at most 120 characters with the extension kept.
 */

/** Characters no file name keeps: control characters (C0, DEL, C1), bidi overrides, and what paths and headers misread. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is what this expression is for
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c"*/:<>?\\|]/gu;
/** Names Windows keeps for devices (CON, PRN, AUX, NUL, COM1…, LPT1…), with any extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
const MAX = 120;

export function safeFileName(name: string): string {
  let s = name.replace(UNSAFE, "_").replace(/\s+/g, " ").trim();
  // No leading dots (a hidden file, or ".." as a path) and no trailing dots or spaces (Windows drops them).
  s = s.replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
  if (RESERVED.test(s)) s = `_${s}`;
  const chars = [...s];
  if (chars.length > MAX) {
    const dot = s.lastIndexOf(".");
    const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : "";
    s = [...s.slice(0, s.length - ext.length)].slice(0, MAX - [...ext].length).join("") + ext;
  }
  return s || "file";
}
