/**
 * A zip file built in memory, entry by entry, each entry's content streamed through zlib's deflate in
 * chunks: what an XLSX is. Only the compressed bytes are kept (an export of a million rows is ~40 MB
 * zipped, ~400 MB of XML), and each local header is filled in once its entry is done. No zip64: an entry
 * or the whole file over 4 GB is refused.
 */
import { once } from "node:events";
import zlib from "node:zlib";

const LIMIT = 0xffff_ffff;

type Entry = { name: Buffer; crc: number; size: number; compressed: number; offset: number };

export class ZipBuilder {
  readonly #chunks: Buffer[] = [];
  readonly #entries: Entry[] = [];
  #offset = 0;

  #push(b: Buffer): void {
    this.#chunks.push(b);
    this.#offset += b.length;
  }

  /**
   * Adds an entry whose content `write` produces in pieces (strings are UTF-8). `write` returns a promise
   * only when it passed a megabyte on to deflate: await it then (most calls return nothing to await).
   */
  async entry(name: string, produce: (write: (s: string) => Promise<void> | undefined) => Promise<void>): Promise<void> {
    const e: Entry = { name: Buffer.from(name, "utf8"), crc: 0, size: 0, compressed: 0, offset: this.#offset };
    const header = Buffer.alloc(30 + e.name.length);
    this.#push(header);
    const deflate = zlib.createDeflateRaw({ level: 1 });
    deflate.on("data", (c: Buffer) => {
      e.compressed += c.length;
      this.#push(c);
    });
    const ended = once(deflate, "end");
    let pending = "";
    const flush = async () => {
      const b = Buffer.from(pending, "utf8");
      pending = "";
      e.crc = zlib.crc32(b, e.crc);
      e.size += b.length;
      if (e.size > LIMIT) throw new Error(`zip entry ${name} over 4 GB`);
      if (!deflate.write(b)) await once(deflate, "drain");
    };
    await produce((s) => {
      pending += s;
      return pending.length >= 1 << 20 ? flush() : undefined;
    });
    if (pending) await flush();
    deflate.end();
    await ended;
    localHeader(header, e);
    this.#entries.push(e);
  }

  /** The whole file, as the pieces it was built of (a large file is written out piece by piece, never copied whole). */
  finish(): Buffer[] {
    const start = this.#offset;
    for (const e of this.#entries) this.#push(centralHeader(e));
    const size = this.#offset - start;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.#entries.length, 8);
    end.writeUInt16LE(this.#entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    this.#push(end);
    if (this.#offset > LIMIT) throw new Error("zip file over 4 GB");
    return this.#chunks;
  }
}

// Version 2.0, UTF-8 names (bit 11), deflate, a fixed DOS time (1 January 2026): the content, not the clock, makes the file.
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

/** The fields a local and a central header share, from "version needed" to the name's length (26 bytes at `at`). */
function common(h: Buffer, at: number, e: Entry): void {
  h.writeUInt16LE(20, at);
  h.writeUInt16LE(0x0800, at + 2);
  h.writeUInt16LE(8, at + 4);
  h.writeUInt16LE(DOS_TIME, at + 6);
  h.writeUInt16LE(DOS_DATE, at + 8);
  h.writeUInt32LE(e.crc >>> 0, at + 10);
  h.writeUInt32LE(e.compressed, at + 14);
  h.writeUInt32LE(e.size, at + 18);
  h.writeUInt16LE(e.name.length, at + 22);
}

function localHeader(h: Buffer, e: Entry): void {
  h.writeUInt32LE(0x04034b50, 0);
  common(h, 4, e);
  h.writeUInt16LE(0, 28);
  e.name.copy(h, 30);
}

function centralHeader(e: Entry): Buffer {
  const h = Buffer.alloc(46 + e.name.length);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4);
  common(h, 6, e);
  h.writeUInt32LE(e.offset, 42);
  e.name.copy(h, 46);
  return h;
}
