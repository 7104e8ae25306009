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
import { DenseSet, grow, NIL } from "./ids.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

export class RandomPolicy implements EvictionPolicy {
  /** The resident ids, densely (a uniform index is a uniform resident). */
  private readonly residents: DenseSet;
  private size: Uint32Array;
  private readonly rng: Rng;
  /** The drawn victim's index in `residents`, or -1 when none is drawn for the current resident set. */
  private pending = -1;
  usedBytes = 0;

  constructor(ctx: EvictionCtx) {
    this.residents = new DenseSet(ctx.ids, ctx.capacity);
    this.size = new Uint32Array(this.residents.slot.length);
    this.rng = new Rng(ctx.seed);
  }

  get count(): number {
    return this.residents.length;
  }

  find(id: number, _promote: boolean): boolean {
    const slot = this.residents.slot;
    return id < slot.length && slot[id] !== NIL;
  }

  insert(id: number, size: number): void {
    const r = this.residents;
    if (id >= r.slot.length) {
      r.ensure(id);
      this.size = grow(this.size, r.slot.length);
    }
    r.add(id);
    this.size[id] = size;
    this.usedBytes += size;
    this.pending = -1;
  }

  victim(): number {
    const r = this.residents;
    if (r.length === 0) return NIL;
    if (this.pending < 0) this.pending = this.rng.below(r.length);
    return r.members[this.pending];
  }

  evict(): number {
    const id = this.victim();
    if (id !== NIL) this.drop(id);
    return id;
  }

  remove(id: number): boolean {
    const slot = this.residents.slot;
    if (id >= slot.length || slot[id] === NIL) return false;
    this.drop(id);
    return true;
  }

  private drop(id: number): void {
    this.residents.delete(id);
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
