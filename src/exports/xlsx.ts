/**
 * XLSX writing, streamed row by row into a zip (zip.ts): Chinese headers in bold, frozen; column widths
 * that fit CJK text (two units a character); numbers as numbers; instants and days as Excel dates in the
 * bureau's timezone. Every string is a shared-string cell — text, never a formula, whatever it starts
 * with (`=HYPERLINK(…)` typed as a unit name stays those characters). exceljs's streaming writer took
 * 34 s for the million rows of the benchmark (bench/README.md); this takes a fraction of that.
 */
import { localParts } from "../time/zoned.js";
import { ZipBuilder } from "./zip.js";

/** A cell: text, a number, an instant (`at`), a local day (`day`, YYYY-MM-DD), or empty. */
export type Cell = string | number | null | undefined | { at: Date } | { day: string };
export type Column = { header: string; kind?: "text" | "number" | "instant" | "day" };
export type Sheet = { name: string; columns: Column[]; rows: Iterable<Cell[]> | AsyncIterable<Cell[]> };

/** Excel's limit of rows in a sheet (the header included). */
export const XLSX_MAX_ROWS = 1_048_576;

export class TooManyRows extends Error {
  constructor(readonly sheet: string) {
    super(`sheet ${sheet} over ${XLSX_MAX_ROWS} rows`);
  }
}

const STYLE = { header: 1, instant: 2, day: 3 } as const;
const WIDTH_SAMPLE = 200;

/** Characters XML 1.0 cannot carry (control characters but tab and newlines): dropped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to drop
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xmlText = (s: string) => s.replace(NOT_XML, "").replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));

/** A, B, …, Z, AA, … */
function columnName(i: number): string {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Display width in Excel's units: a CJK or full-width character is two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

/** Instants as Excel's serial numbers of the local wall-clock time (the zone's offset read once an hour of time). */
function instantSerials(tz: string): (at: Date) => number {
  const offsets = new Map<number, number>();
  return (at) => {
    const hour = Math.floor(at.getTime() / 3_600_000);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const p = localParts(new Date(hour * 3_600_000), tz);
      offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - hour * 3_600_000;
      if (offsets.size > 100_000) offsets.clear();
      offsets.set(hour, offset);
    }
    return (at.getTime() + offset) / 86_400_000 + 25_569;
  };
}

function daySerial(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 + 25_569 : null;
}

function safeSheetName(name: string, taken: Set<string>): string {
  const base = [...name.replace(/[[\]:*?/\\]/g, "_")].slice(0, 28).join("") || "Sheet";
  let n = base;
  for (let i = 2; taken.has(n); i++) n = `${base}${i}`;
  taken.add(n);
  return n;
}

/** A written workbook: its bytes in pieces (see ZipBuilder.finish), and their total. */
export type XlsxFile = { parts: Buffer[]; size: number };

export const xlsxBytes = (f: XlsxFile) => Buffer.concat(f.parts, f.size);

/** The workbook of `sheets`. `tz`: the timezone instants are shown in. */
export async function writeXlsx(sheets: Sheet[], tz: string): Promise<XlsxFile> {
  const zip = new ZipBuilder();
  const strings = new Map<string, number>();
  const order: string[] = [];
  const sst = (s: string) => {
    let i = strings.get(s);
    if (i === undefined) {
      i = order.length;
      strings.set(s, i);
      order.push(s);
    }
    return i;
  };
  const instantSerial = instantSerials(tz);
  const taken = new Set<string>();
  const names = sheets.map((s) => safeSheetName(s.name, taken));

  for (const [si, sheet] of sheets.entries()) {
    const letters = sheet.columns.map((_, i) => columnName(i));
    const cell = (v: Cell, col: number, row: number): string => {
      if (v === null || v === undefined || v === "") return "";
      const ref = `${letters[col]}${row}`;
      if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"><v>${v}</v></c>` : "";
      if (typeof v === "string") return `<c r="${ref}" t="s"><v>${sst(v)}</v></c>`;
      if ("at" in v) return `<c r="${ref}" s="${STYLE.instant}"><v>${instantSerial(v.at)}</v></c>`;
      const d = daySerial(v.day);
      return d === null ? `<c r="${ref}" t="s"><v>${sst(v.day)}</v></c>` : `<c r="${ref}" s="${STYLE.day}"><v>${d}</v></c>`;
    };
    await zip.entry(`xl/worksheets/sheet${si + 1}.xml`, async (write) => {
      // The first rows decide the column widths (written before the rows).
      const head: Cell[][] = [];
      const rows = sheet.rows;
      const it: Iterator<Cell[]> | AsyncIterator<Cell[]> =
        Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : (rows as Iterable<Cell[]>)[Symbol.iterator]();
      let done = false;
      while (head.length < WIDTH_SAMPLE) {
        const r = await it.next();
        if (r.done) {
          done = true;
          break;
        }
        head.push(r.value);
      }
      const widths = sheet.columns.map((c, i) => {
        if (c.kind === "instant") return 17;
        if (c.kind === "day") return 12;
        const longest = Math.max(displayWidth(c.header), ...head.map((r) => displayWidth(String(r[i] ?? ""))));
        return Math.min(60, Math.max(6, longest + 2));
      });
      await write(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>${widths
          .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
          .join("")}</cols><sheetData><row r="1">${sheet.columns
          .map((c, i) => `<c r="${letters[i]}1" t="s" s="${STYLE.header}"><v>${sst(c.header)}</v></c>`)
          .join("")}</row>`,
      );
      let row = 1;
      const emit = async (r: Cell[]) => {
        row++;
        if (row > XLSX_MAX_ROWS) throw new TooManyRows(sheet.name);
        let x = `<row r="${row}">`;
        for (let i = 0; i < sheet.columns.length; i++) x += cell(r[i], i, row);
        const flushing = write(`${x}</row>`);
        if (flushing) await flushing;
      };
      for (const r of head) await emit(r);
      while (!done) {
        const r = await it.next();
        if (r.done) break;
        await emit(r.value);
      }
      // Printed as a bureau prints it: landscape A4, every column on the page's width, the header row on each page.
      await write(
        '</sheetData><pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>',
      );
    });
  }

  const part = (name: string, xml: string) => zip.entry(name, async (write) => await write(xml));
  await part(
    "xl/sharedStrings.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${order.length}" uniqueCount="${order.length}">${order
      .map((s) => `<si><t xml:space="preserve">${xmlText(s)}</t></si>`)
      .join("")}</sst>`,
  );
  await part(
    "xl/styles.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  await part(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names
      .map((n, i) => `<sheet name="${xmlText(n).replace(/"/g, "&quot;")}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join("")}</sheets><definedNames>${names
      .map((n, i) => `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">'${xmlText(n.replace(/'/g, "''"))}'!$1:$1</definedName>`)
      .join("")}</definedNames></workbook>`,
  );
  await part(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join(
        "",
      )}<Relationship Id="rId${names.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId${names.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  await part(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  await part(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${names
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join(
        "",
      )}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  );
  const parts = zip.finish();
  return { parts, size: parts.reduce((n, b) => n + b.length, 0) };
}
