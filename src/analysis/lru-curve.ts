// The exact LRU miss-ratio curve in one pass: stack distances (src/analysis/stack.ts), in objects
// or bytes, O(N log M). It matches `cachelab simulate --eviction lru` miss for miss (and byte for
// byte) when LRU's cache is always the most recent objects that fit, which holds for traces where:
// - every request is a GET, or a SET that does not change the object's size (both hit or insert);
// - there are no DELETEs and no TTLs (both take objects out of the middle of the recency order);
// - in bytes, each object keeps one size, and the capacity is at least the largest object (an
//   object larger than the cache is never inserted, so it is not in the stack at that capacity).
// For a capacity below the largest object the curve runs one more pass at that capacity with the
// objects larger than it left out of the stack, which is exact again. When a trace breaks the
// other conditions the curve is still computed (each request as a GET of the object's size) and
// says `exact: false` with the reason.
//
// byte-weighted hit condition: a request hits at capacity C iff the sizes of the distinct objects
// requested since its previous request, plus its own size, add up to at most C.
import { DELETE, GET, type RequestBatch, SET } from "../workload/types.js";
import { bucketOf, type Curve, gridBounds, pointsFrom, type Unit } from "./curve.js";
import { StackDistances } from "./stack.js";

export interface LruCurveOptions {
  unit: Unit;
  /** Capacities (in the unit) the curve must report; default: the grid from the smallest useful size to the working set. */
  capacities?: readonly number[];
  /** Trace positions replayed before counting starts. */
  warmup?: number;
  /** Keep each counted request's need (for exact minimum-capacity queries). */
  keepNeeds?: boolean;
  /** Distinct objects expected (sizing hint). */
  objectsHint?: number;
}

export interface LruCurve extends Curve {
  /** Each counted request's need (Infinity for first requests), when asked for. */
  needs?: Float64Array;
  /** First and last request times (seconds) and the count of timestamps seen, for rate estimates. */
  startS: number;
  endS: number;
}

interface PassResult {
  count: Float64Array;
  bytes: Float64Array;
  requests: number;
  byteRequests: number;
  compulsory: number;
  objects: number;
  workingSetBytes: number;
  maxObjectBytes: number;
  deletes: number;
  ttls: number;
  sizeChanges: number;
  needs?: Float64Array;
  startS: number;
  endS: number;
}

function hasNonGet(b: RequestBatch): boolean {
  const op = b.op;
  for (let i = 0; i < b.length; i++) if (op[i] !== GET) return true;
  return false;
}

/**
 * One stack pass. `excludeAbove`: objects larger than this (bytes) never enter the stack and always
 * miss (what LRU does at a capacity below their size).
 */
function pass(
  batches: Iterable<RequestBatch>,
  bytes: boolean,
  bounds: Float64Array,
  warmup: number,
  keepNeeds: boolean,
  objectsHint: number,
  excludeAbove = Number.POSITIVE_INFINITY,
): PassResult {
  const stack = new StackDistances(objectsHint);
  const nb = bounds.length;
  // startOf[k]: first bound ≥ 2^(k-1) (needs are whole numbers ≥ 1; 32 - clz32(x) = bit length of x)
  const startOf = new Int32Array(33);
  for (let k = 0; k <= 32; k++) startOf[k] = bucketOf(bounds, k === 0 ? 0 : 2 ** (k - 1));
  const count = new Float64Array(nb + 1);
  const byteCount = new Float64Array(nb + 1);
  let needs = keepNeeds ? new Float64Array(1 << 16) : undefined;
  let nNeeds = 0;
  let pos = 0;
  let requests = 0;
  let byteRequests = 0;
  let compulsory = 0;
  let objects = 0;
  let ws = 0;
  let maxSize = 0;
  let deletes = 0;
  let ttls = 0;
  let sizeChanges = 0;
  let startS = Number.POSITIVE_INFINITY;
  let endS = Number.NEGATIVE_INFINITY;
  for (const b of batches) {
    const n = b.length;
    const key = b.key;
    const size = b.size;
    const op = b.op;
    const ops = hasNonGet(b);
    if (b.ttl) for (let i = 0; i < n; i++) if (b.ttl[i] !== 0) ttls++;
    if (n > 0) {
      if (b.time[0] < startS) startS = b.time[0];
      if (b.time[n - 1] > endS) endS = b.time[n - 1];
    }
    for (let i = 0; i < n; i++, pos++) {
      const id = key[i];
      const o = ops ? op[i] : GET;
      stack.ensure(id);
      const info = stack.obj;
      const s = size[i];
      const known = info[2 * id + 1];
      if (known < 0) {
        info[2 * id + 1] = s;
        objects++;
        ws += s;
        if (s > maxSize) maxSize = s;
      } else if (s !== known) {
        if (o === SET) info[2 * id + 1] = s;
        sizeChanges++;
        if (s > maxSize) maxSize = s;
      }
      if (o === DELETE) {
        deletes++;
        stack.remove(id);
        continue;
      }
      const w = bytes ? info[2 * id + 1] : 1;
      const counted = pos >= warmup;
      let need: number;
      if (w > excludeAbove) need = Number.POSITIVE_INFINITY;
      else {
        const d = stack.access(id, w);
        need = d < 0 ? Number.POSITIVE_INFINITY : d + w;
      }
      if (!counted) continue;
      const reqBytes = bytes ? s : 1;
      requests++;
      byteRequests += reqBytes;
      if (need === Number.POSITIVE_INFINITY) {
        count[nb]++;
        byteCount[nb] += reqBytes;
        if (w <= excludeAbove) compulsory++;
      } else {
        // the doubling the need falls in, then a short scan (8 bounds per doubling, plus extras)
        let j = need < 4294967296 ? startOf[32 - Math.clz32(need)] : startOf[32];
        while (j < nb && bounds[j] < need) j++;
        count[j]++;
        byteCount[j] += reqBytes;
      }
      if (needs) {
        if (nNeeds === needs.length) {
          const g = new Float64Array(needs.length * 2);
          g.set(needs);
          needs = g;
        }
        needs[nNeeds++] = need;
      }
    }
  }
  return {
    count,
    bytes: byteCount,
    requests,
    byteRequests,
    compulsory,
    objects,
    workingSetBytes: ws,
    maxObjectBytes: maxSize,
    deletes,
    ttls,
    sizeChanges,
    needs: needs?.subarray(0, nNeeds),
    startS,
    endS,
  };
}

