// LFU: evict the object with the fewest hits since it entered the cache.
//
// The O(1) scheme of Shah, Mitra and Matani, "An O(1) algorithm for implementing the LFU cache
// eviction scheme" (technical report, 2010): objects with the same access count share a bucket, and
// the non-empty buckets form a list sorted by count. A hit moves the object from bucket f to bucket
// f+1 (creating f+1 right after f if it is empty, dropping f if it empties); the victim comes from
// the first bucket, so every operation is O(1) whatever the counts.
//
// Details follow libCacheSim's `lfu` (exact match on its reference runs): a new object starts at
// count 1 (counts are forgotten on eviction: no history, "in-cache LFU"); within a bucket objects are
// kept in the order they entered it, and the victim is the one that entered the lowest bucket
// earliest. An object enters a bucket at its latest access (a hit moves it up, an insert puts it in
// bucket 1), so that order is recency order: ties between equally frequent objects go to the least
// recently used one.
//
// On the CloudPhysics reference trace LFU and SIEVE give identical miss counts at the 4,897-object and
// both byte sizes, request for request. That is not a bug: as long as the objects that got a hit never
// fill the cache, LFU never evicts from a count above 1 and SIEVE's hand never wraps past the head,
// so both evict the oldest never-hit resident every time (at the two smaller sizes the hit objects
// do fill the cache and the two differ). The same holds on a 10M-request Zipf(1.0) run over 1M
// objects with a 100,000-object cache: identical miss counts.
//
// Memory: per id a count and two links; per count value a bucket head/tail and two list links
// (arrays grow to the largest count seen). No parameters.
import { grow } from "../../core/grow.js";
import { Links, NIL } from "../../core/lists.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

export class Lfu implements EvictionPolicy {
  /** Per id: links inside its bucket; next points to the newer neighbour. */
  private readonly links: Links;
  /** Per id: access count, 0 = not resident. */
  private freq: Uint32Array;
  private size: Uint32Array;
  /** Per count: oldest and newest member of its bucket (NIL when empty). */
  private first: Int32Array;
  private last: Int32Array;
  /** Per count: the next larger / smaller non-empty count (0 = none). */
  private up: Uint32Array;
  private down: Uint32Array;
  /** The smallest non-empty count, 0 when the cache is empty. */
  private min = 0;
  usedBytes = 0;
  count = 0;

  constructor(ctx: EvictionCtx) {
    this.links = new Links(ctx.ids);
    const n = this.links.capacity;
    this.freq = new Uint32Array(n);
    this.size = new Uint32Array(n);
    this.first = new Int32Array(64).fill(NIL);
    this.last = new Int32Array(64).fill(NIL);
    this.up = new Uint32Array(64);
    this.down = new Uint32Array(64);
  }

  find(id: number, promote: boolean): boolean {
    if (id >= this.freq.length) return false;
    const f = this.freq[id];
    if (f === 0) return false;
    if (!promote) return true;
    const g = f + 1;
    if (g >= this.first.length) this.growBuckets(g + 1);
    this.unlink(id, f);
    if (this.first[g] === NIL) {
      // bucket g becomes non-empty: it goes right after f in the count list (f is still listed)
      const u = this.up[f];
      this.up[f] = g;
      this.down[g] = f;
      this.up[g] = u;
      if (u !== 0) this.down[u] = g;
    }
    this.append(id, g);
    if (this.first[f] === NIL) this.unlist(f);
    this.freq[id] = g;
    return true;
  }

  insert(id: number, size: number): void {
    if (id >= this.freq.length) {
      this.links.ensure(id);
      const n = this.links.capacity;
      this.freq = grow(this.freq, n);
      this.size = grow(this.size, n);
    }
    if (this.first[1] === NIL) {
      // 1 is the smallest possible count: it heads the list
      const m = this.min;
      this.up[1] = m;
      this.down[1] = 0;
      if (m !== 0) this.down[m] = 1;
      this.min = 1;
    }
    this.append(id, 1);
    this.freq[id] = 1;
    this.size[id] = size;
    this.count++;
    this.usedBytes += size;
  }

  victim(): number {
    return this.min === 0 ? NIL : this.first[this.min];
  }

  evict(): number {
    if (this.min === 0) return NIL;
    const id = this.first[this.min];
    this.drop(id);
    return id;
  }

  remove(id: number): boolean {
    if (id >= this.freq.length || this.freq[id] === 0) return false;
    this.drop(id);
    return true;
  }

  /** Nothing is kept about an id once it has left the cache: nothing to forget. */
  forget(_id: number): void {}

  private drop(id: number): void {
    const f = this.freq[id];
    this.unlink(id, f);
    if (this.first[f] === NIL) this.unlist(f);
    this.freq[id] = 0;
    this.count--;
    this.usedBytes -= this.size[id];
  }

  /** Adds id at the newest end of bucket f. */
  private append(id: number, f: number): void {
    const pn = this.links.pn;
    const t = this.last[f];
    pn[2 * id] = t;
    pn[2 * id + 1] = NIL;
    if (t === NIL) this.first[f] = id;
    else pn[2 * t + 1] = id;
    this.last[f] = id;
  }

  /** Takes id out of bucket f. */
  private unlink(id: number, f: number): void {
    const pn = this.links.pn;
    const p = pn[2 * id];
    const n = pn[2 * id + 1];
    if (p === NIL) this.first[f] = n;
    else pn[2 * p + 1] = n;
    if (n === NIL) this.last[f] = p;
    else pn[2 * n] = p;
  }

  /** Removes the (now empty) count f from the count list. */
  private unlist(f: number): void {
    const u = this.up[f];
    const d = this.down[f];
    if (d === 0) this.min = u;
    else this.up[d] = u;
    if (u !== 0) this.down[u] = d;
  }

  private growBuckets(min: number): void {
    this.first = grow(this.first, min, NIL);
    this.last = grow(this.last, min, NIL);
    this.up = grow(this.up, min);
    this.down = grow(this.down, min);
  }
}

export const lfu = {
  name: "lfu",
  summary: "Least frequently used (O(1) buckets): evict the object with the fewest hits, oldest in its bucket first.",
  cite: "Shah, Mitra, Matani, An O(1) algorithm for implementing the LFU cache eviction scheme, 2010",
  defaults: {},
  params: {},
  create: (_p, ctx) => new Lfu(ctx),
} satisfies EvictionSpec;
