// SIEVE: a FIFO queue with one "visited" bit and a hand that sifts it lazily.
//
// From Zhang, Yang, Yue, Vigfusson and Rashmi, "SIEVE is Simpler than LRU: an Efficient
// Turn-Key Eviction Algorithm for Web Caches", USENIX NSDI 2024. New objects enter at the head of a
// queue, unvisited; a hit only marks the object visited (no list movement, like CLOCK). The hand
// starts at the tail and moves towards the head: a visited object under it is cleared and kept in
// place, and the first unvisited one is evicted; the hand then stays where it was (on the evicted
// object's newer neighbour) for the next eviction, and wraps to the tail after passing the head.
// Unlike CLOCK, survivors are not moved to the head, so new objects are sifted out quickly
// ("quick demotion") while popular ones stay in the old part of the queue ("lazy promotion").
//
// Matches libCacheSim's `sieve` exactly, including the hand after a removal (it steps to the
// removed object's newer neighbour). `victim()` predicts the sweep read-only: the first unvisited
// object from the hand towards the head, then from the tail; if every object is visited, the sweep
// clears them all and comes back to the hand's object. No parameters.
import { grow } from "../../core/grow.js";
import { Links, NIL, Queue } from "../../core/lists.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

const ABSENT = 0;
const NEW = 1;
const VISITED = 2;

export class Sieve implements EvictionPolicy {
  private readonly links: Links;
  /** head = newest, tail = oldest; a link's prev points towards the head (the hand's direction). */
  private readonly q: Queue;
  /** Per id: ABSENT, NEW (resident, not visited) or VISITED. */
  private state: Uint8Array;
  private size: Uint32Array;
  /** Where the next sweep starts; NIL means the tail. */
  private hand = NIL;

  constructor(ctx: EvictionCtx) {
    this.links = new Links(ctx.ids);
    this.q = new Queue(this.links);
    this.state = new Uint8Array(this.links.capacity);
    this.size = new Uint32Array(this.links.capacity);
  }

  get usedBytes(): number {
    return this.q.bytes;
  }
  get count(): number {
    return this.q.length;
  }

  find(id: number, promote: boolean): boolean {
    if (id >= this.state.length) return false;
    const s = this.state[id];
    if (s === ABSENT) return false;
    if (promote && s === NEW) this.state[id] = VISITED;
    return true;
  }

  insert(id: number, size: number): void {
    if (id >= this.state.length) {
      this.links.ensure(id);
      const n = this.links.capacity;
      this.state = grow(this.state, n);
      this.size = grow(this.size, n);
    }
    this.state[id] = NEW;
    this.size[id] = size;
    this.q.pushHead(id, size);
  }

  victim(): number {
    const q = this.q;
    if (q.length === 0) return NIL;
    const state = this.state;
    const pn = this.links.pn;
    const start = this.hand === NIL ? q.tail : this.hand;
    for (let id = start; id !== NIL; id = pn[2 * id]) if (state[id] === NEW) return id;
    for (let id = q.tail; id !== start; id = pn[2 * id]) if (state[id] === NEW) return id;
    return start;
  }

  evict(): number {
    const q = this.q;
    if (q.length === 0) return NIL;
    const state = this.state;
    const pn = this.links.pn;
    let id = this.hand === NIL ? q.tail : this.hand;
    while (state[id] === VISITED) {
      state[id] = NEW;
      const p = pn[2 * id];
      id = p === NIL ? q.tail : p;
    }
    this.hand = pn[2 * id];
    this.drop(id);
    return id;
  }

  remove(id: number): boolean {
    if (id >= this.state.length || this.state[id] === ABSENT) return false;
    if (id === this.hand) this.hand = this.links.pn[2 * id];
    this.drop(id);
    return true;
  }

  /** Nothing is kept about an id once it has left the cache: nothing to forget. */
  forget(_id: number): void {}

  private drop(id: number): void {
    this.q.unlink(id, this.size[id]);
    this.state[id] = ABSENT;
  }
}

export const sieve = {
  name: "sieve",
  summary:
    "SIEVE: FIFO with a visited bit and a hand that keeps visited objects in place and evicts the first unvisited.",
  cite: "Zhang et al., SIEVE is Simpler than LRU: an Efficient Turn-Key Eviction Algorithm for Web Caches, NSDI 2024",
  defaults: {},
  params: {},
  create: (_p, ctx) => new Sieve(ctx),
} satisfies EvictionSpec;
