// markov: a first-order Markov predictor over the request stream, with a bounded successor table.
//
// The classic history-based prefetcher (Joseph & Grunwald, "Prefetching using Markov predictors",
// ISCA 1997; Kroeger & Long, "Predicting file system actions from prior events", USENIX 1996):
// remember, for each object a, which objects were requested right after it and how often; after a
// request for a, fetch the successors whose share of a's transitions is at least `threshold`.
//   - Memory bound: a direct-mapped table of `rows` rows (a hash of a picks the row, a tag says
//     whose it is); a request for another object that maps to the same row takes it over (its
//     counts start from zero). Each row keeps `ways` successors with their counts and last sizes;
//     a new successor replaces the one with the lowest count (ties: the oldest slot), so frequent
//     successors survive infrequent ones (a space-saving summary per row).
//   - A row predicts only once it has seen `minCount` transitions, and at most `degree` objects
//     are fetched per request, likeliest first; resident ones are skipped by the node.
//   - Hits and misses are learned alike (the stream, not the miss stream, is modelled).
// On a workload whose requests are independent draws (a Zipf stream) no successor reaches the
// threshold often, so markov fetches little; on a workload with sequences it learns them.
// Parameters: threshold (0.3), rows (65536: the memory bound, about 16 + 12·ways bytes a row),
// ways (4), minCount (2), degree (2).
import type { PrefetchCtx, Prefetcher, PrefetchSink, PrefetchSpec } from "./types.js";

export class Markov implements Prefetcher {
  private readonly tag: Int32Array;
  private readonly total: Uint32Array;
  private readonly next: Int32Array;
  private readonly count: Uint32Array;
  private readonly size: Uint32Array;
  private readonly mask: number;
  private readonly ways: number;
  private readonly threshold: number;
  private readonly minCount: number;
  private readonly degree: number;
  private prev = -1;

  constructor(
    p: { threshold: number; rows: number; ways: number; minCount: number; degree: number },
    _ctx: PrefetchCtx,
  ) {
    let rows = 1;
    while (rows < p.rows) rows *= 2;
    this.mask = rows - 1;
    this.ways = p.ways;
    this.tag = new Int32Array(rows).fill(-1);
    this.total = new Uint32Array(rows);
    this.next = new Int32Array(rows * p.ways).fill(-1);
    this.count = new Uint32Array(rows * p.ways);
    this.size = new Uint32Array(rows * p.ways);
    this.threshold = p.threshold;
    this.minCount = p.minCount;
    this.degree = p.degree;
  }

  private row(id: number): number {
    let h = Math.imul(id ^ (id >>> 16), 0x45d9f3b);
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
    return (h ^ (h >>> 16)) & this.mask;
  }

  access(id: number, size: number, _time: number, _ctx: number, _hit: boolean, sink: PrefetchSink): void {
    const prev = this.prev;
    this.prev = id;
    const W = this.ways;
    if (prev >= 0) this.learn(prev, id, size);
    // predict the successors of id
    const r = this.row(id);
    if (this.tag[r] !== id) return;
    const total = this.total[r];
    if (total < this.minCount) return;
    const base = r * W;
    const limit = this.threshold * total;
    let fetched = 0;
    // likeliest first: repeated scans of W slots (W is small)
    let above = Number.POSITIVE_INFINITY;
    while (fetched < this.degree) {
      let best = -1;
      for (let k = 0; k < W; k++) {
        const c = this.count[base + k];
        if (c >= limit && c > 0 && c < above && (best < 0 || c > this.count[base + best])) best = k;
      }
      if (best < 0) break;
      above = this.count[base + best];
      // successors with this same count, in slot order
      for (let k = 0; k < W && fetched < this.degree; k++) {
        if (this.count[base + k] !== above) continue;
        sink.fetch(this.next[base + k], this.size[base + k]);
        fetched++;
      }
    }
  }

  private learn(a: number, b: number, size: number): void {
    const r = this.row(a);
    const W = this.ways;
    const base = r * W;
    if (this.tag[r] !== a) {
      this.tag[r] = a;
      this.total[r] = 0;
      for (let k = 0; k < W; k++) {
        this.next[base + k] = -1;
        this.count[base + k] = 0;
      }
    }
    this.total[r]++;
    let low = 0;
    for (let k = 0; k < W; k++) {
      if (this.next[base + k] === b) {
        this.count[base + k]++;
        this.size[base + k] = size;
        return;
      }
      if (this.count[base + k] < this.count[base + low]) low = k;
    }
    this.next[base + low] = b;
    this.count[base + low] = 1;
    this.size[base + low] = size;
  }
}

export const markov = {
  name: "markov",
  summary: "First-order Markov: fetch the objects that usually follow this one (bounded successor table).",
  cite: "Joseph & Grunwald, Prefetching using Markov predictors, ISCA 1997",
  defaults: { threshold: 0.3, rows: 65536, ways: 4, minCount: 2, degree: 2 },
  params: {
    threshold: { description: "fetch a successor seen at least this share of the transitions", min: 0, max: 1 },
    rows: {
      description: "rows of the successor table (the memory bound; rounded up to a power of 2)",
      min: 1,
      max: 1 << 26,
      integer: true,
    },
    ways: { description: "successors kept per row", min: 1, max: 64, integer: true },
    minCount: { description: "transitions a row must have seen before it predicts", min: 1, integer: true },
    degree: { description: "objects fetched per request at most", min: 1, max: 64, integer: true },
  },
  create: (p, ctx) => new Markov(p, ctx),
} satisfies PrefetchSpec;
