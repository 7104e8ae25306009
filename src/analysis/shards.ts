// SHARDS (Waldspurger, Park, Garthwaite & Ahmad, "Efficient MRC Construction with SHARDS", FAST '15):
// an approximate LRU miss-ratio curve from a spatially hashed sample of the objects. An object is
// in the sample iff hash(id) mod P < T (P = 2^24), so the sample holds a share R = T / P of the
// objects and every request to them; stack distances measured in the sample are divided by R.
// - fixed-rate: T is fixed (R = --rate, e.g. 0.01);
// - fixed-size: at most s_max objects are tracked; when one more would enter, the objects with the
//   largest hash value leave and T drops to that value, and the counts collected so far are scaled
//   by R_new / R_old (the paper's constant-space variant).
// The paper's SHARDS_adj correction is applied: the difference between the expected number of
// sampled requests (N · R) and the number actually sampled is added to the first bucket.
// Hash: the object's identity hash (src/workload/sample-read.ts): fmix32 of its id in the trace
// (64-bit ids folded as lo ^ fmix32(hi); string keys by FNV-1a) XOR key, key = fmix32 of the seed.
// (XOR-ing the raw seed made every small seed take the same sample up to a swap of neighbouring
// ids, so "several seeds" were one experiment.) It hashes what the trace calls the object, not the
// dense id it was interned to, so that a reader can test it on the raw record: a trace that offers
// `sampleRecords` (oracleGeneral) is read hash-first, and records outside the sample are never
// interned or decoded. The whole trace's object count and working set are then estimated from the
// sample (sampled objects / R); request counts, bytes and the largest size are still exact.
// Cost: the loop over requests is one bit test per request (is this object's hash below the first
// threshold? ObjectHashes keeps one bit per object) and nothing else; the samplers touch only
// sampled requests.
// Scaled distances are spread, not rounded: a sampled distance d stands for about d/R objects, and
// its granularity is 1/R, so each sampled request is counted as a hit spread evenly over the needs
// [d/R + w − δ/2, d/R + w + δ/2), δ = (1/R − 1) mean sizes (0 at R = 1, where the curve is exact).
// Counting it at d/R + w alone puts the hit threshold at a whole d, which is biased by up to
// ±0.7/R objects near small sizes (Poisson's median, not its mean, decides the step): on Zipf(1.0)
// that is a miss-ratio bias of ±0.01–0.05 at sizes below ~10/R (test/analysis/shards.test.ts).
// Error estimate: the same pass also builds the curves of two disjoint half-samples (split by
// another hash bit); half the mean gap between them, over the reported sizes, is reported as a
// rough standard error of the full sample's miss ratio (each half has twice its variance).
// Sizes below 1/R objects (1/R mean-sized objects in bytes) are not reported unless asked for: a
// sampled distance of 0 stands for anything up to about 1/R objects there.
import {
  fmix32,
  type HashSampling,
  hashSampling,
  idHash,
  ObjectHashes,
  SAMPLE_SPACE,
  type SampleFilter,
} from "../workload/sample-read.js";
import { type BatchSource, DELETE, type RequestBatch, SET } from "../workload/types.js";
import { bucketOf, type Curve, type CurvePoint, gridBounds, type Unit } from "./curve.js";
import { StackDistances } from "./stack.js";

export const P = SAMPLE_SPACE;

export interface ShardsOptions {
  unit: Unit;
  /** Fixed-rate sampling rate in (0, 1]; or the starting rate of fixed-size sampling (default 1). */
  rate?: number;
  /** Fixed-size sampling: the most objects the sample keeps. */
  maxObjects?: number;
  capacities?: readonly number[];
  warmup?: number;
  seed?: number;
  objectsHint?: number;
}

/** MurmurHash3's 32-bit finaliser: a well-mixed hash of an object id. */
export const mix32 = fmix32;

/** The hash key of a seed: ids are hashed as mix32(id ^ key). Distinct seeds give unrelated samples. */
export function sampleKey(seed: number): number {
  return mix32((seed + 0x9e3779b9) >>> 0) | 0;
}

/** Whether the object whose id in the trace is `id` (below 2^32) is in a fixed-rate sample of rate `rate` with this seed. */
export function sampled(id: number, rate: number, seed: number): boolean {
  return (idHash(id, 0, sampleKey(seed)) & (P - 1)) < Math.round(rate * P);
}

