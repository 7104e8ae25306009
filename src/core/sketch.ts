// FrequencySketch: the approximate frequency histogram behind TinyLFU, shared by the `tinylfu`
// admission filter and the `wtinylfu` eviction policy.
//
// Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", ACM
// Transactions on Storage 13(4), 2017. TinyLFU keeps a counting sketch of how often each key was
// seen recently and admits a newcomer only if it looks more popular than the victim it would
// replace. Three ideas from the paper are here:
//
// - a count-min sketch: one array of `width` small counters; a key touches `depth` of them, picked by
//   double hashing as in libCacheSim's counting Bloom filter (probe i is a + i·b mod 2^32, a and b
//   two independent 32-bit hashes of the id, scaled into [0, width)). Adding a key increments all
//   of its counters (each saturating at 2^counterBits − 1, so counterBits = 4 gives the paper's
//   4-bit counters; libCacheSim's are 32-bit). Its estimate is the minimum of them, which can only
//   over-count (collisions), never under-count. No conservative update: libCacheSim's "minimal
//   increment" filter in fact increments every counter, and so do Caffeine and this file;
// - aging ("reset"): the owner calls `age()` after every W samples; it halves every counter, so old
//   popularity fades and the counters stay small (it returns how many counters were odd, for
//   Caffeine's sample correction);
// - an optional doorkeeper: a plain Bloom filter in front of the counters. The first occurrence of
//   a key only sets its doorkeeper bits; only later occurrences reach the counters, so the many
//   one-hit wonders of a real workload do not pollute them. A key's estimate is its counter estimate
//   plus one if the doorkeeper holds it. `age()` clears the doorkeeper.
//
// Hot path: no allocation; counters live in one typed array (16-bit when counterBits ≤ 16, else
// 32-bit), doorkeeper bits in another. Indices
// are mapped into [0, width) with a multiply-shift ("fastrange") instead of `%`.
//
// Journal: `mark()` starts recording every counter increment and doorkeeper bit set, and
// `rollback()` undoes them. A policy whose victim() must predict evict() without changing state
// (W-TinyLFU updates the sketch while it walks its window) uses this to look ahead and restore.

import { mix32 } from "./rng.js";

const TWO_POW_MINUS_32 = 1 / 4294967296;
/** Doorkeeper hash functions (Bloom filter k). */
const DOOR_HASHES = 3;

export interface SketchOptions {
  /** Number of counters (at least 1). */
  width: number;
  /** Counters touched per key (hash functions). */
  depth: number;
  /** Counter width in bits, 1..32: counters saturate at 2^bits − 1. */
  counterBits: number;
  /** Doorkeeper Bloom filter size in bits (3 hash functions); 0 disables the doorkeeper. */
  doorkeeperBits: number;
  /** Seeds the hash functions. */
  seed: number;
}

export class FrequencySketch {
  readonly width: number;
  readonly depth: number;
  readonly maxCount: number;
  /** 16-bit counters when counterBits ≤ 16 (half the memory, fewer cache misses), else 32-bit. */
  readonly table: Uint32Array | Uint16Array | Uint8Array;
  /** Doorkeeper bitset (length 0 when disabled). */
  private readonly door: Uint32Array;
  private readonly doorBits: number;
  private readonly doorHashes: number;
  private readonly seedA: number;
  private readonly seedB: number;
  /** Journal of undo records; `journalLength` < 0 when not recording. */
  private journal = new Int32Array(64);
  private journalLength = -1;

  constructor(o: SketchOptions) {
    this.width = Math.min(2 ** 30, Math.max(1, Math.ceil(o.width)));
    this.depth = Math.max(1, Math.floor(o.depth));
    const bits = Math.min(32, Math.max(1, Math.floor(o.counterBits)));
    this.maxCount = bits === 32 ? 0xffffffff : 2 ** bits - 1;
    this.table =
      bits <= 8 ? new Uint8Array(this.width) : bits <= 16 ? new Uint16Array(this.width) : new Uint32Array(this.width);
    this.doorBits = o.doorkeeperBits > 0 ? Math.max(32, Math.ceil(o.doorkeeperBits)) : 0;
    this.door = new Uint32Array(Math.ceil(this.doorBits / 32));
    this.doorHashes = DOOR_HASHES;
    this.seedA = mix32((o.seed ^ 0x2545f491) >>> 0);
    this.seedB = mix32((o.seed + 0x6a09e667) >>> 0);
  }

  private hashA(id: number): number {
    return mix32((id ^ this.seedA) >>> 0);
  }
  private hashB(id: number): number {
    return (mix32((Math.imul(id, 0x9e3779b9) ^ this.seedB) >>> 0) | 1) >>> 0;
  }

