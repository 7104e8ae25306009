// OBL: one-block lookahead with a sequential-confidence rule.
//
// The oldest prefetcher for block storage (Smith, "Sequential program prefetching in memory
// hierarchies", IEEE Computer 11(12), 1978): when block b is read, fetch block b + 1. Plain OBL
// fetches on every access; libCacheSim's OBL (prefetch/OBL.c, commit aa0fc40, by Zhelong) only
// fetches once the stream has looked sequential for a while, which is the variant implemented
// here so that its golden counts can be reproduced:
//   - it remembers the last k requested keys (k = `k`, libCacheSim's sequential-confidence-k);
//   - a request for key x is "sequential" when those k keys, oldest first, were exactly
//     x − k, x − k + 1, …, x − 1;
//   - after serving a sequential request it fetches key x + 1 with size `blockSize` (libCacheSim
//     gives every prefetched block the configured block size, not a size it has seen), unless it
//     is resident. The history is updated on every request, hit or miss.
// Keys: OBL reasons about the trace's own keys (logical block addresses). When the run keeps them
// (`ctx.keys`, the golden test does) x + 1 is the next block address; otherwise the dense ids of
// the run stand in for them, which for an interned trace means first-seen order (a sequential scan
// seen for the first time is numbered sequentially, so OBL still follows it) and for a synthetic
// workload the generator's own key numbers. A next block the run has no id for is not fetched.
// Fully specified: with LRU in bytes it reproduces libCacheSim's demand-miss counts exactly
// (test/golden/prefetch.test.ts).
// Parameters: blockSize (512: bytes given to a prefetched block; 1 in objects unit), k (4).
// Memory: k keys.
import type { KeySpace, PrefetchCtx, Prefetcher, PrefetchSink, PrefetchSpec } from "./types.js";

export class Obl implements Prefetcher {
  private readonly history: Float64Array;
  private cur = 0;
  private readonly k: number;
  private readonly blockSize: number;
  private readonly keys: KeySpace | null;

  constructor(p: { blockSize: number; k: number }, ctx: PrefetchCtx) {
    this.k = p.k;
    this.blockSize = ctx.bytes ? p.blockSize : 1;
    this.history = new Float64Array(p.k).fill(Number.NaN);
    this.keys = ctx.keys ?? null;
  }

  access(id: number, _size: number, _time: number, _ctx: number, _hit: boolean, sink: PrefetchSink): void {
    const keys = this.keys;
    const x = keys === null ? id : keys.keyOf(id);
    const k = this.k;
    const h = this.history;
    let sequential = true;
    for (let i = 0; i < k; i++) {
      if (h[(this.cur + 1 + i) % k] !== x - k + i) {
        sequential = false;
        break;
      }
    }
    this.cur = (this.cur + 1) % k;
    h[this.cur] = x;
    if (!sequential) return;
    const next = keys === null ? id + 1 : keys.idOf(x + 1);
    if (next >= 0) sink.fetch(next, this.blockSize);
  }
}

export const obl = {
  name: "obl",
  summary: "One-block lookahead: after k sequential requests, fetch the next block (libCacheSim's OBL).",
  cite: "Smith, Sequential program prefetching in memory hierarchies, IEEE Computer 1978; libCacheSim prefetch/OBL.c",
  defaults: { blockSize: 512, k: 4 },
  params: {
    blockSize: { description: "size given to a prefetched block, in bytes (1 in objects unit)", min: 0, integer: true },
    k: {
      description: "sequential confidence: requests in a row that must be consecutive",
      min: 1,
      max: 1024,
      integer: true,
    },
  },
  create: (p, ctx) => new Obl(p, ctx),
} satisfies PrefetchSpec;
