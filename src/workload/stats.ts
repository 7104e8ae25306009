// Workload statistics of a trace, in one streaming pass over its batches; memory grows with the
// distinct objects (two Uint32Arrays grown by doubling: request count and first size per object),
// never with the requests.
//
// - requests, objects, requestedBytes and workingSetBytes (each object's FIRST size, the
//   libCacheSim/oracleGeneral convention) are the working-set tally's (tally.ts); the size
//   percentiles are over objects (first size),
//   nearest-rank: the smallest size s such that at least p % of objects are no larger than s.
// - oneHitWonders: objects requested exactly once; oneHitWonderRatio is their share of objects.
// - zipfAlpha: minus the least-squares slope of ln(request count) against ln(popularity rank), over
//   the ranks of objects requested at least twice (one-hit wonders form a flat tail that would
//   flatten the fit); 0 when they all have the same count, null when fewer than two qualify.
// - durationS = last minus first time seen (max - min); null for formats without a clock.
import { grow } from "../core/grow.js";
import type { TraceSource } from "./source.js";
import { WorkingSetTally } from "./tally.js";
import { DELETE, GET, type RequestBatch, SET } from "./types.js";

export interface TraceStats {
  requests: number;
  objects: number;
  requestedBytes: number;
  workingSetBytes: number;
  meanObjectSizeBytes: number;
  oneHitWonders: number;
  oneHitWonderRatio: number;
  sizeP50Bytes: number;
  sizeP90Bytes: number;
  sizeP99Bytes: number;
  sizeMaxBytes: number;
  getRequests: number;
  setRequests: number;
  deleteRequests: number;
  requestsWithTtl: number;
  startS: number | null;
  endS: number | null;
  durationS: number | null;
  zipfAlpha: number | null;
  /** Objects the Zipf fit used (requested at least twice). */
  zipfFitObjects: number;
}

export const ZIPF_METHOD = "least-squares fit of ln(count) vs ln(rank), objects requested ≥ 2 times";

export function traceStats(batches: Iterable<RequestBatch>, options: { hasTime?: boolean } = {}): TraceStats {
  let count = new Uint32Array(1 << 16);
  let firstSize = new Uint32Array(count.length);
  const tally = new WorkingSetTally();
  let ops0 = 0;
  let ops1 = 0;
  let ops2 = 0;
  let withTtl = 0;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;

  for (const b of batches) {
    const { key, size, time, op, ttl } = b;
    const n = b.length;
    tally.add(key, size, n);
    for (let i = 0; i < n; i++) {
      const k = key[i];
      if (k >= count.length) {
        count = grow(count, k + 1);
        firstSize = grow(firstSize, k + 1);
      }
      if (count[k]++ === 0) firstSize[k] = size[i];
      const o = op[i];
      if (o === GET) ops0++;
      else if (o === SET) ops1++;
      else if (o === DELETE) ops2++;
      const t = time[i];
      if (t < start) start = t;
      if (t > end) end = t;
    }
    if (ttl !== undefined) for (let i = 0; i < n; i++) if (ttl[i] !== 0) withTtl++;
  }

  // objects seen in this pass (an interner shared with other traces may hold more ids)
  const { requests, objects, requestedBytes, workingSetBytes: workingSet, idSpace } = tally;
  let oneHit = 0;
  let fit = 0;
  for (let k = 0; k < idSpace; k++) {
    const c = count[k];
    if (c === 1) oneHit++;
    else if (c > 1) fit++;
  }
  const sizes = new Uint32Array(objects);
  const repeated = new Uint32Array(fit);
  for (let k = 0, j = 0, r = 0; k < idSpace; k++) {
    const c = count[k];
    if (c === 0) continue;
    sizes[j++] = firstSize[k];
    if (c > 1) repeated[r++] = c;
  }
  sizes.sort();
  const pct = (p: number) => (objects === 0 ? 0 : sizes[Math.max(0, Math.ceil(p * objects) - 1)]);
  const hasTime = options.hasTime ?? true;
  const timed = hasTime && requests > 0;
  return {
    requests,
    objects,
    requestedBytes,
    workingSetBytes: workingSet,
    meanObjectSizeBytes: objects === 0 ? 0 : workingSet / objects,
    oneHitWonders: oneHit,
    oneHitWonderRatio: objects === 0 ? 0 : oneHit / objects,
    sizeP50Bytes: pct(0.5),
    sizeP90Bytes: pct(0.9),
    sizeP99Bytes: pct(0.99),
    sizeMaxBytes: objects === 0 ? 0 : sizes[objects - 1],
    getRequests: ops0,
    setRequests: ops1,
    deleteRequests: ops2,
    requestsWithTtl: withTtl,
    startS: timed ? start : null,
    endS: timed ? end : null,
    durationS: timed ? end - start : null,
    zipfAlpha: zipfAlpha(repeated),
    zipfFitObjects: fit,
  };
}

/** Minus the least-squares slope of ln(count) on ln(rank), counts sorted descending (two-pass, centred). */
export function zipfAlpha(counts: Uint32Array): number | null {
  const n = counts.length;
  if (n < 2) return null;
  const sorted = Uint32Array.from(counts).sort().reverse();
  let mx = 0;
  let my = 0;
  for (let r = 0; r < n; r++) {
    mx += Math.log(r + 1);
    my += Math.log(sorted[r]);
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let r = 0; r < n; r++) {
    const dx = Math.log(r + 1) - mx;
    sxx += dx * dx;
    sxy += dx * (Math.log(sorted[r]) - my);
  }
  const slope = sxy / sxx;
  return slope === 0 ? 0 : -slope;
}

export interface TraceStatsReport extends TraceStats {
  file: string;
  format: string;
  zipfMethod: string;
}

/** Statistics of a trace source, labelled with its file and format (what `trace stats --json` prints). */
export function traceStatsReport(source: TraceSource): TraceStatsReport {
  const stats = traceStats(source, { hasTime: source.hasTime });
  return { file: source.path, format: source.format, ...stats, zipfMethod: ZIPF_METHOD };
}
