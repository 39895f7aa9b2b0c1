/** The XLSX files the bot sent a person through the fake WeCom, opened for a test to read. */
import ExcelJS from "exceljs";
import { eventually, type Harness } from "./wecom-harness.js";

/** The first file sent to `userid` after their `before`-th delivery, waited for, with its workbook opened. */
export async function fileSentTo(h: Harness, userid: string, before: number) {
  await eventually(() =>
    h.fake
      .deliveriesTo(userid)
      .slice(before)
      .some((d) => d.msgtype === "file"),
  );
  const d = h.fake
    .deliveriesTo(userid)
    .slice(before)
    .find((x) => x.msgtype === "file");
  if (!d?.media) throw new Error("no file");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(d.media.data as unknown as ArrayBuffer);
  return { name: d.media.name, wb, data: d.media.data };
}

/** A sheet's rows as plain values (the header first). */
export function values(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}
