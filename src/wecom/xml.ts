/**
 * WeCom's XML, read safely: no DOCTYPE or entity declarations (so no entity
 * expansion), bounded nesting, values kept as strings exactly as sent
 * (leading spaces, numeric-looking text, CDATA ending in "]").
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { WeComCryptoError } from "./crypto.js";

export const MAX_XML_DEPTH = 16;
/** WeCom's messages have a few dozen tags; a body with more is not one of them (and the parser's work stays small). */
export const MAX_XML_TAGS = 1024;
/** WeCom's tags carry no attributes: a tag this long is not theirs. */
const MAX_TAG_LENGTH = 256;
/** Entity references outside CDATA (WeCom puts text in CDATA): the parser's entity pass stays small. */
const MAX_ENTITIES = 1024;

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

/**
 * Refuses XML nested deeper than MAX_XML_DEPTH, with more than MAX_XML_TAGS
 * tags, overlong tags or many entity references, in one forward pass (linear in the body: every
 * look-ahead starts where the last one ended, nothing is scanned twice). A
 * tag, comment, CDATA section or instruction that never closes is refused at
 * once. Replaces a regular expression that backtracked quadratically on a
 * body like `<xml><aaaa…` with no closing `>`.
 */
export function checkShape(xml: string): void {
  let depth = 0;
  let tags = 0;
  let entities = 0;
  let i = xml.indexOf("<");
  // The next "&" at or after where counting has reached: each one is found once, so the entity count costs one
  // pass over the body in all (searching afresh from every tag scanned to the end each time: quadratic up to the tag limit).
  let amp = xml.indexOf("&");
  const countEntities = (from: number, to: number) => {
    while (amp !== -1 && amp < from) amp = xml.indexOf("&", from);
    for (; amp !== -1 && amp < to; amp = xml.indexOf("&", amp + 1))
      if (++entities > MAX_ENTITIES) throw new WeComCryptoError("ParseXmlError", "too many entity references");
  };
  countEntities(0, i === -1 ? xml.length : i);
  while (i !== -1) {
    const next = xml.charCodeAt(i + 1);
    let end: number;
    if (next === 0x21 /* ! */) {
      const closer = xml.startsWith("<![CDATA[", i) ? "]]>" : xml.startsWith("<!--", i) ? "-->" : ">";
      end = xml.indexOf(closer, i + 2);
      if (end === -1) throw new WeComCryptoError("ParseXmlError", "unclosed markup declaration");
      end += closer.length - 1;
    } else if (next === 0x3f /* ? */) {
      end = xml.indexOf("?>", i + 2);
      if (end === -1) throw new WeComCryptoError("ParseXmlError", "unclosed processing instruction");
      end += 1;
    } else {
      end = tagEnd(xml, i + 1);
      countEntities(i, end);
      if (++tags > MAX_XML_TAGS) throw new WeComCryptoError("ParseXmlError", "too many tags");
      if (next === 0x2f /* / */) {
        if (--depth < 0) throw new WeComCryptoError("ParseXmlError", "a closing tag that closes nothing");
      } else if (xml.charCodeAt(end - 1) !== 0x2f && ++depth > MAX_XML_DEPTH)
        throw new WeComCryptoError("ParseXmlError", "nesting too deep");
    }
    i = xml.indexOf("<", end + 1);
    countEntities(end + 1, i === -1 ? xml.length : i);
  }
}

/** Where a tag's closing `>` is, skipping quoted attribute values; throws when there is none. */
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  const last = Math.min(xml.length, from + MAX_TAG_LENGTH);
  for (let j = from; j < last; j++) {
    const c = xml.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return j;
    else if (c === 0x3c) break; // a "<" inside a tag: malformed
  }
  throw new WeComCryptoError("ParseXmlError", last < xml.length ? "tag too long" : "unclosed tag");
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
  checkShape(xml);
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

/** Base64, the only thing an Encrypt element may hold. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The Encrypt value of a callback's outer envelope
 * (`<xml><ToUserName/><AgentID/><Encrypt/></xml>`), read before the signature
 * is verified: a few indexOf calls and one anchored character-class test, so
 * linear in the body whatever its shape; the envelope's other elements are
 * not needed and not parsed. Throws ParseXmlError when there is no single
 * base64 Encrypt element in an `<xml>` root.
 */
export function outerEncrypt(body: string): string {
  const doc = body.trim();
  if (!(doc.startsWith("<xml>") || doc.startsWith("<?xml")) || !doc.endsWith("</xml>"))
    throw new WeComCryptoError("ParseXmlError", "no <xml> root element");
  if (/<!DOCTYPE|<!ENTITY/i.test(doc)) throw new WeComCryptoError("ParseXmlError", "DOCTYPE or ENTITY declarations are not accepted");
  const open = doc.indexOf("<Encrypt>");
  if (open === -1) throw new WeComCryptoError("ParseXmlError", "no Encrypt element");
  const close = doc.indexOf("</Encrypt>", open);
  if (close === -1 || doc.indexOf("<Encrypt>", open + 1) !== -1) throw new WeComCryptoError("ParseXmlError", "not one Encrypt element");
  let value = doc.slice(open + "<Encrypt>".length, close).trim();
  if (value.startsWith("<![CDATA[") && value.endsWith("]]>")) value = value.slice("<![CDATA[".length, -"]]>".length);
  if (!BASE64.test(value)) throw new WeComCryptoError("ParseXmlError", "Encrypt is not base64");
  return value;
}
