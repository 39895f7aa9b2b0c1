/**
 * What people type on a phone, made comparable: full-width letters, digits and
 * punctuation to half-width, ideographic spaces to spaces, runs of spaces to
 * one, and no trailing punctuation.
 */
const TRAILING = /[\s。．.，,！!？?；;、~～…]+$/u;

export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

export function normalize(input: string): string {
  return toHalfWidth(input.normalize("NFKC")).replace(/\s+/g, " ").trim().replace(TRAILING, "").trim();
}

/** A command's words: split on spaces; Chinese commands may also be written without one ("隐患整改 3 …"). */
export function words(input: string): string[] {
  const n = normalize(input);
  return n === "" ? [] : n.split(" ");
}
