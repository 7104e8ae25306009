// Miss-ratio curves: the shared shapes, and the capacity grid a curve is reported on.
//
// A pass over a trace turns every counted request into its "need": the smallest capacity at which
// LRU would hit it (stack distance + its own size; Infinity for a first access). Needs are counted
// into buckets bounded by a sorted list of capacities, so the number of hits at each bound is exact.
// The grid has 8 bounds per doubling (whole numbers) plus any capacities the user asked for.

export type Unit = "objects" | "bytes";

export interface CurvePoint {
  /** In the curve's unit (objects, or bytes). */
  capacity: number;
  requests: number;
  misses: number;
  missRatio: number;
  /** Bytes requested and missed (in the objects unit, 1 per request, as the simulator counts). */
  byteMisses: number;
  byteMissRatio: number;
}

export interface Sampling {
  method: "fixed-rate" | "fixed-size";
  /** Final sampling rate (fixed-size lowers it as the sample fills). */
  rate: number;
  /** Fixed-size: the most objects kept. */
  maxObjects?: number;
  sampledRequests: number;
  sampledObjects: number;
  /** Estimated standard error of the miss ratio, averaged over the reported sizes (two half-samples); null when not estimated. */
  errorEstimate: number | null;
}

export interface Curve {
  policy: string;
  method: "exact-lru" | "shards-lru" | "simulated" | "miniature";
  unit: Unit;
  /** Counted requests (after warm-up). */
  requests: number;
  byteRequests: number;
  objects: number;
  workingSetBytes: number;
  maxObjectBytes: number;
  /** Misses of an infinite cache: first requests of each object (after warm-up). */
  compulsoryMisses: number;
  floorMissRatio: number;
  /** True when every point equals what `simulate` gives for this policy at that size. */
  exact: boolean;
  notes: string[];
  sampling?: Sampling;
  elapsedMs: number;
  points: CurvePoint[];
}

/** 8 bounds per doubling from 1 to 2^50, whole numbers, plus `extra`; sorted, distinct. */
export function gridBounds(extra: readonly number[] = []): Float64Array {
  const set = new Set<number>();
  for (let k = 0; k <= 50 * 8; k++) set.add(Math.round(2 ** (k / 8)));
  for (const x of extra) set.add(x);
  return Float64Array.from([...set].sort((a, b) => a - b));
}

/** Index of the first bound ≥ x (bounds.length when none). */
export function bucketOf(bounds: Float64Array, x: number): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bounds[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Turns bucket counts into points at each bound: hits(C) = requests whose need ≤ C. `count` and
 * `bytes` have bounds.length + 1 entries (the last: needs above every bound, first accesses).
 */
export function pointsFrom(
  bounds: Float64Array,
  count: Float64Array,
  bytes: Float64Array,
  requests: number,
  byteRequests: number,
  keep: (capacity: number) => boolean,
): CurvePoint[] {
  const out: CurvePoint[] = [];
  let hits = 0;
  let hitBytes = 0;
  for (let j = 0; j < bounds.length; j++) {
    hits += count[j];
    hitBytes += bytes[j];
    if (!keep(bounds[j])) continue;
    const misses = requests - hits;
    const byteMisses = byteRequests - hitBytes;
    out.push({
      capacity: bounds[j],
      requests,
      misses,
      missRatio: requests > 0 ? misses / requests : 0,
      byteMisses,
      byteMissRatio: byteRequests > 0 ? byteMisses / byteRequests : 0,
    });
  }
  return out;
}

/** Miss ratio at `capacity` read off a curve: the point at the largest capacity ≤ it (conservative). */
export function missRatioAt(c: Curve, capacity: number): number {
  let m = 1;
  for (const p of c.points) if (p.capacity <= capacity) m = p.missRatio;
  return m;
}