  /** Counts one occurrence of `id` (through the doorkeeper when there is one). */
  increment(id: number): void {
    if (this.doorBits !== 0 && !this.doorPut(id)) return;
    const b = this.hashB(id);
    const t = this.table;
    const scale = this.width * TWO_POW_MINUS_32;
    const max = this.maxCount;
    let x = this.hashA(id);
    const depth = this.depth;
    if (this.journalLength >= 0) {
      for (let i = 0; i < depth; i++, x = (x + b) >>> 0) {
        const k = (x * scale) | 0;
        if (t[k] < max) {
          t[k]++;
          this.record(k);
        }
      }
      return;
    }
    for (let i = 0; i < depth; i++, x = (x + b) >>> 0) {
      const k = (x * scale) | 0;
      if (t[k] < max) t[k]++;
    }
  }

  /** Estimated count of `id`: the minimum of its counters, plus one if the doorkeeper holds it. */
  estimate(id: number): number {
    const b = this.hashB(id);
    const t = this.table;
    const scale = this.width * TWO_POW_MINUS_32;
    let x = this.hashA(id);
    let min = 0xffffffff;
    for (let i = 0; i < this.depth; i++) {
      const c = t[(x * scale) | 0];
      if (c < min) min = c;
      x = (x + b) >>> 0;
    }
    if (this.doorBits !== 0 && this.doorHas(id)) min++;
    return min;
  }

  /**
   * Whether estimate(id) > threshold, reading only as many counters as it needs: the first one at
   * or below the threshold settles it (a cold candidate usually fails on its first counter).
   */
  exceeds(id: number, threshold: number): boolean {
    const need = this.doorBits !== 0 && this.doorHas(id) ? threshold - 1 : threshold;
    const b = this.hashB(id);
    const t = this.table;
    const scale = this.width * TWO_POW_MINUS_32;
    let x = this.hashA(id);
    for (let i = 0; i < this.depth; i++) {
      if (t[(x * scale) | 0] <= need) return false;
      x = (x + b) >>> 0;
    }
    return true;
  }

  /**
   * Aging: halves every counter and clears the doorkeeper. Returns how many counters were odd (the
   * halving truncated them), which Caffeine's reset uses to correct its sample count.
   */
  age(): number {
    const t = this.table;
    let odd = 0;
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      odd += c & 1;
      t[i] = c >>> 1;
    }
    this.door.fill(0);
    return odd;
  }

  /** Forgets everything. */
  clear(): void {
    this.table.fill(0);
    this.door.fill(0);
  }

  /** Starts journaling changes (see `rollback`). */
  mark(): void {
    this.journalLength = 0;
  }

  /** Undoes every change since `mark()` and stops journaling. */
  rollback(): void {
    const j = this.journal;
    for (let k = this.journalLength - 1; k >= 0; k--) {
      const r = j[k];
      if (r >= 0) this.table[r]--;
      else {
        const bit = ~r;
        this.door[bit >>> 5] &= ~(1 << (bit & 31));
      }
    }
    this.journalLength = -1;
  }

  /** Journal record: a counter index (>= 0) or ~bit for a doorkeeper bit. */
  private record(r: number): void {
    if (this.journalLength === this.journal.length) {
      const bigger = new Int32Array(this.journal.length * 2);
      bigger.set(this.journal);
      this.journal = bigger;
    }
    this.journal[this.journalLength++] = r;
  }

  private doorHas(id: number): boolean {
    const a = mix32((id ^ this.seedB ^ 0x5bd1e995) >>> 0);
    const b = (mix32((id + this.seedA) >>> 0) | 1) >>> 0;
    const n = this.doorBits;
    const d = this.door;
    for (let i = 0; i < this.doorHashes; i++) {
      const bit = (((a + Math.imul(i, b)) >>> 0) * n * TWO_POW_MINUS_32) | 0;
      if ((d[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  /** Sets `id`'s doorkeeper bits; returns whether they were all set already (a repeat visit). */
  private doorPut(id: number): boolean {
    const a = mix32((id ^ this.seedB ^ 0x5bd1e995) >>> 0);
    const b = (mix32((id + this.seedA) >>> 0) | 1) >>> 0;
    const n = this.doorBits;
    const d = this.door;
    let present = true;
    for (let i = 0; i < this.doorHashes; i++) {
      const bit = (((a + Math.imul(i, b)) >>> 0) * n * TWO_POW_MINUS_32) | 0;
      const mask = 1 << (bit & 31);
      if ((d[bit >>> 5] & mask) === 0) {
        present = false;
        d[bit >>> 5] |= mask;
        if (this.journalLength >= 0) this.record(~bit);
      }
    }
    return present;
  }
}