class Sampler {
  readonly stack: StackDistances;
  threshold: number;
  readonly count: Float64Array;
  readonly bytes: Float64Array;
  /** Counted sampled requests and bytes (scaled like the histogram). */
  requests = 0;
  byteRequests = 0;
  firstAccesses = 0;
  objects = 0;
  /** Sum of the weights (sizes, or 1) of the objects that entered the sample: their mean scales δ. */
  private weightSum = 0;
  /** Sum of the first sizes of the objects that entered the sample (the working-set estimate). */
  sizeSum = 0;
  /** Objects dropped from the sample (fixed-size), and their sizes. */
  dropped = 0;
  droppedBytes = 0;
  /** Max-heap of the sampled objects by hash (fixed-size only): hashes and ids side by side. */
  private heapH: Int32Array;
  private heapId: Uint32Array;
  private heapN = 0;

  constructor(
    readonly bounds: Float64Array,
    rate: number,
    readonly share: number,
    readonly maxObjects: number,
    objectsHint: number,
  ) {
    this.threshold = Math.max(1, Math.round(rate * P));
    this.stack = new StackDistances(objectsHint);
    this.count = new Float64Array(bounds.length + 1);
    this.bytes = new Float64Array(bounds.length + 1);
    const cap = Number.isFinite(maxObjects) ? Math.floor(maxObjects) + 2 : 0;
    this.heapH = new Int32Array(cap);
    this.heapId = new Uint32Array(cap);
  }

  get rate(): number {
    return (this.threshold / P) * this.share;
  }

  /**
   * A GET or SET of sampled object `id` (dense over the sampled objects, so the stack's arrays stay
   * the size of the sample; hash `h`, size `s`); a SET records the object's new size, as the exact
   * pass does.
   */
  access(id: number, h: number, s: number, bytes: boolean, counted: boolean, set: boolean): void {
    const stack = this.stack;
    stack.ensure(id);
    const info = stack.obj;
    // the object's size is unset until this sampler first sees it
    const fresh = info[2 * id + 1] < 0;
    if (fresh) {
      info[2 * id + 1] = s;
      this.objects++;
      this.sizeSum += s;
      this.weightSum += bytes ? s : 1;
    } else if (set) info[2 * id + 1] = s;
    const w = bytes ? info[2 * id + 1] : 1;
    const d = stack.access(id, w);
    const r = this.rate;
    const reqBytes = bytes ? s : 1;
    // an object enters the heap once (a DELETE takes it off the stack, not out of the sample):
    // the sample is the objects in the heap, deleted or not, and never more than s_max of them
    if (fresh && this.heapH.length > 0) {
      this.push(h, id);
      if (this.heapN > this.maxObjects) this.shrink();
    }
    if (!counted) return;
    this.requests++;
    this.byteRequests += reqBytes;
    if (d < 0) {
      this.firstAccesses++;
      this.count[this.bounds.length]++;
      this.bytes[this.bounds.length] += reqBytes;
      return;
    }
    const meanW = this.weightSum / this.objects;
    this.spread(needLow(d, r, w, meanW), needHigh(d, r, w, meanW), reqBytes);
  }

  /** Adds one request (of `reqBytes`) spread evenly over the needs [lo, hi) (all at lo when hi ≤ lo). */
  private spread(lo: number, hi: number, reqBytes: number): void {
    const bounds = this.bounds;
    let j = bucketOf(bounds, lo);
    if (!(hi > lo) || (j < bounds.length && hi <= bounds[j])) {
      // bucket j holds needs in (bounds[j−1], bounds[j]]: the whole interval falls in it
      this.count[j]++;
      this.bytes[j] += reqBytes;
      return;
    }
    const width = hi - lo;
    let x = lo;
    while (x < hi) {
      const top = j < bounds.length ? Math.min(hi, bounds[j]) : hi;
      const f = (top - x) / width;
      this.count[j] += f;
      this.bytes[j] += f * reqBytes;
      x = top;
      j++;
    }
  }

  /** A DELETE of sampled object `id`: off the stack, so its next request is a first request (as in the exact pass). */
  remove(id: number): void {
    this.stack.remove(id);
  }

