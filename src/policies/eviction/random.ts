// Random: evict a resident object chosen uniformly at random.
//
// The baseline every replacement study compares against (Belady, "A study of replacement
// algorithms for a virtual-storage computer", IBM Systems Journal 5(2), 1966, measured it as RAND).
// It keeps no recency or frequency state, so a hit costs nothing; it resists the scan and loop
// patterns that defeat LRU, and loses to it on skewed workloads.
//
// Residents live in a dense array (each id remembers its slot); a victim is a uniform slot and
// removal swaps the last slot into the hole, so every operation is O(1). The draw comes from a
// generator seeded with the run's seed, so runs repeat exactly. The next victim is drawn once, the
// first time `victim()` or `evict()` needs it, and kept until the resident set changes (insert,
// evict or remove): peeking at the victim therefore never changes which object is evicted, nor the
// sequence of later draws. No parameters (the seed comes from the run).
import { Rng } from "../rng.js";
import { grow, NIL } from "./ids.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

export class RandomPolicy implements EvictionPolicy {
  /** slots[0..count) are the resident ids. */
  private slots: Int32Array;
  /** Per id: its slot, or -1 when not resident. */
  private slot: Int32Array;
  private size: Uint32Array;
  private readonly rng: Rng;
  /** The drawn victim's slot, or -1 when none is drawn for the current resident set. */
  private pending = -1;
  usedBytes = 0;
  count = 0;

  constructor(ctx: EvictionCtx) {
    const n = Math.max(16, ctx.ids);
    this.slot = new Int32Array(n).fill(NIL);
    this.size = new Uint32Array(n);
    this.slots = new Int32Array(Math.max(16, Math.min(n, Math.ceil(ctx.capacity) + 1)));
    this.rng = new Rng(ctx.seed);
  }

  find(id: number, _promote: boolean): boolean {
    return id < this.slot.length && this.slot[id] !== NIL;
  }

  insert(id: number, size: number): void {
    if (id >= this.slot.length) {
      this.slot = grow(this.slot, id + 1, NIL);
      this.size = grow(this.size, this.slot.length);
    }
    if (this.count === this.slots.length) this.slots = grow(this.slots, this.count + 1);
    this.slots[this.count] = id;
    this.slot[id] = this.count;
    this.size[id] = size;
    this.count++;
    this.usedBytes += size;
    this.pending = -1;
  }

  victim(): number {
    if (this.count === 0) return NIL;
    if (this.pending < 0) this.pending = this.rng.below(this.count);
    return this.slots[this.pending];
  }

  evict(): number {
    const id = this.victim();
    if (id !== NIL) this.drop(id);
    return id;
  }

  remove(id: number): boolean {
    if (id >= this.slot.length || this.slot[id] === NIL) return false;
    this.drop(id);
    return true;
  }

  private drop(id: number): void {
    const s = this.slot[id];
    const last = --this.count;
    const moved = this.slots[last];
    this.slots[s] = moved;
    this.slot[moved] = s;
    this.slot[id] = NIL;
    this.usedBytes -= this.size[id];
    this.pending = -1;
  }
}

export const random = {
  name: "random",
  summary: "Random: evict a uniformly random resident object (seeded, reproducible).",
  cite: "Belady, A study of replacement algorithms for a virtual-storage computer, IBM Systems Journal 1966",
  defaults: {},
  params: {},
  create: (_p, ctx) => new RandomPolicy(ctx),
} satisfies EvictionSpec;
