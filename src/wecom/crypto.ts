/**
 * WeCom callback crypto, compatible with the official WXBizMsgCrypt:
 * SHA-1 signature over the sorted token / timestamp / nonce / encrypt
 * (compared in constant time), AES-256-CBC with the key from EncodingAESKey
 * and IV = its first 16 bytes, strict PKCS#7 padding to 32 bytes, the
 * plaintext random(16) + length(4, big-endian) + message + receiveid.
 * Errors carry the official library's codes (−40001 …).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const CRYPTO_ERRORS = {
  ValidateSignatureError: -40001,
  ParseXmlError: -40002,
  ComputeSignatureError: -40003,
  IllegalAesKey: -40004,
  ValidateCorpidError: -40005,
  EncryptAESError: -40006,
  DecryptAESError: -40007,
  IllegalBuffer: -40008,
  EncodeBase64Error: -40009,
  DecodeBase64Error: -40010,
  GenReturnXmlError: -40011,
} as const;

export type CryptoErrorName = keyof typeof CRYPTO_ERRORS;

export class WeComCryptoError extends Error {
  readonly code: number;
  constructor(
    readonly kind: CryptoErrorName,
    detail: string,
  ) {
    super(`${kind} (${CRYPTO_ERRORS[kind]}): ${detail}`);
    this.name = "WeComCryptoError";
    this.code = CRYPTO_ERRORS[kind];
  }
}

const BLOCK = 32;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash("sha1").update([token, timestamp, nonce, encrypt].sort().join("")).digest("hex");
}

export class WeComCrypto {
  readonly #token: string;
  readonly #key: Buffer;
  readonly #iv: Buffer;
  readonly #receiveId: string;

  constructor(token: string, encodingAesKey: string, receiveId: string) {
    if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey))
      throw new WeComCryptoError("IllegalAesKey", "EncodingAESKey must be 43 base64 characters");
    const key = Buffer.from(`${encodingAesKey}=`, "base64");
    if (key.length !== 32) throw new WeComCryptoError("IllegalAesKey", "EncodingAESKey does not decode to 32 bytes");
    this.#token = token;
    this.#key = key;
    this.#iv = key.subarray(0, 16);
    this.#receiveId = receiveId;
  }

  get receiveId(): string {
    return this.#receiveId;
  }

  signature(timestamp: string, nonce: string, encrypt: string): string {
    return signature(this.#token, timestamp, nonce, encrypt);
  }

  /** Throws ValidateSignatureError unless `given` is the signature, compared in constant time. */
  verifySignature(given: string, timestamp: string, nonce: string, encrypt: string): void {
    const expected = Buffer.from(this.signature(timestamp, nonce, encrypt), "utf8");
    const actual = Buffer.from(given.toLowerCase(), "utf8");
    // Lengths differ only for malformed input; the comparison below is then skipped, which leaks nothing secret.
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw new WeComCryptoError("ValidateSignatureError", "signature mismatch");
    }
  }

  /** Decrypts and checks padding, length and receiveid; returns the message. */
  decrypt(encrypt: string): string {
    if (encrypt.length === 0 || encrypt.length % 4 !== 0 || !BASE64.test(encrypt)) {
      throw new WeComCryptoError("DecodeBase64Error", "not base64");
    }
    const data = Buffer.from(encrypt, "base64");
    if (data.length === 0 || data.length % BLOCK !== 0)
      throw new WeComCryptoError("IllegalBuffer", `ciphertext length ${data.length} is not a multiple of ${BLOCK}`);
    let plain: Buffer;
    try {
      const decipher = createDecipheriv("aes-256-cbc", this.#key, this.#iv);
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch (err) {
      throw new WeComCryptoError("DecryptAESError", err instanceof Error ? err.message : String(err));
    }
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK) throw new WeComCryptoError("DecryptAESError", `bad padding value ${pad}`);
    for (let i = plain.length - pad; i < plain.length; i++) {
      if (plain[i] !== pad) throw new WeComCryptoError("DecryptAESError", "bad padding bytes");
    }
    const body = plain.subarray(0, plain.length - pad);
    if (body.length < 20) throw new WeComCryptoError("IllegalBuffer", "plaintext too short");
    const length = body.readUInt32BE(16);
    if (length > body.length - 20) throw new WeComCryptoError("IllegalBuffer", `length field ${length} exceeds the plaintext`);
    const message = body.subarray(20, 20 + length);
    const receiveId = body.subarray(20 + length).toString("utf8");
    if (receiveId !== this.#receiveId) throw new WeComCryptoError("ValidateCorpidError", "receiveid is not ours");
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(message);
    } catch {
      throw new WeComCryptoError("IllegalBuffer", "message is not UTF-8");
    }
  }

  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const msg = Buffer.from(message, "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length, 0);
    const body = Buffer.concat([random, len, msg, Buffer.from(this.#receiveId, "utf8")]);
    const pad = BLOCK - (body.length % BLOCK);
    const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
    const cipher = createCipheriv("aes-256-cbc", this.#key, this.#iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(padded), cipher.final()]).toString("base64");
  }

  /** Verifies and decrypts a callback's encrypted field (URL check's echostr, or a message's Encrypt). */
  open(msgSignature: string, timestamp: string, nonce: string, encrypt: string): string {
    this.verifySignature(msgSignature, timestamp, nonce, encrypt);
    return this.decrypt(encrypt);
  }

  /** The encrypted passive-reply envelope for a reply message. */
  seal(message: string, timestamp: string, nonce: string): { encrypt: string; msgSignature: string } {
    const encrypt = this.encrypt(message);
    return { encrypt, msgSignature: this.signature(timestamp, nonce, encrypt) };
  }
}
