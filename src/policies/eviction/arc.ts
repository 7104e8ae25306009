// ARC: Adaptive Replacement Cache, balancing recency and frequency with two ghost lists.
//
// From Megiddo and Modha, "ARC: A Self-Tuning, Low Overhead Replacement Cache", USENIX FAST 2003.
// Resident objects live in two LRU lists: T1 holds objects seen once recently, T2 objects seen at
// least twice. Each has a ghost list (B1, B2) remembering the ids and sizes of objects recently
// evicted from it. A target p for T1's size moves with the workload: a miss that hits B1 means T1
// was too small, so p grows by max(|B2| / |B1|, 1); a miss that hits B2 shrinks p by
// max(|B1| / |B2|, 1). Sizes are measured in the run's unit, so with bytes the lists, the ghosts and
// p are byte counts, as libCacheSim does for variable-sized objects. p is a real number (libCacheSim
// switched from integer to floating-point p), bounded by [0, capacity].
//
// A hit in T1 moves the object to T2's head; a hit in T2 moves it to T2's head. A miss that hit a
// ghost inserts into T2, any other miss into T1. Evicting ("REPLACE" in the paper) takes T1's LRU
// object into B1 when T1 is larger than p (or equal to p and the current miss hit B2), or when T2 is
// empty; otherwise T2's LRU object into B2. On a miss that hit no ghost (the paper's case IV), the
// ghosts are trimmed first, following libCacheSim's byte-aware form: if T1 + B1 plus the incoming
// object exceeds the capacity, drop B1's oldest entry and REPLACE, or, when B1 is empty, evict T1's
// LRU object without remembering it; otherwise, if all four lists together reach twice the
// capacity, drop B2's oldest entry, then REPLACE.
//
// No parameters.
//
// Size rule (libCacheSim ARC.c): none of its own; ARC caches any object that fits in the cache. Its
// case IV test (_ARC_evict_miss_on_all_queues) needs the incoming object's size, which libCacheSim
// reads from the request; here the node tells it through `admits`, called right before the
// evictions for that miss (before `admits` existed this file guessed it from the object's last
// size or the mean size, which on the variable-size trace put the 4,309,764-byte row +0.011 / +0.018
// off; now every row of both reference files matches libCacheSim's ratios). When `evict()` is
// called without a preceding `admits` (a user driving the policy directly) it still uses that guess.
import { grow } from "../../core/grow.js";
import { Links, NIL, Queue } from "../../core/lists.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

const ABSENT = 0;
const T1 = 1;
const T2 = 2;
const B1 = 3;
const B2 = 4;

export class Arc implements EvictionPolicy {
  /** T1, T2, B1 and B2 share one Links: an id is in at most one of them. */
  private readonly links: Links;
  private readonly t1: Queue;
  private readonly t2: Queue;
  private readonly b1: Queue;
  private readonly b2: Queue;
  private where: Uint8Array;
  /** Per id: its size when last inserted, while in T1, T2, B1 or B2 (0 otherwise). */
  private size: Uint32Array;
  private readonly capacity: number;
  /** Target size of T1. */
  private p = 0;
  /** The id of the last miss, and which ghost it hit (B1, B2 or ABSENT). */
  private missId = NIL;
  private missGhost = ABSENT;
  private insertedBytes = 0;
  private inserted = 0;
  /** The size of the object the engine is making room for (told by `admits`), for that id only. */
  private incomingId = NIL;
  private incomingSize = 0;

  constructor(ctx: EvictionCtx) {
    this.links = new Links(ctx.ids);
    this.t1 = new Queue(this.links);
    this.t2 = new Queue(this.links);
    this.b1 = new Queue(this.links);
    this.b2 = new Queue(this.links);
    this.where = new Uint8Array(this.links.capacity);
    this.size = new Uint32Array(this.links.capacity);
    this.capacity = ctx.capacity;
  }

  get usedBytes(): number {
    return this.t1.bytes + this.t2.bytes;
  }
  get count(): number {
    return this.t1.length + this.t2.length;
  }

  find(id: number, promote: boolean): boolean {
    if (id >= this.where.length) {
      if (promote) {
        this.missId = id;
        this.missGhost = ABSENT;
      }
      return false;
    }
    const w = this.where[id];
    if (!promote) return w === T1 || w === T2;
    this.missGhost = ABSENT;
    if (w === T2) {
      this.t2.toHead(id);
      return true;
    }
    if (w === T1) {
      const size = this.size[id];
      this.t1.unlink(id, size);
      this.t2.pushHead(id, size);
      this.where[id] = T2;
      return true;
    }
    this.missId = id;
    if (w === B1) {
      const b1 = this.b1.bytes;
      this.p = Math.min(this.p + Math.max(this.b2.bytes / b1, 1), this.capacity);
      this.b1.unlink(id, this.size[id]);
      this.where[id] = ABSENT;
      this.size[id] = 0; // insert() sets it again; a ghost hit never estimates its size
      this.missGhost = B1;
    } else if (w === B2) {
      const b2 = this.b2.bytes;
      this.p = Math.max(this.p - Math.max(this.b1.bytes / b2, 1), 0);
      this.b2.unlink(id, this.size[id]);
      this.where[id] = ABSENT;
      this.size[id] = 0;
      this.missGhost = B2;
    }
    return false;
  }

