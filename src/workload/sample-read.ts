// Hash-first sampling of a trace: the object-identity hash every spatial sample uses (SHARDS,
// miniature simulation), and the reader hook that lets a sampling consumer skip the records of
// objects outside its sample before they are interned or decoded.
//
// Identity hash. An object is in a sample by a hash of what identifies it in the trace, not of the
// dense id it was interned to (dense ids depend on first-seen order; a reader that skips records
// cannot know them). A numeric id hi:lo (64 bits) hashes as fmix32(lo ^ key ^ fmix32(hi)), fmix32
// being MurmurHash3's 32-bit finaliser (Appleby, smhasher: MurmurHash3.cpp); fmix32(0) = 0, so an
// id below 2^32 hashes as fmix32(id ^ key), what SHARDS hashed before (a synthetic workload, whose
// ids are its own, keeps its samples). A string key (text traces; a decimal key is its number, as
// the interner reads it) hashes as fmix32 of its FNV-1a over its latin1 bytes, XOR the key.
// `key` is derived from the seed (sampleKey in src/analysis/shards.ts). The low 24 bits decide the
// sample (in iff < threshold of 2^24); bit 31 splits it into two halves (error estimates).
//
// Reader hook. A TraceSource may offer `sampleRecords(filter)`: it reads the file, computes each
// record's identity hash straight from the raw record, and yields only the records whose
// hash & (2^24 − 1) is below `filter.threshold` (read once per chunk: a consumer that lowers it,
// as fixed-size SHARDS does, gets a superset until the next chunk and re-tests), with ids interned
// into an interner of the reading's own (dense over the sampled objects only). For every chunk it
// also reports what the consumer needs about all records: how many, how many of those at positions
// ≥ filter.countFrom (warm-up), their bytes, and the largest size. oracleGeneral implements it
// (readers/oracle-general.ts: 8-byte id, size, no op); other formats intern every record and
// consumers hash dense ids through ObjectHashes, which gives the same sample. A hash-first reading
// bypasses the source's batches: a wrapper that must see every batch (a `tapped` progress or tally)
// does not see it, so only a consumer that needs nothing but the sample (SHARDS) uses the hook.
import { Interner } from "./interner.js";
import type { BatchSource } from "./types.js";

/** Hash values are compared on their low 24 bits: a sample of rate R keeps those below R · 2^24. */
export const SAMPLE_SPACE = 1 << 24;
const MASK = SAMPLE_SPACE - 1;

