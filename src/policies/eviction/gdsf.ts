// GDSF: Greedy-Dual-Size-Frequency. Evict the object with the lowest priority
// H = L + frequency × C / size, where L is an inflation value that rises to the priority of each
// evicted object.
//
// Cherkasova, "Improving WWW Proxies Performance with Greedy-Dual-Size-Frequency Caching Policy",
// HP Laboratories technical report HPL-98-69R1, 1998 (building on Cao and Irani's GreedyDual-Size).
// Small, frequently requested objects get high priorities and stay; large or rarely requested ones
// go first. L makes it age: every eviction raises L to the evicted priority, and an object's
// priority is recomputed from the current L only when it is requested (a hit increments its
// frequency, an insertion starts it at 1). Objects that are not requested keep the priority they
// had, so they sink below newer ones as L rises — without that, once-popular objects would stay
// forever.
//
// Details follow libCacheSim's `gdsf` (cpp/GDSF.cpp), whose counts this reproduces exactly on the
// CloudPhysics fixture: C = 10^6 (a scale factor; H = L + freq·10^6/size in double precision,
// computed as (freq·10^6)/size then added to L), equal priorities are broken by the time of the
// object's last request (older first, libCacheSim's ordered set of (priority, last request)), the
// victim's priority becomes L, and on a miss the engine evicts before inserting, so the newcomer's
// priority uses L after those evictions. A size of 0 (possible in bytes) counts as 1 in the
// priority: freq·C/0 would be infinite, so the object would never leave, and once evicted it would
// raise L to infinity and every later priority with it. No parameters.
//
// The priority queue is an indexed binary min-heap over typed arrays (IndexedMinHeap below): the
// Float64 priority and tie-break stamp live beside each heap slot, a per-id array holds the slot,
// so a hit re-sorts one entry in O(log n) with no allocation.
import { grow } from "../../core/grow.js";
import { NIL } from "../../core/lists.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

/**
 * An indexed binary min-heap of ids ordered by (key, tie), both doubles. Keys and ties are stored
 * by heap position, next to the ids, so sifting walks three contiguous arrays instead of jumping
 * to per-id arrays (far fewer cache misses on large heaps); `pos[id]` finds an id's entry.
 * Reusable by any policy that ranks objects by a numeric priority.
 */
export class IndexedMinHeap {
  /** By position: id, key, tie. */
  private ids: Int32Array;
  private keys: Float64Array;
  private ties: Float64Array;
  /** By id: position in the heap, NIL when absent. */
  private pos: Int32Array;
  length = 0;

  constructor(ids: number) {
    const n = Math.max(16, ids);
    this.ids = new Int32Array(n);
    this.keys = new Float64Array(n);
    this.ties = new Float64Array(n);
    this.pos = new Int32Array(n).fill(NIL);
  }

  has(id: number): boolean {
    return id < this.pos.length && this.pos[id] !== NIL;
  }

  /** The smallest entry's id, NIL when empty. */
  peek(): number {
    return this.length > 0 ? this.ids[0] : NIL;
  }

  /** The smallest entry's key (undefined contents when empty). */
  peekKey(): number {
    return this.keys[0];
  }

  /** The key of a present id. */
  keyOf(id: number): number {
    return this.keys[this.pos[id]];
  }

  /** Adds an absent id. */
  push(id: number, key: number, tie: number): void {
    if (id >= this.pos.length) this.pos = grow(this.pos, id + 1, NIL);
    const i = this.length++;
    if (i === this.ids.length) {
      this.ids = grow(this.ids, i + 1);
      this.keys = grow(this.keys, i + 1);
      this.ties = grow(this.ties, i + 1);
    }
    this.siftUp(i, id, key, tie);
  }

  /** Changes a present id's key and tie. */
  update(id: number, key: number, tie: number): void {
    const i = this.pos[id];
    const k = this.keys[i];
    if (key < k || (key === k && tie < this.ties[i])) this.siftUp(i, id, key, tie);
    else this.siftDown(i, id, key, tie);
  }

  pop(): number {
    if (this.length === 0) return NIL;
    const top = this.ids[0];
    this.removeAt(0);
    return top;
  }

  remove(id: number): boolean {
    if (!this.has(id)) return false;
    this.removeAt(this.pos[id]);
    return true;
  }

