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

/** Packs lines into parts of at most `maxBytes`, breaking only at line ends (a line too long alone is cut by characters). */
function splitLines(lines: string[], maxBytes: number): string[] {
  const parts: string[] = [];
  let current: string | null = null;
  for (const line of lines) {
    const candidate: string = current === null ? line : `${current}\n${line}`;
    if (byteLength(candidate) <= maxBytes) {
      current = candidate;
      continue;
    }
    if (current !== null && current !== "") parts.push(current);
    if (byteLength(line) <= maxBytes) {
      current = line;
    } else {
      const pieces = splitLine(line, maxBytes);
      current = pieces.pop() ?? "";
      parts.push(...pieces);
    }
  }
  if (current !== null && current !== "") parts.push(current);
  return parts;
}

/** A message's sections: a Markdown heading, or a line after a blank one, begins a new one (the lines joined back are the text). */
function sectionsOf(text: string): string[][] {
  const sections: string[][] = [];
  let current: string[] = [];
  let previous: string | null = null;
  for (const line of text.split("\n")) {
    if (current.length && (/^#{1,6} /.test(line) || (previous === "" && line !== ""))) {
      sections.push(current);
      current = [];
    }
    current.push(line);
    previous = line;
  }
  sections.push(current);
  return sections;
}

/**
 * Splits a message into parts of at most `maxBytes`: between sections where it can (one kind's part of a 汇总 stays
 * in one message), else at line ends, else between characters.
 */
export function splitByBytes(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError("maxBytes must hold at least one character");
  if (byteLength(text) <= maxBytes) return [text];
  const parts: string[] = [];
  let current: string | null = null;
  for (const section of sectionsOf(text)) {
    const block = section.join("\n");
    const candidate: string = current === null ? block : `${current}\n${block}`;
    if (byteLength(candidate) <= maxBytes) {
      current = candidate;
      continue;
    }
    if (current !== null && current.trim() !== "") parts.push(current.replace(/\n+$/, ""));
    if (byteLength(block) <= maxBytes) current = block;
    else {
      const pieces = splitLines(section, maxBytes);
      current = pieces.pop() ?? null;
      parts.push(...pieces);
    }
  }
  if (current !== null && current.trim() !== "") parts.push(current.replace(/\n+$/, ""));
  return parts;
}
