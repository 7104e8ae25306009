// Fields of a text trace parsed straight from the bytes of a line (no string per field): numbers,
// short words packed into one number (op names), and a field's text for an error message.
import type { Op } from "../types.js";

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

/** Packed word → op, for packWord lookups. */
export function opTable(words: Record<string, Op>): Map<number, Op> {
  return new Map(Object.entries(words).map(([w, op]) => [packString(w), op]));
}

/** A field's text for an error message: at most 40 characters. */
export function shown(buf: Buffer, start: number, end: number): string {
  const s = buf.toString("utf8", start, Math.min(end, start + 40)).trim();
  return end - start > 40 ? `${s}…` : s;
}
