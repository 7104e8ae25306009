// PG: the probability graph of Griffioen & Appleton.
//
// Griffioen and Appleton, "Reducing file system latency using a predictive approach", USENIX
// Summer 1994: a directed graph over objects where the edge a → b counts how often b was requested
// within a lookahead window after a; on a request for a, every b whose share of a's outgoing counts
// exceeds a threshold is prefetched. This follows libCacheSim's PG (prefetch/PG.c, commit aa0fc40)
// so that its golden counts can be compared:
//   - a ring of the last `lookahead` requests; on each request the entry it overwrites (the request
//     `lookahead` positions back) is the source s, and the request is written into the ring; then s
//     gets one count towards every entry of the ring, in ring order (the request itself included, s
//     itself too if it recurs), and s's total grows by one per entry visited;
//   - the graph's metadata is charged 32 bytes per node and per edge; once it reaches
//     `maxMetadata` × capacity × blockSize, no node or edge is added any more (existing edges keep
//     counting; a visit that would need a new edge ends that update, as libCacheSim's does);
//   - after each request for a, every edge a → b with count / total > `threshold` is prefetched,
//     with the size b had at its last request, lowest count first (so the likeliest ends up most
//     recently inserted), skipping resident ones.
//   - the qualifying edges are popped from a per-node binary max-heap, libCacheSim's priority queue
//     reproduced with its quirks (a raised count is sifted down, never up; the first edge popped
//     below the threshold is not pushed back; see PgNode), because which edges qualify depends on it.
// With LRU in bytes it reproduces libCacheSim's demand-miss counts exactly at all 8 sizes
// (test/golden/prefetch.test.ts). Known differences that do not show on that trace: libCacheSim
// reads an uninitialised label before its ring is full, and treats object id 0 as an empty slot;
// here a source is only taken from a full ring slot and id 0 is an ordinary object.
// Parameters: lookahead (20), blockSize (1: multiplies the metadata budget), maxMetadata (0.1 of
// the capacity), threshold (0.05). Memory: bounded by the metadata budget. As in libCacheSim the
// budget is a share of the capacity in the run's unit: in `objects` unit a cache of 10,000 objects
// allows 1,000 "bytes" (31 nodes or edges), so raise maxMetadata there (e.g. pg:maxMetadata=3200).
import type { PrefetchCtx, Prefetcher, PrefetchSink, PrefetchSpec } from "./types.js";

/**
 * Edges live in typed arrays (count, heap slot, destination), found through an open-addressing
 * table keyed by the pair (source, destination): no object and no boxed key per edge.
 */
class Edges {
  pri: Int32Array;
  pos: Int32Array;
  dst: Int32Array;
  private src: Int32Array;
  length = 0;
  /** Slot → edge index + 1 (0 = empty); at most half full. */
  private table: Int32Array;
  private mask: number;

  /** Sized for `expected` edges up front (the metadata budget bounds them), so they rarely grow. */
  constructor(expected: number) {
    const n = Math.max(1024, Math.min(expected, 1 << 22));
    this.pri = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.dst = new Int32Array(n);
    this.src = new Int32Array(n);
    let t = 4096;
    while (t < 2 * n) t *= 2;
    this.table = new Int32Array(t);
    this.mask = t - 1;
  }

  private slot(src: number, dst: number): number {
    let h = Math.imul(src, 0x9e3779b1) ^ Math.imul(dst ^ (dst >>> 15), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) & this.mask;
  }

  find(src: number, dst: number): number {
    const t = this.table;
    for (let i = this.slot(src, dst); ; i = (i + 1) & this.mask) {
      const e = t[i] - 1;
      if (e < 0) return -1;
      if (this.src[e] === src && this.dst[e] === dst) return e;
    }
  }

  add(src: number, dst: number): number {
    const e = this.length++;
    if (e === this.pri.length) {
      this.pri = grow32(this.pri);
      this.pos = grow32(this.pos);
      this.dst = grow32(this.dst);
      this.src = grow32(this.src);
    }
    this.pri[e] = 1;
    this.dst[e] = dst;
    this.src[e] = src;
    if (this.length * 2 > this.table.length) this.rehash();
    else this.place(e);
    return e;
  }

  private place(e: number): void {
    const t = this.table;
    let i = this.slot(this.src[e], this.dst[e]);
    while (t[i] !== 0) i = (i + 1) & this.mask;
    t[i] = e + 1;
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2);
    this.mask = this.table.length - 1;
    for (let e = 0; e < this.length; e++) this.place(e);
  }
}

function grow32(a: Int32Array): Int32Array {
  const n = new Int32Array(a.length * 2);
  n.set(a);
  return n;
}

/**
 * A source node: its total and a binary max-heap of its edges (1-based, as the priority queue
 * libCacheSim uses). The heap keeps that queue's behaviour exactly, quirks included: a count is
 * raised before the queue is told, so the queue sees no change and sifts the edge down, never up;
 * the first edge popped below the threshold is not pushed back; and a popped edge keeps its old
 * slot number, so raising its count later sifts down whatever edge sits in that slot now. Which
 * edges qualify therefore depends on the heap's shape, as it does in libCacheSim.
 */
class PgNode {
  total = 0;
  private heap: number[] = [-1];

  constructor(private readonly e: Edges) {}