/**
 * The exact LRU curve of a trace. `open` is called once, plus once per requested byte capacity
 * below the largest object.
 */
export function exactLruCurve(open: () => Iterable<RequestBatch>, o: LruCurveOptions): LruCurve {
  const t0 = performance.now();
  const bytes = o.unit === "bytes";
  const asked = [...new Set(o.capacities ?? [])].sort((a, b) => a - b);
  const bounds = gridBounds(asked);
  const warmup = o.warmup ?? 0;
  const r = pass(open(), bytes, bounds, warmup, o.keepNeeds ?? false, o.objectsHint ?? 1 << 16);
  const notes: string[] = [];
  let exact = true;
  if (r.deletes > 0) {
    exact = false;
    notes.push(
      `${r.deletes} DELETE requests: LRU's cache is then not a prefix of the recency order; the curve is an estimate (use simulate)`,
    );
  }
  if (r.ttls > 0) {
    exact = false;
    notes.push(
      `${r.ttls} requests carry a TTL, which the stack model ignores; the curve is an estimate (use simulate)`,
    );
  }
  if (bytes && r.sizeChanges > 0) {
    exact = false;
    notes.push(
      `${r.sizeChanges} requests change an object's size; the stack model keeps each object's first size (or its last SET's); the curve is an estimate`,
    );
  }
  // capacities: the ones asked for, or the grid from the smallest useful size to the working set
  const top = bytes ? r.workingSetBytes : r.objects;
  const bottom = bytes ? Math.max(1, r.maxObjectBytes) : 1;
  let keep: (c: number) => boolean;
  if (asked.length) {
    const want = new Set(asked);
    keep = (c) => want.has(c);
  } else {
    const lastBound = bounds[Math.min(bounds.length - 1, bucketOf(bounds, top))];
    keep = (c) => c >= bottom && c <= lastBound;
  }
  let points = pointsFrom(bounds, r.count, r.bytes, r.requests, r.byteRequests, keep);
  if (bytes) {
    // below the largest object: one pass per capacity, with the objects larger than it left out
    const small = points.filter((p) => p.capacity < r.maxObjectBytes);
    if (small.length > 0) {
      points = points.map((p) => {
        if (p.capacity >= r.maxObjectBytes) return p;
        const b1 = Float64Array.of(p.capacity);
        const q = pass(open(), true, b1, warmup, false, r.objects, p.capacity);
        const misses = q.requests - q.count[0];
        const byteMisses = q.byteRequests - q.bytes[0];
        return {
          ...p,
          misses,
          missRatio: q.requests ? misses / q.requests : 0,
          byteMisses,
          byteMissRatio: q.byteRequests ? byteMisses / q.byteRequests : 0,
        };
      });
    }
  }
  return {
    policy: "lru",
    method: "exact-lru",
    unit: o.unit,
    requests: r.requests,
    byteRequests: r.byteRequests,
    objects: r.objects,
    workingSetBytes: r.workingSetBytes,
    maxObjectBytes: r.maxObjectBytes,
    compulsoryMisses: r.compulsory,
    floorMissRatio: r.requests ? r.compulsory / r.requests : 0,
    exact,
    notes,
    elapsedMs: Math.round(performance.now() - t0),
    points,
    needs: r.needs,
    startS: r.startS,
    endS: r.endS,
  };
}

/**
 * The smallest capacity at which at least `hits` of the counted requests hit, from kept needs
 * (exact for LRU at capacities ≥ the largest object); null when even an infinite cache falls short.
 */
export function minCapacityForHits(needs: Float64Array, hits: number): number | null {
  if (hits <= 0) return 1;
  const finite = needs.filter((x) => x !== Number.POSITIVE_INFINITY);
  if (finite.length < hits) return null;
  finite.sort();
  return finite[hits - 1];
}