  /** Drops the objects with the largest hash and lowers the threshold to it; rescales the counts. */
  private shrink(): void {
    const top = this.heapH[0];
    const before = this.rate;
    while (this.heapN > 0 && this.heapH[0] === top) {
      const id = this.heapId[0];
      this.pop();
      this.stack.remove(id);
      this.dropped++;
      this.droppedBytes += this.stack.obj[2 * id + 1];
    }
    this.threshold = top;
    const f = this.rate / before;
    for (let j = 0; j < this.count.length; j++) {
      this.count[j] *= f;
      this.bytes[j] *= f;
    }
    this.requests *= f;
    this.byteRequests *= f;
    this.firstAccesses *= f;
  }

  private push(v: number, id: number): void {
    const h = this.heapH;
    const ids = this.heapId;
    let i = this.heapN++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent] >= v) break;
      h[i] = h[parent];
      ids[i] = ids[parent];
      i = parent;
    }
    h[i] = v;
    ids[i] = id;
  }

  private pop(): void {
    const h = this.heapH;
    const ids = this.heapId;
    const n = --this.heapN;
    const v = h[n];
    const vid = ids[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && h[c + 1] > h[c]) c++;
      if (h[c] <= v) break;
      h[i] = h[c];
      ids[i] = ids[c];
      i = c;
    }
    h[i] = v;
    ids[i] = vid;
  }

  /** Miss ratios at every bound (objects and bytes), with SHARDS_adj. */
  ratios(totalRequests: number, totalBytes: number): { miss: Float64Array; byteMiss: Float64Array } {
    const r = this.rate;
    const expected = totalRequests * r;
    const expectedBytes = totalBytes * r;
    const adj = expected - this.requests;
    const adjBytes = expectedBytes - this.byteRequests;
    const nb = this.bounds.length;
    const miss = new Float64Array(nb);
    const byteMiss = new Float64Array(nb);
    let hits = adj;
    let hitBytes = adjBytes;
    for (let j = 0; j < nb; j++) {
      hits += this.count[j];
      hitBytes += this.bytes[j];
      miss[j] = expected > 0 ? clamp01(1 - hits / expected) : 0;
      byteMiss[j] = expectedBytes > 0 ? clamp01(1 - hitBytes / expectedBytes) : 0;
    }
    return { miss, byteMiss };
  }
}

/**
 * The needs a sampled distance `d` (at rate `r`, own size `w`, mean object size `meanW`) stands for:
 * [needLow, needHigh), d/R + w ± δ/2 with δ = (1/R − 1)·meanW, never below w. A request counts as a
 * hit at capacity C for the share of that interval at or below C.
 */
export function needLow(d: number, r: number, w: number, meanW: number): number {
  return Math.max(w, d / r + w - 0.5 * (1 / r - 1) * meanW);
}

