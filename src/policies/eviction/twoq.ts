// 2Q: a FIFO probation queue, a ghost of what left it, and an LRU for objects seen twice.
//
// From Johnson and Shasha, "2Q: A Low Overhead High Performance Buffer Management Replacement
// Algorithm", VLDB 1994 (the "full version"). A new object enters A1in, a FIFO; hits there change
// nothing, so a burst of accesses to a new object does not make it look popular. When A1in holds
// more than its share of the cache, its oldest object is evicted and remembered (id and size, no
// data) in A1out, a FIFO ghost. A miss on an object that A1out remembers proves a re-reference at a
// distance, so the object goes straight into Am, an LRU queue holding the rest of the cache; any
// other miss enters A1in again. Hits in Am move the object to Am's head. To make room, 2Q evicts from
// A1in while A1in is over its share, otherwise from Am's LRU end.
//
// Parameters (as libCacheSim's `twoq` sizes them, in the run's unit, bytes or objects):
// - kin  = 0.25: A1in's share of the capacity (libCacheSim `Ain-size-ratio`); Am gets the rest.
// - kout = 0.5: A1out's size as a fraction of the capacity (libCacheSim `Aout-size-ratio`); it
//   counts the remembered objects' sizes.
//
// Differences from libCacheSim's `twoq`, forced by this project's engine contract (a policy never
// evicts on its own): libCacheSim inserts a ghost-hit object into Am with a full cache "get" on Am,
// which silently evicts from Am when Am alone would exceed its share, even though the engine already
// made room in the whole cache. Here Am may exceed its share until the next eviction, which then
// takes Am's LRU end (A1in is within its share whenever Am is over). libCacheSim also refuses
// objects larger than A1in; here they are cached (and leave A1in at the next eviction). On the
// CloudPhysics golden trace neither case changes a single miss: the counts match libCacheSim's
// exactly.
import { grow } from "../../core/grow.js";
import { Links, NIL, Queue } from "../../core/lists.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

const ABSENT = 0;
const AIN = 1;
const AM = 2;
/** In the A1out ghost: remembered, not resident. */
const AOUT = 3;

export interface TwoQParams {
  kin: number;
  kout: number;
}

export class TwoQ implements EvictionPolicy {
  /** A1in, Am and A1out share one Links: an id is in at most one of them. */
  private readonly links: Links;
  private readonly ain: Queue;
  private readonly am: Queue;
  private readonly aout: Queue;
  private where: Uint8Array;
  private size: Uint32Array;
  private readonly ainCap: number;
  private readonly aoutCap: number;
  /** The id whose last `find` hit the A1out ghost (it goes to Am when inserted), or NIL. */
  private ghostHit = NIL;

  constructor(p: TwoQParams, ctx: EvictionCtx) {
    this.links = new Links(ctx.ids);
    this.ain = new Queue(this.links);
    this.am = new Queue(this.links);
    this.aout = new Queue(this.links);
    this.where = new Uint8Array(this.links.capacity);
    this.size = new Uint32Array(this.links.capacity);
    this.ainCap = Math.floor(ctx.capacity * p.kin);
    this.aoutCap = Math.floor(ctx.capacity * p.kout);
  }

  get usedBytes(): number {
    return this.ain.bytes + this.am.bytes;
  }
  get count(): number {
    return this.ain.length + this.am.length;
  }

  find(id: number, promote: boolean): boolean {
    if (id >= this.where.length) return false;
    const w = this.where[id];
    if (w === AIN) return true;
    if (!promote) return w === AM;
    this.ghostHit = NIL;
    if (w === AM) {
      this.am.toHead(id);
      return true;
    }
    if (w === AOUT) {
      this.aout.unlink(id, this.size[id]);
      this.where[id] = ABSENT;
      this.ghostHit = id;
    }
    return false;
  }

  insert(id: number, size: number): void {
    if (id >= this.where.length) this.ensure(id);
    this.size[id] = size;
    if (this.ghostHit === id) {
      this.ghostHit = NIL;
      this.where[id] = AM;
      this.am.pushHead(id, size);
    } else {
      this.where[id] = AIN;
      this.ain.pushHead(id, size);
    }
  }

  victim(): number {
    const from = this.pick();
    return from === NIL ? NIL : from === AIN ? this.ain.tail : this.am.tail;
  }

  evict(): number {
    const from = this.pick();
    if (from === NIL) return NIL;
    if (from === AM) {
      const id = this.am.tail;
      this.am.unlink(id, this.size[id]);
      this.where[id] = ABSENT;
      return id;
    }
    const id = this.ain.tail;
    const size = this.size[id];
    this.ain.unlink(id, size);
    this.where[id] = ABSENT;
    // remembered by the A1out FIFO, whose oldest entries make room
    this.aout.remember(id, size, this.aoutCap, this.size, this.where, AOUT);
    return id;
  }

  remove(id: number): boolean {
    if (id >= this.where.length) return false;
    const w = this.where[id];
    // a non-resident id changes nothing: A1out keeps remembering it
    if (w !== AIN && w !== AM) return false;
    this.where[id] = ABSENT;
    (w === AIN ? this.ain : this.am).unlink(id, this.size[id]);
    return true;
  }

  /** Whether A1out remembers the non-resident `id`. */
  retains(id: number): boolean {
    return id < this.where.length && this.where[id] === AOUT;
  }

  /** Drops `id` from A1out. */
  forget(id: number): void {
    if (this.ghostHit === id) this.ghostHit = NIL;
    if (id >= this.where.length || this.where[id] !== AOUT) return;
    this.aout.unlink(id, this.size[id]);
    this.where[id] = ABSENT;
  }

  /** Which queue the next victim comes from (AIN or AM), or NIL when empty. */
  private pick(): number {
    const ain = this.ain;
    if (ain.length > 0 && (ain.bytes > this.ainCap || this.am.length === 0)) return AIN;
    return this.am.length > 0 ? AM : NIL;
  }

  private ensure(id: number): void {
    this.links.ensure(id);
    const n = this.links.capacity;
    this.where = grow(this.where, n);
    this.size = grow(this.size, n);
  }
}

export const twoq = {
  name: "twoq",
  aliases: ["2q"],
  summary: "2Q: new objects wait in a FIFO; only those re-referenced after leaving it (seen by a ghost) enter the LRU.",
  cite: "Johnson and Shasha, 2Q: A Low Overhead High Performance Buffer Management Replacement Algorithm, VLDB 1994",
  defaults: { kin: 0.25, kout: 0.5 } as TwoQParams,
  params: {
    kin: {
      description: "A1in (FIFO for new objects) share of the capacity (libCacheSim Ain-size-ratio)",
      min: 0,
      max: 1,
    },
    kout: {
      description: "A1out ghost size as a fraction of the capacity (libCacheSim Aout-size-ratio)",
      min: 0,
      max: 10,
    },
  },
  create: (p: TwoQParams, ctx: EvictionCtx) => new TwoQ(p, ctx),
} satisfies EvictionSpec;
