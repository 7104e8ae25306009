// SLRU: segmented LRU, a ladder of LRU segments that objects climb one step per hit.
//
// From Karedla, Love and Wherry, "Caching Strategies to Improve Disk System Performance", IEEE
// Computer 27(3), 1994. The cache is split into `segments` LRU queues of equal size, numbered from
// the lowest (probationary) to the highest (most protected). A hit moves an object to the head of
// the next higher segment (or to the head of the top segment if it is already there). When a
// segment then holds more than its share, its LRU object is demoted to the head of the segment below,
// which may cascade downwards. Victims come from the LRU end of the lowest non-empty segment, so an
// object referenced once is evicted before anything that was ever hit.
//
// As in libCacheSim's `slru` (whose behaviour this follows): every segment gets floor(capacity /
// segments) in the run's unit; a new object goes to the lowest segment that still has room for it
// (so while the cache warms up, new objects fill the higher segments too), or to the lowest one
// when none has room.
//
// Parameter: `segments` = 4 (libCacheSim `n-seg`).
//
// Difference from libCacheSim, forced by the engine contract (a policy never evicts on its own):
// when a demotion cascade overfills the lowest segment, libCacheSim evicts from it at once, inside
// the hit. Here the lowest segment may stay over its share until the next `evict()`, which takes
// its LRU end anyway. In objects unit this gives the same misses as libCacheSim on the CloudPhysics
// golden trace; in bytes unit the miss ratio differs by under 0.001 there. libCacheSim also refuses
// objects larger than one segment (SLRU_can_insert), so its hit path never meets one; here they are
// cached in the lowest segment, and a hit moves such an object to the head of its segment instead of
// promoting it: it cannot fit in the next segment, and promoting it anyway would make the cascade
// demote other objects until it fell back itself (libCacheSim's cool loop would then evict from the
// lowest segment inside the hit).
import { grow } from "../../core/grow.js";
import { Links, NIL, Queue } from "../../core/lists.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

export interface SlruParams {
  segments: number;
}

export class Slru implements EvictionPolicy {
  /** The segments share one Links: an object is in exactly one. */
  private readonly links: Links;
  /** seg[0] is the lowest (probationary) segment. */
  private readonly seg: Queue[];
  private readonly n: number;
  private readonly segCap: number;
  /** Per id: 0 = absent, else 1 + its segment index. */
  private where: Uint8Array;
  private size: Uint32Array;
  private used = 0;
  private objects = 0;

  constructor(p: SlruParams, ctx: EvictionCtx) {
    this.n = Math.max(1, Math.floor(p.segments));
    this.links = new Links(ctx.ids);
    this.seg = [];
    for (let i = 0; i < this.n; i++) this.seg.push(new Queue(this.links));
    this.segCap = Math.floor(ctx.capacity / this.n);
    this.where = new Uint8Array(this.links.prev.length);
    this.size = new Uint32Array(this.links.prev.length);
  }

  get usedBytes(): number {
    return this.used;
  }
  get count(): number {
    return this.objects;
  }

  find(id: number, promote: boolean): boolean {
    if (id >= this.where.length) return false;
    const w = this.where[id];
    if (w === 0) return false;
    if (!promote) return true;
    const i = w - 1;
    const size = this.size[id];
    // the top segment, or an object larger than a segment (it could not stay in the next one up):
    // LRU promotion within its own segment
    if (i === this.n - 1 || size > this.segCap) {
      this.seg[i].toHead(id);
      return true;
    }
    this.seg[i].unlink(id, size);
    const up = this.seg[i + 1];
    up.pushHead(id, size);
    this.where[id] = w + 1;
    while (up.bytes > this.segCap) this.cool(i + 1);
    return true;
  }

  insert(id: number, size: number): void {
    if (id >= this.where.length) this.ensure(id);
    let i = 0;
    while (i < this.n && this.seg[i].bytes + size > this.segCap) i++;
    if (i === this.n) i = 0;
    this.seg[i].pushHead(id, size);
    this.where[id] = i + 1;
    this.size[id] = size;
    this.used += size;
    this.objects++;
  }

  victim(): number {
    for (let i = 0; i < this.n; i++) if (this.seg[i].length > 0) return this.seg[i].tail;
    return NIL;
  }

  evict(): number {
    const id = this.victim();
    if (id !== NIL) this.drop(id);
    return id;
  }

  remove(id: number): boolean {
    if (id >= this.where.length || this.where[id] === 0) return false;
    this.drop(id);
    return true;
  }

  /** Nothing is kept about an id once it has left the cache: nothing to forget. */
  forget(_id: number): void {}

  /** Demotes segment k's LRU object to the head of segment k-1, cascading while k-1 is over. */
  private cool(k: number): void {
    if (k === 0) return; // the lowest segment may stay over its share: evict() drains it first
    const from = this.seg[k];
    const to = this.seg[k - 1];
    const id = from.tail;
    const size = this.size[id];
    from.unlink(id, size);
    to.pushHead(id, size);
    this.where[id] = k;
    while (k > 1 && to.bytes > this.segCap) this.cool(k - 1);
  }

  private drop(id: number): void {
    const size = this.size[id];
    this.seg[this.where[id] - 1].unlink(id, size);
    this.where[id] = 0;
    this.used -= size;
    this.objects--;
  }

  private ensure(id: number): void {
    this.links.ensure(id);
    const n = this.links.prev.length;
    this.where = grow(this.where, n);
    this.size = grow(this.size, n);
  }
}

export const slru = {
  name: "slru",
  summary: "Segmented LRU: equal LRU segments; each hit promotes an object one segment, overflow demotes.",
  cite: "Karedla, Love and Wherry, Caching Strategies to Improve Disk System Performance, IEEE Computer 1994",
  defaults: { segments: 4 } as SlruParams,
  params: {
    segments: { description: "number of equal LRU segments (libCacheSim n-seg)", min: 1, max: 16, integer: true },
  },
  create: (p: SlruParams, ctx: EvictionCtx) => new Slru(p, ctx),
} satisfies EvictionSpec;
