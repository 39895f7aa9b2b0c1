/** The WeCom vectors and payloads (copied from ../shared/wecom into test/fixtures/wecom). */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../src/db/providers.js";

export const SHARED_WECOM = path.join(ROOT, "test", "fixtures", "wecom");

export type VectorCase = {
  name: string;
  kind: "verify" | "xml" | "json" | "crypto-only";
  msgSignature: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  plaintext?: string;
  body?: string;
  urlEncodedEchostr?: string;
};
export type VectorSet = { name: string; token: string; encodingAesKey: string; receiveId: string; cases: VectorCase[] };

export const vectorSets: VectorSet[] = (JSON.parse(readFileSync(path.join(SHARED_WECOM, "vectors.json"), "utf8")) as { sets: VectorSet[] })
  .sets;

export const xmlPayloads: { name: string; xml: string }[] = readdirSync(path.join(SHARED_WECOM, "payloads"))
  .filter((f) => f.endsWith(".xml"))
  .sort()
  .map((name) => ({ name, xml: readFileSync(path.join(SHARED_WECOM, "payloads", name), "utf8") }));
