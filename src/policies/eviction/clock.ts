// CLOCK (second chance), with an optional k-bit reference counter.
//
// Corbató's CLOCK, from "A paging experiment with the Multics system" (MIT Project MAC report
// MAC-M-384, 1968; in "In Honor of Philip M. Morse", MIT Press, 1969), approximates LRU without
// touching a list on every hit: residents sit on a ring, a hit only sets the object's reference bit,
// and a hand sweeps the ring looking for a victim. An object whose bit is set gets a second chance:
// the hand clears the bit and moves on; the first object found with a clear bit is evicted.
//
// With `bits` = k > 1 the bit becomes a saturating counter (as in generalized CLOCK): a hit adds one
// up to 2^k − 1 and each pass of the hand subtracts one, so an object survives one sweep per
// recorded hit. This follows libCacheSim's `clock` (parameter `n-bit-counter`, default 1):
// - a new object enters with counter 0, just behind the hand (it is the last one the hand reaches,
//   the "head" of libCacheSim's FIFO-with-reinsertion queue, whose tail is where the hand points);
// - evicting: while the object under the hand has a counter > 0, decrement it and advance; evict the
//   first object found at 0 and leave the hand on its successor.
// `victim()` predicts that without moving anything: the victim is the first object, going round
// from the hand, whose counter is the smallest on the ring (every full sweep lowers all counters by
// one, so that object reaches 0 first).
//
// Parameters: `bits` (default 1, classic second chance; 1..7).
import { grow } from "../../core/grow.js";
import { Links, NIL } from "../../core/lists.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

export interface ClockParams {
  [k: string]: number;
  bits: number;
}

export class Clock implements EvictionPolicy {
  /** Ring links: `newer` walks in the hand's direction (towards recent insertions), `older` back. */
  private readonly links: Links;
  /** Per id: 0 = not resident, else 1 + the reference counter. */
  private ref: Uint8Array;
  private size: Uint32Array;
  /** The object the hand points at (the oldest end of the ring); NIL when empty. */
  private hand = NIL;
  private readonly max: number;
  usedBytes = 0;
  count = 0;

  constructor(params: ClockParams, ctx: EvictionCtx) {
    this.links = new Links(ctx.ids);
    this.ref = new Uint8Array(this.links.capacity);
    this.size = new Uint32Array(this.links.capacity);
    this.max = 2 ** params.bits; // stored value = counter + 1, counter ≤ 2^bits − 1
  }

  find(id: number, promote: boolean): boolean {
    if (id >= this.ref.length) return false;
    const r = this.ref[id];
    if (r === 0) return false;
    if (promote && r < this.max) this.ref[id] = r + 1;
    return true;
  }

  insert(id: number, size: number): void {
    if (id >= this.ref.length) {
      this.links.ensure(id);
      const n = this.links.capacity;
      this.ref = grow(this.ref, n);
      this.size = grow(this.size, n);
    }
    this.ref[id] = 1;
    this.size[id] = size;
    const pn = this.links.pn;
    const hand = this.hand;
    if (hand === NIL) {
      pn[2 * id + 1] = id;
      pn[2 * id] = id;
      this.hand = id;
    } else {
      // just behind the hand: between the newest object (pn[2 * hand]) and the hand
      const head = pn[2 * hand];
      pn[2 * head + 1] = id;
      pn[2 * id] = head;
      pn[2 * id + 1] = hand;
      pn[2 * hand] = id;
    }
    this.count++;
    this.usedBytes += size;
  }

  victim(): number {
    const hand = this.hand;
    if (hand === NIL) return NIL;
    const ref = this.ref;
    const pn = this.links.pn;
    let best = hand;
    let min = ref[hand];
    if (min === 1) return hand;
    for (let id = pn[2 * hand + 1]; id !== hand; id = pn[2 * id + 1]) {
      const r = ref[id];
      if (r < min) {
        min = r;
        best = id;
        if (r === 1) break;
      }
    }
    return best;
  }

  evict(): number {
    let id = this.hand;
    if (id === NIL) return NIL;
    const ref = this.ref;
    const pn = this.links.pn;
    let r = ref[id];
    while (r > 1) {
      ref[id] = r - 1;
      id = pn[2 * id + 1];
      r = ref[id];
    }
    this.hand = id;
    this.drop(id);
    return id;
  }

  remove(id: number): boolean {
    if (id >= this.ref.length || this.ref[id] === 0) return false;
    this.drop(id);
    return true;
  }

  /** Nothing is kept about an id once it has left the cache: nothing to forget. */
  forget(_id: number): void {}

  private drop(id: number): void {
    const pn = this.links.pn;
    if (this.count === 1) {
      this.hand = NIL;
    } else {
      const o = pn[2 * id];
      const n = pn[2 * id + 1];
      pn[2 * o + 1] = n;
      pn[2 * n] = o;
      if (this.hand === id) this.hand = n;
    }
    pn[2 * id + 1] = NIL;
    pn[2 * id] = NIL;
    this.ref[id] = 0;
    this.count--;
    this.usedBytes -= this.size[id];
  }
}

export const clock = {
  name: "clock",
  summary:
    "CLOCK / second chance: a hand sweeps a ring and evicts the first object not referenced since its last pass.",
  cite: "Corbató, A paging experiment with the Multics system, MIT Project MAC MAC-M-384, 1968",
  defaults: { bits: 1 },
  params: {
    bits: {
      description: "Bits of the reference counter: a hit adds 1 up to 2^bits − 1, each pass of the hand takes 1",
      min: 1,
      max: 7,
      integer: true,
    },
  },
  create: (p, ctx) => new Clock(p, ctx),
} satisfies EvictionSpec;
