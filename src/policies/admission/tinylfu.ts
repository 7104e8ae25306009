// TinyLFU admission: admit a newcomer only if it has been seen more often, recently, than the
// object it would evict.
//
// Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", ACM
// Transactions on Storage 13(4), 2017. Every request is recorded in a small approximate frequency
// histogram (src/core/sketch.ts): a doorkeeper Bloom filter absorbs each key's first
// occurrence, later occurrences increment a count-min sketch of 4-bit counters, and after W
// recorded requests (the sample size, `sampleFactor` × entries) every counter and the sample count
// are halved and the doorkeeper is cleared, so the histogram follows the recent past. On a miss
// that needs an eviction, the candidate is admitted iff its estimate (sketch minimum, plus one if
// the doorkeeper holds it) is strictly greater than the victim's; a tie keeps the resident object.
// A miss that needs no eviction (victim −1) is always admitted.
//
// "entries" is the number of objects the histogram is sized for, from the capacity alone:
// min(capacity, 2^20), at least 16. In objects unit that is the cache's object count (capped at
// 2^20); in bytes unit there is no object count, so, as W-TinyLFU (src/policies/eviction/wtinylfu.ts)
// does, the byte capacity capped at 2^20 stands in for it. It never depends on how many ids the run
// expects (ctx.ids): a streamed run does not know that number and a loaded one does, and both must
// make the same decisions.
//
// Parameters: depth (counters per key, 4), width (counters per entry, 16), counterBits (4),
// sampleFactor (W = sampleFactor × entries, 10), doorkeeper (Bloom bits per entry, 64; 0 = none).
import { FrequencySketch } from "../../core/sketch.js";
import type { AdmissionCtx, AdmissionPolicy, AdmissionSpec } from "./types.js";

/** Cap on sketch entries (bytes unit: the capacity in bytes would mean billions of counters). */
const MAX_ENTRIES = 1 << 20;

export interface TinyLfuParams {
  depth: number;
  width: number;
  counterBits: number;
  sampleFactor: number;
  doorkeeper: number;
  [k: string]: number;
}

export class TinyLfuAdmission implements AdmissionPolicy {
  readonly usesVictim = true;
  readonly sketch: FrequencySketch;
  /** W: recorded requests between two halvings. */
  readonly sampleSize: number;
  private samples = 0;

  /** Slot mode: the node's slot → key map, so the sketch counts keys, not reusable slots. */
  private readonly keys: { readonly keyOf: Uint32Array } | null;

  /** What the sketch hashes for `id`: the id itself, or in slot mode the key the slot holds. */
  private key(id: number): number {
    const k = this.keys;
    return k === null ? id : k.keyOf[id];
  }

  constructor(p: TinyLfuParams, ctx: AdmissionCtx) {
    this.keys = ctx.keys ?? null;
    const entries = Math.max(16, Math.min(Math.floor(ctx.capacity), MAX_ENTRIES));
    this.sketch = new FrequencySketch({
      width: p.width * entries,
      depth: p.depth,
      counterBits: p.counterBits,
      doorkeeperBits: p.doorkeeper * entries,
      seed: ctx.seed,
    });
    this.sampleSize = Math.max(1, Math.round(p.sampleFactor * entries));
  }

  record(id: number): void {
    this.sketch.increment(this.key(id));
    if (++this.samples >= this.sampleSize) {
      this.sketch.age();
      this.samples >>>= 1;
    }
  }

  admit(id: number, _size: number, victim: number): boolean {
    if (victim < 0) return true;
    return this.sketch.exceeds(this.key(id), this.sketch.estimate(this.key(victim)));
  }
}

export const tinylfu = {
  name: "tinylfu",
  summary: "Admit a newcomer only if its recent frequency (count-min sketch + doorkeeper) beats the victim's.",
  cite: "Einziger, Friedman, Manes, TinyLFU: A Highly Efficient Cache Admission Policy, ACM ToS 2017",
  defaults: { depth: 4, width: 16, counterBits: 4, sampleFactor: 10, doorkeeper: 64 } as TinyLfuParams,
  params: {
    depth: { description: "Counters per key (hash functions)", min: 1, max: 16, integer: true },
    width: { description: "Sketch counters per cache entry", min: 0.01, max: 32 },
    counterBits: { description: "Bits per saturating counter", min: 1, max: 32, integer: true },
    sampleFactor: { description: "Sample size W = sampleFactor × entries (then halve)", min: 0.01, max: 1e6 },
    doorkeeper: { description: "Doorkeeper Bloom filter bits per entry (0 = no doorkeeper)", min: 0, max: 256 },
  },
  create: (p, ctx) => new TinyLfuAdmission(p, ctx),
} satisfies AdmissionSpec;
