/**
 * Splits a long message into parts of at most `maxBytes` UTF-8 bytes, at line
 * ends where it can (a Markdown line is never broken unless it alone is too
 * long), and never inside a character.
 */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** Splits one line that is too long, by code points (emoji and CJK stay whole). */
function splitLine(line: string, maxBytes: number): string[] {
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = byteLength(ch);
    if (size + n > maxBytes && current) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += n;
  }
  if (current) parts.push(current);
  return parts;
}

export function splitByBytes(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError("maxBytes must hold at least one character");
  if (byteLength(text) <= maxBytes) return [text];
  const parts: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const candidate = current === "" ? line : `${current}\n${line}`;
    if (byteLength(candidate) <= maxBytes) {
      current = candidate;
      continue;
    }
    if (current !== "") parts.push(current);
    if (byteLength(line) <= maxBytes) {
      current = line;
    } else {
      const pieces = splitLine(line, maxBytes);
      current = pieces.pop() ?? "";
      parts.push(...pieces);
    }
  }
  if (current !== "") parts.push(current);
  return parts;
}
