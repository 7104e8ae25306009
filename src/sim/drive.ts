// Drives one cache over a stream of batches: excludes warm-up requests from the counters, records
// a windowed miss-ratio series, and reports progress. Boundaries split batches into ranges, so the
// cache's tight loop never checks them per request.
import { GET, type RequestBatch } from "../workload/types.js";
import { type Cache, type Counters, newCounters } from "./cache.js";

export interface DriveOptions {
  bytes: boolean;
  /** Whether batches may carry ops other than GET (each batch is then checked). */
  ops: boolean;
  /** Requests (positions in the trace) replayed before counting starts. */
  warmup: number;
  /** Window length in requests for the miss-ratio series; 0 = no series. */
  window: number;
  /** Called after each batch with the number of positions replayed so far. */
  progress?: (done: number) => void;
}

export interface Driven {
  counters: Counters;
  /** Miss ratio of each complete window after warm-up (and of the last partial one). */
  series: number[];
}

export function drive(cache: Cache, batches: Iterable<RequestBatch>, o: DriveOptions): Driven {
  const series: number[] = [];
  let done = 0;
  let warm = o.warmup <= 0;
  let nextWindow = o.window > 0 ? o.warmup + o.window : Number.POSITIVE_INFINITY;
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
        Object.assign(cache.counters, newCounters());
      } else if (done === nextWindow) {
        const c = cache.counters;
        series.push(ratio(c.misses - lastMiss, c.requests - lastReq));
        lastReq = c.requests;
        lastMiss = c.misses;
        nextWindow += o.window;
      }
    }
    o.progress?.(done);
  }
  const c = cache.counters;
  if (o.window > 0 && c.requests > lastReq) series.push(ratio(c.misses - lastMiss, c.requests - lastReq));
  return { counters: { ...c }, series };
}

function hasNonGet(b: RequestBatch): boolean {
  const op = b.op;
  for (let i = 0; i < b.length; i++) if (op[i] !== GET) return true;
  return false;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