  insert(x: number): void {
    const h = this.heap;
    const pri = this.e.pri;
    const pos = this.e.pos;
    let i = h.length;
    h.push(x);
    while (i > 1 && pri[h[i >> 1]] < pri[x]) {
      h[i] = h[i >> 1];
      pos[h[i]] = i;
      i >>= 1;
    }
    h[i] = x;
    pos[x] = i;
  }

  /** libCacheSim's change_priority after the count was raised: a sift down from the edge's slot. */
  touched(x: number): void {
    const at = this.e.pos[x];
    if (at < this.heap.length) this.down(at);
  }

  /** The top edge, or -1; its slot number is left as it was (see the class comment). */
  pop(): number {
    const h = this.heap;
    if (h.length === 1) return -1;
    const head = h[1];
    const last = h.pop()!;
    if (h.length > 1) {
      h[1] = last;
      this.e.pos[last] = 1;
      this.down(1);
    }
    return head;
  }

  private down(at: number): void {
    const h = this.heap;
    const pri = this.e.pri;
    const pos = this.e.pos;
    const n = h.length;
    let i = at;
    const moving = h[i];
    const p = pri[moving];
    for (;;) {
      let c = i << 1;
      if (c >= n) break;
      if (c + 1 < n && pri[h[c]] < pri[h[c + 1]]) c++;
      if (!(p < pri[h[c]])) break;
      h[i] = h[c];
      pos[h[i]] = i;
      i = c;
    }
    h[i] = moving;
    pos[moving] = i;
  }
}

export class Pg implements Prefetcher {
  private readonly ring: Float64Array;
  private ptr = 0;
  private readonly graph = new Map<number, PgNode>();
  private readonly edges: Edges;
  private metadata = 0;
  private readonly maxMetadata: number;
  private stop = false;
  private sizes = new Uint32Array(1024);
  private readonly threshold: number;
  private readonly lookahead: number;
  private readonly pick: number[] = [];

  constructor(p: { lookahead: number; blockSize: number; maxMetadata: number; threshold: number }, ctx: PrefetchCtx) {
    this.lookahead = p.lookahead;
    this.ring = new Float64Array(p.lookahead).fill(-1);
    this.maxMetadata = Math.floor(p.blockSize * ctx.capacity * p.maxMetadata);
    // 32 bytes of budget per node or edge
    this.edges = new Edges(Math.ceil(this.maxMetadata / 32) + p.lookahead);
    this.threshold = p.threshold;
  }

  access(id: number, size: number, _time: number, _ctx: number, _hit: boolean, sink: PrefetchSink): void {
    if (id >= this.sizes.length) {
      const n = new Uint32Array(Math.max(id + 1, this.sizes.length * 2));
      n.set(this.sizes);
      this.sizes = n;
    }
    this.sizes[id] = size;
    this.learn(id);
    const node = this.graph.get(id);
    if (node === undefined || node.total === 0) return;
    const pick = this.pick;
    const pri = this.edges.pri;
    pick.length = 0;
    for (;;) {
      const e = node.pop();
      if (e < 0) break;
      // as libCacheSim: the first edge below the threshold is dropped from the heap
      if (pri[e] / node.total > this.threshold) pick.push(e);
      else break;
    }
    // pushed back, and fetched, lowest count first (the order of libCacheSim's prepended lists)
    for (let k = pick.length - 1; k >= 0; k--) node.insert(pick[k]);
    const dst = this.edges.dst;
    for (let k = pick.length - 1; k >= 0; k--) {
      const b = dst[pick[k]];
      if (!sink.resident(b)) sink.fetch(b, this.sizes[b]);
    }
  }

  private learn(id: number): void {
    const ring = this.ring;
    const src = ring[this.ptr];
    ring[this.ptr] = id;
    this.ptr = (this.ptr + 1) % this.lookahead;
    if (src < 0) return;
    let node = this.graph.get(src);
    if (node === undefined) {
      if (this.stop) return;
      node = new PgNode(this.edges);
      this.graph.set(src, node);
      this.metadata += 32;
    }
    const edges = this.edges;
    for (let i = 0; i < this.lookahead; i++) {
      node.total++;
      const b = ring[i];
      if (b < 0) break;
      const e = edges.find(src, b);
      if (e >= 0) {
        edges.pri[e]++;
        node.touched(e);
      } else {
        if (this.stop) return;
        node.insert(edges.add(src, b));
        this.metadata += 32;
      }
    }
    if (this.metadata >= this.maxMetadata) this.stop = true;
  }
}

export const pg = {
  name: "pg",
  summary: "Probability graph: prefetch objects that often followed this one within a lookahead window.",
  cite: "Griffioen & Appleton, Reducing file system latency using a predictive approach, USENIX Summer 1994; libCacheSim prefetch/PG.c",
  defaults: { lookahead: 20, blockSize: 1, maxMetadata: 0.1, threshold: 0.05 },
  params: {
    lookahead: { description: "requests after an object that count as following it", min: 1, max: 4096, integer: true },
    blockSize: { description: "multiplies the metadata budget (libCacheSim's block-size)", min: 1, integer: true },
    maxMetadata: {
      description: "graph memory budget as a share of the capacity (32 bytes a node or edge)",
      min: 0,
      max: 10,
    },
    threshold: { description: "prefetch b after a when count(a→b) / total(a) exceeds this", min: 0, max: 1 },
  },
  create: (p, ctx) => new Pg(p, ctx),
} satisfies PrefetchSpec;
