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
// Hash: mix32(id XOR key), key = mix32 of the seed. (XOR-ing the raw seed made every small seed
// take the same sample up to a swap of neighbouring ids, so "several seeds" were one experiment.)
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
import { DELETE, type RequestBatch, SET } from "../workload/types.js";
import { bucketOf, type Curve, type CurvePoint, gridBounds, type Unit } from "./curve.js";
import { StackDistances } from "./stack.js";

export const P = 1 << 24;

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
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The hash key of a seed: ids are hashed as mix32(id ^ key). Distinct seeds give unrelated samples. */
export function sampleKey(seed: number): number {
  return mix32((seed + 0x9e3779b9) >>> 0) | 0;
}

/** Whether object `id` is in a fixed-rate sample of rate `rate` with this seed (for miniature simulation). */
export function sampled(id: number, rate: number, seed: number): boolean {
  return (mix32(id ^ sampleKey(seed)) & (P - 1)) < Math.round(rate * P);
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
  private local = new Map<number, number>();
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

  /** A GET or SET of `key` (hash `h`, size `s`); a SET records the object's new size, as the exact pass does. */
  access(key: number, h: number, s: number, bytes: boolean, counted: boolean, set: boolean): void {
    // sampled objects get dense local ids: the stack's arrays stay the size of the sample
    let id = this.local.get(key);
    const fresh = id === undefined;
    if (id === undefined) {
      id = this.local.size;
      this.local.set(key, id);
    }
    const stack = this.stack;
    stack.ensure(id);
    const info = stack.obj;
    if (info[2 * id + 1] < 0) {
      info[2 * id + 1] = s;
      this.objects++;
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

  /** A DELETE of `key`: off the stack, so its next request is a first request (as in the exact pass). */
  remove(key: number): void {
    const id = this.local.get(key);
    if (id !== undefined) this.stack.remove(id);
  }

  /** Drops the objects with the largest hash and lowers the threshold to it; rescales the counts. */
  private shrink(): void {
    const top = this.heapH[0];
    const before = this.rate;
    while (this.heapN > 0 && this.heapH[0] === top) {
      const id = this.heapId[0];
      this.pop();
      this.stack.remove(id);
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

export function shardsLruCurve(open: () => Iterable<RequestBatch>, o: ShardsOptions): Curve {
  const t0 = performance.now();
  const bytes = o.unit === "bytes";
  const fixedSize = o.maxObjects !== undefined;
  const rate = o.rate ?? (fixedSize ? 1 : 0.01);
  const asked = [...new Set(o.capacities ?? [])].sort((a, b) => a - b);
  const bounds = gridBounds(asked);
  const hashKey = sampleKey(o.seed ?? 0x5eed);
  const maxObjects = o.maxObjects ?? Number.POSITIVE_INFINITY;
  const hint = 1 << 12; // per sampler, grown as the sample grows
  const full = new Sampler(bounds, rate, 1, maxObjects, hint);
  const halves = [
    new Sampler(bounds, rate, 0.5, maxObjects / 2, hint),
    new Sampler(bounds, rate, 0.5, maxObjects / 2, hint),
  ];
  const warmup = o.warmup ?? 0;
  let pos = 0;
  let requests = 0;
  let byteRequests = 0;
  let maxId = -1;
  let ws = 0;
  let maxObjectBytes = 0;
  for (const b of open()) {
    const n = b.length;
    const key = b.key;
    const size = b.size;
    const op = b.op;
    let plain = pos >= warmup; // every request counted and a GET or SET: the tight loop
    if (plain) for (let i = 0; i < n; i++) if (op[i] === DELETE) plain = false;
    if (plain) {
      requests += n;
      // thresholds in locals (they only change inside access(), in fixed-size mode)
      let tFull = full.threshold;
      let tA = halves[0].threshold;
      let tB = halves[1].threshold;
      let tMax = Math.max(tFull, tA, tB);
      let bytesHere = 0;
      if (bytes) for (let i = 0; i < n; i++) bytesHere += size[i];
      for (let i = 0; i < n; i++) {
        const id = key[i];
        if (id > maxId) {
          maxId = id;
          const s = size[i];
          ws += s; // exact for first-seen-order ids; an estimate otherwise
          if (s > maxObjectBytes) maxObjectBytes = s;
        }
        // mix32 inlined
        let x = id ^ hashKey;
        x ^= x >>> 16;
        x = Math.imul(x, 0x85ebca6b);
        x ^= x >>> 13;
        x = Math.imul(x, 0xc2b2ae35);
        x ^= x >>> 16;
        const h = x & (P - 1);
        if (h >= tMax) continue; // in none of the three samples
        const s = size[i];
        const set = op[i] === SET;
        if (h < tFull) full.access(id, h, s, bytes, true, set);
        if (x < 0) {
          if (h < tB) halves[1].access(id, h, s, bytes, true, set);
        } else if (h < tA) halves[0].access(id, h, s, bytes, true, set);
        tFull = full.threshold;
        tA = halves[0].threshold;
        tB = halves[1].threshold;
        tMax = Math.max(tFull, tA, tB);
      }
      byteRequests += bytes ? bytesHere : n;
      pos += n;
      continue;
    }
    for (let i = 0; i < n; i++, pos++) {
      const id = key[i];
      const s = size[i];
      if (op[i] === DELETE) {
        if (id > maxId) {
          maxId = id; // the exact pass counts a deleted object too
          ws += s;
          if (s > maxObjectBytes) maxObjectBytes = s;
        }
        const x = mix32(id ^ hashKey);
        const h = x & (P - 1);
        if (h < full.threshold) full.remove(id);
        const half = halves[x >>> 31];
        if (h < half.threshold) half.remove(id);
        continue;
      }
      const counted = pos >= warmup;
      if (counted) {
        requests++;
        byteRequests += bytes ? s : 1;
      }
      if (id > maxId) {
        maxId = id;
        ws += s;
        if (s > maxObjectBytes) maxObjectBytes = s;
      }
      const x = mix32(id ^ hashKey);
      const h = x & (P - 1);
      const set = op[i] === SET;
      if (h < full.threshold) full.access(id, h, s, bytes, counted, set);
      const half = halves[x >>> 31];
      if (h < half.threshold) half.access(id, h, s, bytes, counted, set);
    }
  }
  const objects = maxId + 1;
  const top = bytes ? ws : objects;
  // below 1/R objects a sampled distance cannot tell sizes apart: the curve starts there
  const resolution = (bytes ? (objects ? ws / objects : 1) : 1) / full.rate;
  const bottom = Math.max(bytes ? Math.max(1, maxObjectBytes) : 1, resolution);
  const want = new Set(asked);
  const lastBound = bounds[Math.min(bounds.length - 1, bucketOf(bounds, top))];
  const keep = (c: number) => (asked.length ? want.has(c) : c >= bottom && c <= lastBound);
  const f = full.ratios(requests, byteRequests);
  const a = halves[0].ratios(requests, byteRequests);
  const b2 = halves[1].ratios(requests, byteRequests);
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
    gap += Math.abs(a.miss[j] - b2.miss[j]);
  }
  const compulsory = full.rate > 0 ? full.firstAccesses / full.rate : 0;
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
    notes: [
      `SHARDS ${fixedSize ? `fixed-size (${o.maxObjects} objects)` : "fixed-rate"} sample: rate ${full.rate.toPrecision(3)}, ${full.stack.size} objects, ${Math.round(full.requests)} requests; estimated error ±${(points.length ? gap / points.length / 2 : 0).toFixed(4)}`,
    ],
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
