// Belady's MIN: evict the resident object whose next request lies farthest in the future.
//
// From Belady, "A study of replacement algorithms for a virtual-storage computer", IBM Systems
// Journal 5(2), 1966: with the whole future known, evicting the object needed farthest ahead (or
// never again) gives the fewest misses of any policy that must load the missed object, so it is the
// yardstick for every online policy. It is an oracle: the runner computes, for every request, the
// index of the next request to the same object (`ctx.nextAccess`), and this policy counts requests
// by its calls to `find` (the k-th call is the k-th request).
//
// As libCacheSim's `belady`, every missed object is inserted, even one that is never requested again
// (that object becomes the first victim); with byte sizes the engine evicts farthest-first until the
// new object fits, which is what libCacheSim does too (it is then a heuristic, not the byte-optimal
// schedule; see `beladySize`). Objects never requested again tie at "infinitely far"; which of them
// leaves first cannot change the miss count, since all of them go before any object with a future.
//
// Residents sit in a binary max-heap keyed by next-request index, held in typed arrays with each id's
// heap slot recorded, so a hit (re-key), an insert and an eviction are O(log n) and nothing is
// allocated per request. No parameters.
import { grow } from "../../core/grow.js";
import { NIL } from "../../core/lists.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

/** Heap key of an object that is never requested again. */
const NEVER = 0x7fffffff;

export function requireNextAccess(ctx: EvictionCtx, name: string): Int32Array {
  if (!ctx.nextAccess) throw new Error(`${name} is an oracle policy: the runner must supply ctx.nextAccess`);
  return ctx.nextAccess;
}

export class Belady implements EvictionPolicy {
  private readonly next: Int32Array;
  /** Index of the current request: the number of `find` calls so far, minus one. */
  private k = -1;
  /** heap[0..count) holds resident ids; heap[0] has the farthest next request. */
  private heap: Int32Array;
  /** Per id: its heap slot, or -1 when not resident. */
  private slot: Int32Array;
  /** Per id: the index of its next request (NEVER if none). */
  private key: Int32Array;
  private size: Uint32Array;
  usedBytes = 0;
  count = 0;

  constructor(ctx: EvictionCtx) {
    this.next = requireNextAccess(ctx, "belady");
    const n = Math.max(16, ctx.ids);
    this.slot = new Int32Array(n).fill(NIL);
    this.key = new Int32Array(n);
    this.size = new Uint32Array(n);
    this.heap = new Int32Array(Math.max(16, Math.min(n, Math.ceil(ctx.capacity) + 1)));
  }

  private nextOf(k: number): number {
    const j = this.next[k];
    return j < 0 ? NEVER : j;
  }

  find(id: number, promote: boolean): boolean {
    const k = ++this.k;
    if (id >= this.slot.length) return false;
    const s = this.slot[id];
    if (s === NIL) return false;
    if (promote) {
      // the new key is later than the current request, i.e. larger than the old one: sift up
      this.key[id] = this.nextOf(k);
      this.up(s, id);
    }
    return true;
  }

  insert(id: number, size: number): void {
    if (id >= this.slot.length) {
      this.slot = grow(this.slot, id + 1, NIL);
      this.key = grow(this.key, this.slot.length);
      this.size = grow(this.size, this.slot.length);
    }
    if (this.count === this.heap.length) this.heap = grow(this.heap, this.count + 1);
    this.key[id] = this.nextOf(this.k);
    this.size[id] = size;
    this.usedBytes += size;
    this.up(this.count++, id);
  }

  victim(): number {
    return this.count === 0 ? NIL : this.heap[0];
  }

  evict(): number {
    if (this.count === 0) return NIL;
    const id = this.heap[0];
    this.removeAt(0, id);
    return id;
  }

  remove(id: number): boolean {
    if (id >= this.slot.length || this.slot[id] === NIL) return false;
    this.removeAt(this.slot[id], id);
    return true;
  }

  /** An id's next request is set anew on insertion: nothing is kept after it leaves. */
  forget(_id: number): void {}

  private removeAt(s: number, id: number): void {
    this.slot[id] = NIL;
    this.usedBytes -= this.size[id];
    const last = --this.count;
    if (s === last) return;
    const moved = this.heap[last];
    // the moved entry may belong above or below slot s
    if (s > 0 && this.key[moved] > this.key[this.heap[(s - 1) >> 1]]) this.up(s, moved);
    else this.down(s, moved);
  }

  /** Places `id` at slot `s` or above, moving smaller-keyed parents down. */
  private up(s: number, id: number): void {
    const heap = this.heap;
    const key = this.key;
    const slot = this.slot;
    const k = key[id];
    while (s > 0) {
      const p = (s - 1) >> 1;
      const pid = heap[p];
      if (key[pid] >= k) break;
      heap[s] = pid;
      slot[pid] = s;
      s = p;
    }
    heap[s] = id;
    slot[id] = s;
  }

  /** Places `id` at slot `s` or below, moving larger-keyed children up. */
  private down(s: number, id: number): void {
    const heap = this.heap;
    const key = this.key;
    const slot = this.slot;
    const n = this.count;
    const k = key[id];
    for (;;) {
      let c = 2 * s + 1;
      if (c >= n) break;
      if (c + 1 < n && key[heap[c + 1]] > key[heap[c]]) c++;
      const cid = heap[c];
      if (key[cid] <= k) break;
      heap[s] = cid;
      slot[cid] = s;
      s = c;
    }
    heap[s] = id;
    slot[id] = s;
  }
}

export const belady = {
  name: "belady",
  aliases: ["min", "opt", "optimal"],
  summary: "Belady's MIN (oracle): evict the object whose next request is farthest in the future.",
  cite: "Belady, A study of replacement algorithms for a virtual-storage computer, IBM Systems Journal 1966",
  defaults: {},
  params: {},
  oracle: true,
  create: (_p, ctx) => new Belady(ctx),
} satisfies EvictionSpec;