  private removeAt(i: number): void {
    this.pos[this.ids[i]] = NIL;
    const last = --this.length;
    if (i === last) return;
    const id = this.ids[last];
    const key = this.keys[last];
    const tie = this.ties[last];
    const p = (i - 1) >> 1;
    if (i > 0 && (key < this.keys[p] || (key === this.keys[p] && tie < this.ties[p]))) this.siftUp(i, id, key, tie);
    else this.siftDown(i, id, key, tie);
  }

  /** Places (id, key, tie) at the hole `i` or above it. */
  private siftUp(i: number, id: number, key: number, tie: number): void {
    const ids = this.ids;
    const keys = this.keys;
    const ties = this.ties;
    const pos = this.pos;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p];
      if (!(key < pk || (key === pk && tie < ties[p]))) break;
      const pid = ids[p];
      ids[i] = pid;
      keys[i] = pk;
      ties[i] = ties[p];
      pos[pid] = i;
      i = p;
    }
    ids[i] = id;
    keys[i] = key;
    ties[i] = tie;
    pos[id] = i;
  }

  /** Places (id, key, tie) at the hole `i` or below it. */
  private siftDown(i: number, id: number, key: number, tie: number): void {
    const ids = this.ids;
    const keys = this.keys;
    const ties = this.ties;
    const pos = this.pos;
    const n = this.length;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ck = keys[c];
      let ct = ties[c];
      const d = c + 1;
      if (d < n) {
        const dk = keys[d];
        if (dk < ck || (dk === ck && ties[d] < ct)) {
          c = d;
          ck = dk;
          ct = ties[d];
        }
      }
      if (!(ck < key || (ck === key && ct < tie))) break;
      const cid = ids[c];
      ids[i] = cid;
      keys[i] = ck;
      ties[i] = ct;
      pos[cid] = i;
      i = c;
    }
    ids[i] = id;
    keys[i] = key;
    ties[i] = tie;
    pos[id] = i;
  }
}

/** libCacheSim's scale factor C in H = L + freq·C/size. */
const SCALE = 1.0e6;

export class Gdsf implements EvictionPolicy {
  private readonly heap: IndexedMinHeap;
  private freq: Uint32Array;
  private size: Uint32Array;
  /** The inflation value: priority of the last evicted object. */
  private inflation = 0;
  /** Requests seen (find calls): the tie-break stamp of a request. */
  private clock = 0;
  usedBytes = 0;
  count = 0;

  constructor(ctx: EvictionCtx) {
    this.heap = new IndexedMinHeap(ctx.ids);
    this.freq = new Uint32Array(Math.max(16, ctx.ids));
    this.size = new Uint32Array(Math.max(16, ctx.ids));
  }

  find(id: number, promote: boolean): boolean {
    this.clock++;
    const h = this.heap;
    if (!h.has(id)) return false;
    if (promote) {
      const f = ++this.freq[id];
      const size = this.size[id];
      h.update(id, this.inflation + (f * SCALE) / (size > 0 ? size : 1), this.clock);
    }
    return true;
  }

  insert(id: number, size: number): void {
    if (id >= this.freq.length) {
      this.freq = grow(this.freq, id + 1);
      this.size = grow(this.size, id + 1);
    }
    this.freq[id] = 1;
    this.size[id] = size;
    this.heap.push(id, this.inflation + SCALE / (size > 0 ? size : 1), this.clock);
    this.usedBytes += size;
    this.count++;
  }

  victim(): number {
    return this.heap.peek();
  }

  evict(): number {
    const h = this.heap;
    if (h.length === 0) return NIL;
    this.inflation = h.peekKey();
    const id = h.pop();
    this.usedBytes -= this.size[id];
    this.count--;
    return id;
  }

  remove(id: number): boolean {
    if (!this.heap.remove(id)) return false;
    this.usedBytes -= this.size[id];
    this.count--;
    return true;
  }

  /** Frequencies start again at 1 on insertion: nothing is kept about an evicted id. */
  forget(_id: number): void {}
}

export const gdsf = {
  name: "gdsf",
  summary: "Greedy-Dual-Size-Frequency: evict the lowest L + frequency/size; L rises to each victim's priority.",
  cite: "Cherkasova, Improving WWW Proxies Performance with Greedy-Dual-Size-Frequency Caching Policy, HP Labs 1998",
  defaults: {},
  params: {},
  create: (_p, ctx) => new Gdsf(ctx),
} satisfies EvictionSpec;