export function needHigh(d: number, r: number, w: number, meanW: number): number {
  return d / r + w + 0.5 * (1 / r - 1) * meanW;
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

const MASK = P - 1;

/** The note a curve carries when its trace was read hash-first (its objects and working set are estimates). */
export const HASH_FIRST_NOTE =
  "read hash-first (records outside the sample were skipped unread): objects and working set are estimated from the sample";

/** The three samples of one pass (the full one and its two halves, split by hash bit 31) and the counts over every request. */
class ShardsPass {
  readonly full: Sampler;
  /** Hash bit 31 clear. */
  readonly a: Sampler;
  /** Hash bit 31 set. */
  readonly b: Sampler;
  /** Counted requests (after warm-up, not DELETEs) and their bytes (1 each in objects). */
  requests = 0;
  byteRequests = 0;

  constructor(
    bounds: Float64Array,
    rate: number,
    maxObjects: number,
    readonly bytes: boolean,
  ) {
    const hint = 1 << 12; // per sampler, grown as the sample grows
    this.full = new Sampler(bounds, rate, 1, maxObjects, hint);
    this.a = new Sampler(bounds, rate, 0.5, maxObjects / 2, hint);
    this.b = new Sampler(bounds, rate, 0.5, maxObjects / 2, hint);
  }

  /** The highest threshold of the three: a request hashing at or above it is in no sample. */
  get tMax(): number {
    return Math.max(this.full.threshold, this.a.threshold, this.b.threshold);
  }

  /** A request of object `id` (dense over the sampled objects), identity hash `x`, size `s`, op `op`. */
  feed(id: number, x: number, s: number, op: number, counted: boolean): void {
    const h = x & MASK;
    const half = x < 0 ? this.b : this.a;
    if (op === DELETE) {
      if (h < this.full.threshold) this.full.remove(id);
      if (h < half.threshold) half.remove(id);
      return;
    }
    const set = op === SET;
    if (h < this.full.threshold) this.full.access(id, h, s, this.bytes, counted, set);
    if (h < half.threshold) half.access(id, h, s, this.bytes, counted, set);
  }
}

/** What the pass learnt about the whole trace besides the samples. */
interface TraceFacts {
  objects: number;
  workingSetBytes: number;
  maxObjectBytes: number;
  /** Objects and working set estimated from the sample (the trace was read hash-first). */
  estimated: boolean;
}

/**
 * Batches of dense ids (any BatchSource, or an array of batches; with an `interner`, ids hash as
 * the trace's ids). The loop over requests tests one bit per request (is the object's hash below
 * the first threshold? each object's hash is computed once) and then the hash; sampled requests
 * get dense local ids and go to the samplers.
 */
function passBatches(src: Iterable<RequestBatch>, pass: ShardsPass, key: number, warmup: number): TraceFacts {
  const bytes = pass.bytes;
  // thresholds only fall: an object not below the first one is never sampled
  const hashes = new ObjectHashes(src, key, pass.tMax);
  const getsOnly = (src as Partial<BatchSource>).getsOnly === true;
  let bits: Int32Array = hashes.bits;
  let filled = hashes.filled;
  // sampled objects get dense local ids (a Map: only sampled requests look them up)
  const local = new Map<number, number>();
  const localId = (id: number): number => {
    let l = local.get(id);
    if (l === undefined) {
      l = local.size;
      local.set(id, l);
    }
    return l;
  };
  let pos = 0;
  let maxId = -1;
  let ws = 0;
  let maxObjectBytes = 0;
  for (const b of src) {
    const n = b.length;
    const keys = b.key;
    const size = b.size;
    const op = b.op;
    let plain = pos >= warmup; // every request counted and a GET or SET: the tight loop
    if (plain && !getsOnly) for (let i = 0; i < n; i++) if (op[i] === DELETE) plain = false;
    if (plain) {
      pass.requests += n;
      if (bytes) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += size[i];
        pass.byteRequests += sum;
      } else pass.byteRequests += n;
      let tMax = pass.tMax;
      for (let i = 0; i < n; i++) {
        const id = keys[i];
        if (id > maxId) {
          maxId = id;
          const s = size[i];
          ws += s; // exact for first-seen-order ids; an estimate otherwise
          if (s > maxObjectBytes) maxObjectBytes = s;
          if (id >= filled) {
            bits = hashes.fill(id);
            filled = hashes.filled;
          }
        }
        if ((bits[id >>> 5] & (1 << (id & 31))) === 0) continue; // never in a sample
        const x = hashes.at(id);
        if ((x & MASK) >= tMax) continue; // in none of the three samples
        pass.feed(localId(id), x, size[i], op[i], true);
        tMax = pass.tMax; // fixed-size sampling lowers it
      }
      pos += n;
      continue;
    }
    for (let i = 0; i < n; i++, pos++) {
      const id = keys[i];
      const s = size[i];
      const o = op[i];
      if (id > maxId) {
        maxId = id; // the exact pass counts a deleted object too
        ws += s;
        if (s > maxObjectBytes) maxObjectBytes = s;
        if (id >= filled) {
          bits = hashes.fill(id);
          filled = hashes.filled;
        }
      }
      const counted = pos >= warmup;
      if (counted && o !== DELETE) {
        pass.requests++;
        pass.byteRequests += bytes ? s : 1;
      }
      if ((bits[id >>> 5] & (1 << (id & 31))) === 0) continue;
      const x = hashes.at(id);
      if ((x & MASK) < pass.tMax) pass.feed(localId(id), x, s, o, counted);
    }
  }
  return { objects: maxId + 1, workingSetBytes: ws, maxObjectBytes, estimated: false };
}

/**
 * A trace read hash-first (src/workload/sample-read.ts): only sampled records arrive, with the
 * counts over all of them per chunk. The object count and working set are estimated from the
 * sample; the largest size is the largest of any request.
 */
