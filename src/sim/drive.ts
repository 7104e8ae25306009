// Drives one cache node over a stream of batches: excludes warm-up requests from the counters, records
// a windowed miss-ratio series, and reports progress. Boundaries split batches into ranges, so the
// cache's tight loop never checks them per request.
//
// The series is defined by trace positions only, so a streamed run (length unknown up front) and
// a loaded one give the same windows: it starts at `window` positions (auto: 1024) and, whenever
// it reaches twice its point budget (auto: 128 points, explicit windows: 5,000), adjacent windows
// are merged pairwise and the window doubles (so there are at most twice the budget's points).
// Each point is misses / requests of its window.
import { InputError } from "../core/errors.js";
import type { CacheNode, Counters } from "../engine/node.js";
import { GET, type RequestBatch } from "../workload/types.js";

export const AUTO_WINDOW = 1024;
export const AUTO_POINTS = 128;
export const MAX_POINTS = 5_000;

export interface DriveOptions {
  bytes: boolean;
  /** Whether batches may carry ops other than GET (each batch is then checked). */
  ops: boolean;
  /** Requests (positions in the trace) replayed before counting starts. */
  warmup: number;
  /** Window of the miss-ratio series in positions, or "auto"; 0 = no series. */
  window: number | "auto";
  /** Called after each batch with the number of positions replayed so far. */
  progress?: (done: number) => void;
}

export interface Driven {
  counters: Counters;
  /** Final window length in positions (0 when no series was kept). */
  window: number;
  /** Miss ratio of each window after warm-up (the last one may be partial). */
  series: number[];
}

export function drive(cache: CacheNode, batches: Iterable<RequestBatch>, o: DriveOptions): Driven {
  const budget = o.window === "auto" ? AUTO_POINTS : MAX_POINTS;
  let window = o.window === "auto" ? AUTO_WINDOW : o.window;
  // per window: requests and misses (merged pairwise when the budget is exceeded)
  let winReq: number[] = [];
  let winMiss: number[] = [];
  let done = 0;
  let warm = o.warmup <= 0;
  let nextWindow = window > 0 ? o.warmup + window : Number.POSITIVE_INFINITY;
  let lastReq = 0;
  let lastMiss = 0;
  for (const b of batches) {
    // the general path only when this batch really has SETs or DELETEs (one byte per request to scan)
    const ops = o.ops && hasNonGet(b);
    let i = 0;
    while (i < b.length) {
      let end = b.length;
      if (!warm) end = Math.min(end, i + (o.warmup - done));
      else if (nextWindow !== Number.POSITIVE_INFINITY) end = Math.min(end, i + (nextWindow - done));
      cache.replay(b, i, end, o.bytes, ops);
      done += end - i;
      i = end;
      if (!warm && done === o.warmup) {
        warm = true;
        cache.counters.reset();
      } else if (done === nextWindow) {
        const c = cache.counters.values;
        winReq.push(c.requests - lastReq);
        winMiss.push(c.misses - lastMiss);
        lastReq = c.requests;
        lastMiss = c.misses;
        if (winReq.length === 2 * budget) {
          [winReq, winMiss] = [pairs(winReq), pairs(winMiss)];
          window *= 2;
        }
        nextWindow = o.warmup + winReq.length * window + window;
      }
    }
    o.progress?.(done);
  }
  if (o.warmup > 0 && done <= o.warmup) {
    throw new InputError(`the warm-up (${o.warmup} requests) is not shorter than the workload (${done} requests)`);
  }
  const c = cache.counts();
  if (window > 0 && c.requests > lastReq) {
    winReq.push(c.requests - lastReq);
    winMiss.push(c.misses - lastMiss);
  }
  const series = winReq.map((r, k) => (r === 0 ? 0 : winMiss[k] / r));
  return { counters: c, window, series };
}

/** Sums adjacent pairs: [a, b, c, d, e] → [a+b, c+d, e]. */
function pairs(a: number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < a.length; k += 2) out.push(a[k] + (a[k + 1] ?? 0));
  return out;
}

function hasNonGet(b: RequestBatch): boolean {
  const op = b.op;
  for (let i = 0; i < b.length; i++) if (op[i] !== GET) return true;
  return false;
}