/** MurmurHash3's 32-bit finaliser, as an unsigned 32-bit number. */
export function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The identity hash (signed 32-bit) of the numeric id hi:lo. */
export function idHash(lo: number, hi: number, key: number): number {
  let x = lo ^ key ^ fmix32(hi);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** The identity hash (signed 32-bit) of a string key's latin1 bytes. */
export function keyBytesHash(bytes: Uint8Array, start: number, end: number, key: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return idHash(h >>> 0, 0x5bd1e995, key);
}

export interface SampleFilter {
  /** The hash key (from the seed). */
  key: number;
  /** Records whose hash & (2^24 − 1) is at or above it may be skipped (read once per chunk). */
  threshold: number;
  /** Trace position from which records are counted (`counted`, `countedBytes`): the warm-up. */
  countFrom: number;
}

/** One chunk of a sampled reading: the sampled records (columnar), and totals over every record. */
export interface SampledChunk {
  /** Sampled records in this chunk. */
  length: number;
  /** Dense id in the reading's own interner (0, 1, 2, … in first-sampled order). */
  key: Uint32Array;
  size: Uint32Array;
  op: Uint8Array;
  /** Identity hash (signed 32-bit). */
  hash: Int32Array;
  /** Index of the record in the chunk (its trace position is `start` + at). */
  at: Uint32Array;
  /** Trace position of the chunk's first record. */
  start: number;
  /** Records in the chunk, sampled or not. */
  records: number;
  /** Records at positions ≥ countFrom that are not DELETEs, and their bytes. */
  counted: number;
  countedBytes: number;
  /** Largest size among the chunk's records. */
  maxSize: number;
}

/** What a source that can sample while reading offers. */
export interface HashSampling {
  /** Reads the trace once, yielding only sampled records; one chunk object is reused. */
  sampleRecords(filter: SampleFilter): Generator<SampledChunk>;
}

export function hashSampling(source: unknown): HashSampling | undefined {
  const s = source as Partial<HashSampling> | null;
  return s !== null && typeof s === "object" && typeof s.sampleRecords === "function" ? (s as HashSampling) : undefined;
}

/** A reusable chunk with room for `n` sampled records; `grow` makes room for more. */
export function newSampledChunk(n: number): SampledChunk {
  return {
    length: 0,
    key: new Uint32Array(n),
    size: new Uint32Array(n),
    op: new Uint8Array(n),
    hash: new Int32Array(n),
    at: new Uint32Array(n),
    start: 0,
    records: 0,
    counted: 0,
    countedBytes: 0,
    maxSize: 0,
  };
}

/** A fresh interner for the sampled objects of one reading. */
export function sampleInterner(): Interner {
  return new Interner(1 << 12);
}

/**
 * Identity hashes of a source's dense ids: from the interner's original ids when the source has one
 * (a trace), else of the dense id itself (a generator's ids are its own). `bits` marks, one bit per
 * object, the ids whose hash is below `threshold`; a loop over requests tests that bit first and
 * asks for the hash (`at`) only when it is set. 128 KiB of bits per million objects stay in the
 * CPU's cache where 4 MiB of hashes do not (on the 10 M-request benchmark trace: 17 ms to hash
 * every id in place, 65 ms to look every hash up in a table, ~25 ms bit first). The hashes
 * themselves are kept only when most objects pass (threshold above 1/16 of the space: fixed-size
 * SHARDS starts at rate 1); otherwise they are recomputed for the few sampled requests.
 */
export class ObjectHashes {
  /** Bit id set iff hash(id) & (2^24 − 1) < threshold (ids below `filled`). */
  bits: Int32Array = new Int32Array(1 << 7);
  filled = 0;
  /** hash[id] for ids below `filled`, when kept. */
  private table: Int32Array | undefined;
  private readonly interner: Interner | undefined;

  constructor(
    source: BatchSource | Iterable<unknown>,
    readonly key: number,
    readonly threshold = SAMPLE_SPACE,
  ) {
    const i = (source as { interner?: unknown }).interner;
    this.interner = i instanceof Interner ? i : undefined;
    if (threshold > SAMPLE_SPACE / 16) this.table = new Int32Array(1 << 12);
  }

  /** The identity hash of dense id `id`, computed from scratch. */
  private compute(d: number): number {
    const interner = this.interner;
    if (interner === undefined || d >= interner.size) return idHash(d, 0, this.key);
    const s = interner.originalString(d);
    if (s === undefined) return idHash(interner.originalLo(d), interner.originalHi(d), this.key);
    const b = Buffer.from(s, "latin1");
    return keyBytesHash(b, 0, b.length, this.key);
  }

  /** Fills the bits (and hashes, when kept) up to at least `id` and every id the interner knows; returns the bits. */
  fill(id: number): Int32Array {
    const upTo = Math.max(id + 1, this.interner ? this.interner.size : 0);
    if (upTo > this.bits.length << 5) {
      let n = this.bits.length << 5;
      while (n < upTo) n *= 2;
      const b = new Int32Array(n >>> 5);
      b.set(this.bits);
      this.bits = b;
      if (this.table) {
        const t = new Int32Array(n);
        t.set(this.table.subarray(0, this.filled));
        this.table = t;
      }
    }
    const bits = this.bits;
    const table = this.table;
    const threshold = this.threshold;
    for (let d = this.filled; d < upTo; d++) {
      const x = this.compute(d);
      if (table) table[d] = x;
      if ((x & MASK) < threshold) bits[d >>> 5] |= 1 << (d & 31);
    }
    this.filled = upTo;
    return bits;
  }

  /** The identity hash of dense id `id`. */
  at(id: number): number {
    if (id >= this.filled) this.fill(id);
    return this.table ? this.table[id] : this.compute(id);
  }
}

/** Whether a hash is in the sample below `threshold`. */
export function inSample(hash: number, threshold: number): boolean {
  return (hash & MASK) < threshold;
}