function passRaw(sampling: HashSampling, pass: ShardsPass, key: number, warmup: number): TraceFacts {
  const bytes = pass.bytes;
  const filter: SampleFilter = { key, threshold: pass.tMax, countFrom: warmup };
  let maxObjectBytes = 0;
  for (const c of sampling.sampleRecords(filter)) {
    pass.requests += c.counted;
    pass.byteRequests += bytes ? c.countedBytes : c.counted;
    if (c.maxSize > maxObjectBytes) maxObjectBytes = c.maxSize;
    const { key: ids, hash, size, op, at } = c;
    for (let k = 0; k < c.length; k++) {
      const x = hash[k];
      if ((x & MASK) >= pass.tMax) continue; // read at a higher threshold than the current one
      pass.feed(ids[k], x, size[k], op[k], c.start + at[k] >= warmup);
    }
    filter.threshold = pass.tMax;
  }
  const full = pass.full;
  const r = full.rate;
  const objects = full.objects - full.dropped;
  return {
    objects: Math.round(objects / r),
    workingSetBytes: Math.round((full.sizeSum - full.droppedBytes) / r),
    maxObjectBytes,
    estimated: true,
  };
}

export function shardsLruCurve(open: () => Iterable<RequestBatch>, o: ShardsOptions): Curve {
  const t0 = performance.now();
  const bytes = o.unit === "bytes";
  const fixedSize = o.maxObjects !== undefined;
  const rate = o.rate ?? (fixedSize ? 1 : 0.01);
  const asked = [...new Set(o.capacities ?? [])].sort((a, b) => a - b);
  const bounds = gridBounds(asked);
  const hashKey = sampleKey(o.seed ?? 0x5eed);
  const pass = new ShardsPass(bounds, rate, o.maxObjects ?? Number.POSITIVE_INFINITY, bytes);
  const warmup = o.warmup ?? 0;
  const src = open();
  const sampling = hashSampling(src);
  const facts = sampling ? passRaw(sampling, pass, hashKey, warmup) : passBatches(src, pass, hashKey, warmup);
  const { full, a, b } = pass;
  const { requests, byteRequests } = pass;
  const { objects, workingSetBytes: ws, maxObjectBytes } = facts;
  const top = bytes ? ws : objects;
  // below 1/R objects a sampled distance cannot tell sizes apart: the curve starts there
  const resolution = (bytes ? (objects ? ws / objects : 1) : 1) / full.rate;
  const bottom = Math.max(bytes ? Math.max(1, maxObjectBytes) : 1, resolution);
  const want = new Set(asked);
  const lastBound = bounds[Math.min(bounds.length - 1, bucketOf(bounds, top))];
  const keep = (c: number) => (asked.length ? want.has(c) : c >= bottom && c <= lastBound);
  const f = full.ratios(requests, byteRequests);
  const ra = a.ratios(requests, byteRequests);
  const rb = b.ratios(requests, byteRequests);
  const points: CurvePoint[] = [];
  let gap = 0;
  for (let j = 0; j < bounds.length; j++) {
    if (!keep(bounds[j])) continue;
    points.push({
      capacity: bounds[j],
      requests,
      misses: Math.round(f.miss[j] * requests),
      missRatio: f.miss[j],
      byteMisses: Math.round(f.byteMiss[j] * byteRequests),
      byteMissRatio: f.byteMiss[j],
    });
    gap += Math.abs(ra.miss[j] - rb.miss[j]);
  }
  const compulsory = full.rate > 0 ? full.firstAccesses / full.rate : 0;
  const notes = [
    `SHARDS ${fixedSize ? `fixed-size (${o.maxObjects} objects)` : "fixed-rate"} sample: rate ${full.rate.toPrecision(3)}, ${full.stack.size} objects, ${Math.round(full.requests)} requests; estimated error ±${(points.length ? gap / points.length / 2 : 0).toFixed(4)}`,
  ];
  if (facts.estimated) notes.push(HASH_FIRST_NOTE);
  return {
    policy: "lru",
    method: "shards-lru",
    unit: o.unit,
    requests,
    byteRequests,
    objects,
    workingSetBytes: ws,
    maxObjectBytes,
    compulsoryMisses: Math.round(compulsory),
    floorMissRatio: requests ? Math.min(1, compulsory / requests) : 0,
    exact: false,
    notes,
    sampling: {
      method: fixedSize ? "fixed-size" : "fixed-rate",
      rate: full.rate,
      maxObjects: fixedSize ? o.maxObjects : undefined,
      sampledRequests: Math.round(full.requests),
      sampledObjects: full.stack.size,
      errorEstimate: points.length ? gap / points.length / 2 : 0,
    },
    elapsedMs: Math.round(performance.now() - t0),
    points,
  };
}
