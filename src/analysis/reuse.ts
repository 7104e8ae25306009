// Reuse distances and the compulsory-miss floor of a trace, for `trace stats`.
// - reuse distance of a re-request: the distinct other objects requested since the object's
//   previous request (its LRU stack distance; an LRU cache of more than d objects hits it);
// - compulsory misses: first requests of each object, what even an infinite cache misses; the
//   floor is their share of the requests (and of the requested bytes).
// One streaming pass (src/analysis/stack.ts), memory O(objects). Percentiles are nearest-rank over
// re-requests, read from a histogram that is exact below 4096 and has 64 buckets per doubling above
// (reported as the bucket's lower bound: within 1.1 % of the true value).
import { DELETE, type RequestBatch } from "../workload/types.js";
import { StackDistances } from "./stack.js";

export interface ReuseStats {
  requests: number;
  /** Requests to an object seen before (these have a reuse distance). */
  reuses: number;
  compulsoryMisses: number;
  /** Miss ratio of an infinite cache: compulsory misses / requests. */
  floorMissRatio: number;
  /** Byte miss ratio of an infinite cache: bytes of first requests / requested bytes. */
  floorByteMissRatio: number;
  reuseDistanceMean: number | null;
  reuseDistanceP50: number | null;
  reuseDistanceP90: number | null;
  reuseDistanceP99: number | null;
}

const EXACT = 4096;
const SUB = 64;

function bucket(d: number): number {
  if (d < EXACT) return d;
  const e = Math.floor(Math.log2(d));
  const lo = 2 ** e;
  return EXACT + (e - 12) * SUB + Math.min(SUB - 1, Math.floor(((d - lo) / lo) * SUB));
}

function lowerBound(b: number): number {
  if (b < EXACT) return b;
  const e = 12 + Math.floor((b - EXACT) / SUB);
  const k = (b - EXACT) % SUB;
  return Math.ceil(2 ** e * (1 + k / SUB));
}

/** Accumulates reuse statistics batch by batch (so `trace stats` can feed it from its own pass). */
export class ReuseTally {
  private stack = new StackDistances();
  private hist = new Float64Array(EXACT + 40 * SUB);
  private requests = 0;
  private reuses = 0;
  private compulsory = 0;
  private bytes = 0;
  private firstBytes = 0;
  private sum = 0;

  add(b: RequestBatch): void {
    const stack = this.stack;
    const hist = this.hist;
    for (let i = 0; i < b.length; i++) {
      if (b.op[i] === DELETE) continue;
      const id = b.key[i];
      this.requests++;
      this.bytes += b.size[i];
      stack.ensure(id);
      const d = stack.access(id, 1);
      if (stack.obj[2 * id + 1] < 0) {
        stack.obj[2 * id + 1] = 1;
        this.compulsory++;
        this.firstBytes += b.size[i];
      }
      if (d >= 0) {
        this.reuses++;
        this.sum += d;
        hist[bucket(d)]++;
      }
    }
  }

  result(): ReuseStats {
    const pct = (p: number): number | null => {
      if (this.reuses === 0) return null;
      const rank = Math.ceil((p / 100) * this.reuses);
      let acc = 0;
      for (let b = 0; b < this.hist.length; b++) {
        acc += this.hist[b];
        if (acc >= rank) return lowerBound(b);
      }
      return null;
    };
    return {
      requests: this.requests,
      reuses: this.reuses,
      compulsoryMisses: this.compulsory,
      floorMissRatio: this.requests ? this.compulsory / this.requests : 0,
      floorByteMissRatio: this.bytes ? this.firstBytes / this.bytes : 0,
      reuseDistanceMean: this.reuses ? this.sum / this.reuses : null,
      reuseDistanceP50: pct(50),
      reuseDistanceP90: pct(90),
      reuseDistanceP99: pct(99),
    };
  }
}

/** Reuse statistics of a whole stream of batches. */
export function reuseStats(batches: Iterable<RequestBatch>): ReuseStats {
  const t = new ReuseTally();
  for (const b of batches) t.add(b);
  return t.result();
}
