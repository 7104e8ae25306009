// The key hashes the placement schemes are defined with, each exactly as its reference computes it:
// libketama's MD5 `hashi` and point words, Redis Cluster's CRC16 (XMODEM) with the {hash tag} rule,
// and the 64-bit linear congruential step of jump consistent hash done in 32-bit halves (no BigInt
// on the hot path).
import { hash } from "node:crypto";

/** The 16-byte MD5 digest of a string's UTF-8 bytes. */
export function md5(s: string): Buffer {
  return hash("md5", s, "buffer");
}

/**
 * libketama's `ketama_hashi`: the first four bytes of MD5(key) read little-endian, as an unsigned
 * 32-bit number. `ketamaHashi("test")` is 3446378249 (libketama's python_ketama/tests.py).
 */
export function ketamaHashi(key: string): number {
  return md5(key).readUInt32LE(0);
}

const CRC16_TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let j = 0; j < 8; j++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

/** CRC16/XMODEM (poly 0x1021, init 0, no reflection, no final xor) of bytes [from, to). */
export function crc16(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let crc = 0;
  for (let i = from; i < to; i++) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[((crc >>> 8) ^ bytes[i]) & 0xff];
  return crc;
}

export const REDIS_SLOTS = 16384;

/**
 * Redis Cluster's key → hash slot: CRC16 of the key's bytes mod 16384, where a key with a `{` that
 * is followed later by a `}` with at least one byte between them hashes only those bytes (the first
 * `{` and the first `}` after it; `{}` means no tag). Returns the CRC16 (the slot is `crc & 16383`).
 */
export function redisKeyHash(key: string): number {
  const b = Buffer.from(key, "utf8");
  const open = b.indexOf(0x7b); // {
  if (open >= 0) {
    const close = b.indexOf(0x7d, open + 1); // }
    if (close > open + 1) return crc16(b, open + 1, close);
  }
  return crc16(b);
}

// 2862933555777941757 = 0x27bb2ee687b0b0fd, the LCG multiplier of the paper's reference code
const C48 = 0x27bb;
const C32 = 0x2ee6;
const C16 = 0x87b0;
const C00 = 0xb0fd;

/**
 * Jump consistent hash (Lamping & Veach 2014, "A Fast, Minimal Memory, Consistent Hash Algorithm",
 * arXiv:1406.2294), the paper's C++ reference with the 64-bit key given as two unsigned 32-bit
 * halves. Returns the bucket in [0, buckets).
 */
export function jumpHash(lo: number, hi: number, buckets: number): number {
  let b = -1;
  let j = 0;
  lo >>>= 0;
  hi >>>= 0;
  while (j < buckets) {
    b = j;
    // key = key * 2862933555777941757 + 1 (mod 2^64), in 16-bit limbs
    const a48 = hi >>> 16;
    const a32 = hi & 0xffff;
    const a16 = lo >>> 16;
    const a00 = lo & 0xffff;
    let c00 = a00 * C00;
    let c16 = c00 >>> 16;
    c00 &= 0xffff;
    c16 += a16 * C00;
    let c32 = c16 >>> 16;
    c16 &= 0xffff;
    c16 += a00 * C16;
    c32 += c16 >>> 16;
    c16 &= 0xffff;
    c32 += a32 * C00;
    let c48 = c32 >>> 16;
    c32 &= 0xffff;
    c32 += a16 * C16;
    c48 += c32 >>> 16;
    c32 &= 0xffff;
    c32 += a00 * C32;
    c48 += c32 >>> 16;
    c32 &= 0xffff;
    c48 += a48 * C00 + a32 * C16 + a16 * C32 + a00 * C48;
    c48 &= 0xffff;
    lo = ((c16 << 16) | c00) >>> 0;
    hi = ((c48 << 16) | c32) >>> 0;
    // + 1
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
    // j = (b + 1) * (double(1 << 31) / double((key >> 33) + 1))
    j = Math.floor((b + 1) * (2147483648 / ((hi >>> 1) + 1)));
  }
  return b;
}
