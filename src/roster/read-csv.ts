/**
 * Reads a CSV file as Excel on Chinese Windows or any editor saves it:
 * UTF-8 with or without a BOM, or GBK. Bytes that are valid UTF-8 are read as
 * UTF-8; anything else as GBK (GB18030, its superset).
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";

export type CsvEncoding = "utf-8" | "gbk";

export function decodeText(bytes: Buffer): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString("utf8"), encoding: "utf-8" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(bytes, "gb18030"), encoding: "gbk" };
  }
}

/** A data row and its line in the file (the header is line 1, as Excel numbers rows; a cell spanning lines gives the last). */
export type CsvRow = { line: number; cells: string[] };
export type CsvTable = { header: string[]; rows: CsvRow[]; encoding: CsvEncoding };

export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const [head, ...rest] = records;
  return {
    header: (head?.record ?? []).map((h) => h.trim().toLowerCase()),
    rows: rest.map((r) => ({ line: r.info.lines, cells: r.record })),
  };
}

export function readCsv(file: string): CsvTable {
  const { text, encoding } = decodeText(readFileSync(file));
  return { ...parseCsv(text), encoding };
}