  /**
   * ARC refuses nothing (libCacheSim has no ARC_can_insert); the node calls this right before making
   * room, which tells the case IV test the incoming object's size, as libCacheSim's evict reads it
   * from the request.
   */
  admits(id: number, size: number): boolean {
    this.incomingId = id;
    this.incomingSize = size;
    return true;
  }

  insert(id: number, size: number): void {
    if (id >= this.where.length) this.ensure(id);
    // a ghost inserted without a demand lookup (a prefetch) leaves its ghost list first, without
    // moving p: only a demand miss that hit a ghost is evidence about the lists' sizes
    const w = this.where[id];
    if (w === B1 || w === B2) (w === B1 ? this.b1 : this.b2).unlink(id, this.size[id]);
    this.incomingId = NIL;
    this.size[id] = size;
    this.insertedBytes += size;
    this.inserted++;
    if (this.missGhost !== ABSENT && this.missId === id) {
      this.where[id] = T2;
      this.t2.pushHead(id, size);
    } else {
      this.where[id] = T1;
      this.t1.pushHead(id, size);
    }
    this.missGhost = ABSENT;
  }

  victim(): number {
    if (this.t1.length + this.t2.length === 0) return NIL;
    if (this.missGhost === ABSENT && this.t1.bytes + this.b1.bytes + this.incoming() > this.capacity) {
      if (this.b1.length === 0 && this.t1.length > 0) return this.t1.tail;
    }
    return this.replaceFromT1() ? this.t1.tail : this.t2.tail;
  }

  evict(): number {
    if (this.t1.length + this.t2.length === 0) return NIL;
    if (this.missGhost === ABSENT) {
      // case IV: the miss hit no ghost; keep the directory within its bounds first
      if (this.t1.bytes + this.b1.bytes + this.incoming() > this.capacity) {
        if (this.b1.length > 0) this.dropOldest(this.b1);
        else if (this.t1.length > 0) {
          const id = this.t1.tail;
          this.t1.unlink(id, this.size[id]);
          this.where[id] = ABSENT;
          this.size[id] = 0; // not remembered: its size is forgotten too
          return id;
        }
      } else if (
        this.b2.length > 0 &&
        this.t1.bytes + this.b1.bytes + this.t2.bytes + this.b2.bytes >= 2 * this.capacity
      ) {
        this.dropOldest(this.b2);
      }
    }
    // REPLACE
    if (this.replaceFromT1()) {
      const id = this.t1.tail;
      const size = this.size[id];
      this.t1.unlink(id, size);
      this.b1.pushHead(id, size);
      this.where[id] = B1;
      return id;
    }
    const id = this.t2.tail;
    const size = this.size[id];
    this.t2.unlink(id, size);
    this.b2.pushHead(id, size);
    this.where[id] = B2;
    return id;
  }

  remove(id: number): boolean {
    if (id >= this.where.length) return false;
    const w = this.where[id];
    // a non-resident id changes nothing: B1 and B2 keep remembering it
    if (w !== T1 && w !== T2) return false;
    (w === T1 ? this.t1 : this.t2).unlink(id, this.size[id]);
    this.where[id] = ABSENT;
    this.size[id] = 0;
    return true;
  }

  /** Whether B1 or B2 remembers the non-resident `id`. */
  retains(id: number): boolean {
    if (id >= this.where.length) return false;
    const w = this.where[id];
    return w === B1 || w === B2;
  }

  /** Drops `id` from its ghost list (with its remembered size). */
  forget(id: number): void {
    if (id >= this.where.length) return;
    const w = this.where[id];
    if (w === B1) this.b1.unlink(id, this.size[id]);
    else if (w === B2) this.b2.unlink(id, this.size[id]);
    else return;
    this.where[id] = ABSENT;
    this.size[id] = 0;
  }

  /** REPLACE's choice: true to evict T1's LRU object, false for T2's. */
  private replaceFromT1(): boolean {
    const t1 = this.t1.bytes;
    if (this.t2.length === 0) return true;
    return t1 > 0 && (t1 > this.p || (t1 === this.p && this.missGhost === B2));
  }

  /** The incoming object's size, estimated (see the header): its last size, else the mean. */
  private incoming(): number {
    const id = this.missId;
    if (id !== NIL && id === this.incomingId) return this.incomingSize;
    if (id !== NIL && id < this.size.length && this.size[id] !== 0) return this.size[id];
    return this.inserted === 0 ? 1 : this.insertedBytes / this.inserted;
  }

  /** Drops the oldest entry of a ghost list. */
  private dropOldest(ghost: Queue): void {
    const id = ghost.tail;
    ghost.unlink(id, this.size[id]);
    this.where[id] = ABSENT;
    this.size[id] = 0;
  }

  private ensure(id: number): void {
    this.links.ensure(id);
    const n = this.links.capacity;
    this.where = grow(this.where, n);
    this.size = grow(this.size, n);
  }
}

export const arc = {
  name: "arc",
  summary: "Adaptive Replacement Cache: recency (T1) and frequency (T2) lists sized adaptively by two ghost lists.",
  cite: "Megiddo and Modha, ARC: A Self-Tuning, Low Overhead Replacement Cache, USENIX FAST 2003",
  defaults: {},
  params: {},
  create: (_p, ctx: EvictionCtx) => new Arc(ctx),
} satisfies EvictionSpec;
