/**
 * WeCom's XML, read safely: no DOCTYPE or entity declarations (so no entity
 * expansion), bounded nesting, values kept as strings exactly as sent
 * (leading spaces, numeric-looking text, CDATA ending in "]").
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { WeComCryptoError } from "./crypto.js";

export const MAX_XML_DEPTH = 16;

export type XmlValue = string | XmlNode | XmlValue[];
export type XmlNode = { [key: string]: XmlValue };

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: false,
});

const builder = new XMLBuilder({ cdataPropName: "__cdata", format: false, suppressEmptyNode: false });

function depthOf(xml: string): number {
  let depth = 0;
  let max = 0;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (m[1]) depth--;
    else if (!m[3]) {
      depth++;
      if (depth > max) max = depth;
    }
  }
  return max;
}

/** Whitespace between elements becomes "#text" in the parser's output: drop it. */
function clean(v: unknown): XmlValue {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === "object") {
    const out: XmlNode = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === "#text" && typeof x === "string" && x.trim() === "") continue;
      out[k] = clean(x);
    }
    return out;
  }
  return v === undefined || v === null ? "" : String(v);
}

/** Parses `<xml>…</xml>` into its children; throws ParseXmlError for anything else. */
export function parseXml(xml: string): XmlNode {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new WeComCryptoError("ParseXmlError", "DOCTYPE or ENTITY declarations are not accepted");
  if (depthOf(xml) > MAX_XML_DEPTH) throw new WeComCryptoError("ParseXmlError", "nesting too deep");
  let doc: unknown;
  try {
    doc = parser.parse(xml, true);
  } catch (err) {
    throw new WeComCryptoError("ParseXmlError", err instanceof Error ? (err.message.split("\n")[0] ?? "invalid XML") : "invalid XML");
  }
  const root = (doc as Record<string, unknown> | undefined)?.xml;
  if (!root || typeof root !== "object" || Array.isArray(root)) throw new WeComCryptoError("ParseXmlError", "no <xml> root element");
  return clean(root) as XmlNode;
}

/** Builds `<xml>…</xml>` with every value in CDATA. */
export function buildXml(fields: Record<string, string | number>): string {
  const node: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) node[k] = typeof v === "number" ? v : { __cdata: v };
  return builder.build({ xml: node }) as string;
}
