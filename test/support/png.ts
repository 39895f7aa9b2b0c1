/** Reading a PNG back in tests: its size, and its pixels (8-bit RGB or RGBA, not interlaced — what resvg writes). */
import zlib from "node:zlib";

export type Pixels = { width: number; height: number; channels: number; at(x: number, y: number): number[] };

export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(1, 4).toString("latin1") !== "PNG") throw new Error("not a PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export function decodePng(png: Buffer): Pixels {
  const { width, height } = pngSize(png);
  const depth = png[24];
  const colour = png[25];
  if (depth !== 8 || (colour !== 2 && colour !== 6) || png[28] !== 0) throw new Error("only 8-bit RGB(A), not interlaced");
  const channels = colour === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let o = 8; o < png.length; ) {
    const len = png.readUInt32BE(o);
    const type = png.subarray(o + 4, o + 8).toString("latin1");
    if (type === "IDAT") idat.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= channels ? (out[y * stride + x - channels] ?? 0) : 0;
      const b = y > 0 ? (out[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (out[(y - 1) * stride + x - channels] ?? 0) : 0;
      const p = a + b - c;
      const pr = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      out[y * stride + x] = (v + (f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : f === 4 ? pr : 0)) & 0xff;
    }
  }
  return { width, height, channels, at: (x, y) => [...out.subarray(y * stride + x * channels, y * stride + x * channels + channels)] };
}

/** How many pixels in the box are not (near) white. */
export function inkIn(p: Pixels, box: { x: number; y: number; w: number; h: number }): number {
  let n = 0;
  for (let y = box.y; y < box.y + box.h; y++)
    for (let x = box.x; x < box.x + box.w; x++) {
      const [r = 255, g = 255, b = 255] = p.at(x, y);
      if (r + g + b < 600) n++;
    }
  return n;
}
