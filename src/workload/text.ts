// Shared machinery of the text readers (csv, txt, twitter): whole lines a big chunk at a time, and
// fields parsed straight from the bytes (no string per field, except string keys).
import { InputError } from "../core/errors.js";
import { type ByteInput, openInput } from "./byte-input.js";
import { DELETE, GET, type Op, type RequestBatch, SET } from "./types.js";

const CHUNK = 1 << 20;
const MAX_LINE = 1 << 26;

export interface LineChunk {
  /** The shared buffer: valid until the next chunk is asked for. */
  buf: Buffer;
  /** buf[0, end) holds whole lines; the last line of the input may lack its newline. */
  end: number;
}

/** Reads the input in ~1 MiB chunks cut at line ends (a chunk grows to hold a longer line). */
export function* lineChunks(input: ByteInput, path: string): Generator<LineChunk> {
  let buf = Buffer.allocUnsafe(CHUNK);
  const chunk: LineChunk = { buf, end: 0 };
  let filled = 0;
  for (;;) {
    const want = buf.length - filled;
    const n = input.read(buf, filled, want);
    filled += n;
    const eof = n < want;
    if (filled === 0) return;
    let end = filled;
    if (!eof) {
      const nl = buf.lastIndexOf(10, filled - 1);
      if (nl < 0) {
        if (buf.length >= MAX_LINE) throw new InputError(`${path}: a line is longer than ${MAX_LINE} bytes`);
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
        continue;
      }
      end = nl + 1;
    }
    chunk.buf = buf;
    chunk.end = end;
    yield chunk;
    if (eof) return;
    buf.copy(buf, 0, end, filled);
    filled -= end;
  }
}

/**
 * Fills a request row from one line: the line is buf[start, end) (its \n left out; a \r before it,
 * or spaces, are the reader's to trim), the row to write is `n` of the batch. Returns false when the
 * line is not a request (blank, a header), true when row `n` is written.
 */
export type LineRow = (buf: Buffer, start: number, end: number, n: number) => boolean;

/**
 * The request loop every text reader shares: opens `path`, hands each of its lines to `row`, and
 * yields `batch` whenever the rows fill it, then once more with what is left; the input is closed
 * however the loop ends (finished, an error thrown by `row`, or the consumer stopping early).
 */
export function* lineBatches(path: string, batch: RequestBatch, row: LineRow): Generator<RequestBatch> {
  const input = openInput(path);
  try {
    const cap = batch.key.length;
    let n = 0;
    for (const chunk of lineChunks(input, path)) {
      const buf = chunk.buf;
      const end = chunk.end;
      let pos = 0;
      while (pos < end) {
        let nl = buf.indexOf(10, pos);
        if (nl < 0 || nl >= end) nl = end;
        const start = pos;
        pos = nl + 1;
        if (row(buf, start, nl, n) && ++n === cap) {
          batch.length = n;
          yield batch;
          n = 0;
        }
      }
    }
    if (n > 0) {
      batch.length = n;
      yield batch;
    }
  } finally {
    input.close();
  }
}

function isSpace(b: number): boolean {
  return b === 32 || b === 9;
}

/**
 * A non-negative decimal integer spelled by buf[start, end) (spaces around it allowed), or NaN.
 * Exact up to 2^53.
 */
export function parseUint(buf: Buffer, start: number, end: number): number {
  while (start < end && isSpace(buf[start])) start++;
  while (end > start && isSpace(buf[end - 1])) end--;
  if (start === end || end - start > 16) return Number.NaN;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** A decimal number (sign, fraction, exponent) spelled by buf[start, end), or NaN. */
export function parseNumber(buf: Buffer, start: number, end: number): number {
  while (start < end && isSpace(buf[start])) start++;
  while (end > start && isSpace(buf[end - 1])) end--;
  if (start === end) return Number.NaN;
  // Fast path: [-]digits[.digits] with at most 15 digits, exact as m / 10^k (one rounding).
  let i = start;
  const negative = buf[i] === 45;
  if (negative) i++;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < end; i++) {
    const b = buf[i];
    if (b === 46 && frac < 0) {
      frac = 0;
      continue;
    }
    const c = b - 48;
    if (c < 0 || c > 9) break;
    m = m * 10 + c;
    digits++;
    if (frac >= 0) frac++;
  }
  if (i === end && digits > 0 && digits <= 15) {
    const v = frac > 0 ? m / POW10[frac] : m;
    return negative ? -v : v;
  }
  const v = Number(buf.toString("latin1", start, end));
  return Number.isFinite(v) ? v : Number.NaN;
}

/**
 * A short word (≤ 7 ASCII letters or digits, case folded) as one number, for matching op names
 * without making a string; -1 when it cannot be one of ours.
 */
export function packWord(buf: Uint8Array, start: number, end: number): number {
  if (end - start > 7 || end <= start) return -1;
  let c = 0;
  for (let i = start; i < end; i++) {
    let b = buf[i];
    if (b >= 65 && b <= 90) b |= 32;
    else if (b >= 128) return -1;
    c = c * 128 + b;
  }
  return c;
}

export function packString(s: string): number {
  const b = Buffer.from(s, "latin1");
  return packWord(b, 0, b.length);
}

/** Memcached verbs as they appear in the Twitter traces. incr/decr read the value: GET. */
export const TWITTER_OPS: Record<string, Op> = {
  get: GET,
  gets: GET,
  incr: GET,
  decr: GET,
  set: SET,
  add: SET,
  replace: SET,
  cas: SET,
  append: SET,
  prepend: SET,
  delete: DELETE,
};

/** What a CSV op column may say (case-insensitive): the generic words plus the memcached verbs. */
export const CSV_OPS: Record<string, Op> = {
  get: GET,
  read: GET,
  r: GET,
  "0": GET,
  set: SET,
  write: SET,
  w: SET,
  put: SET,
  "1": SET,
  delete: DELETE,
  del: DELETE,
  "2": DELETE,
  ...TWITTER_OPS,
};

/** Packed word → op, for packWord lookups. */
export function opTable(words: Record<string, Op>): Map<number, Op> {
  return new Map(Object.entries(words).map(([w, op]) => [packString(w), op]));
}

/** A field's text for an error message: at most 40 characters. */
export function shown(buf: Buffer, start: number, end: number): string {
  const s = buf.toString("utf8", start, Math.min(end, start + 40)).trim();
  return end - start > 40 ? `${s}…` : s;
}
