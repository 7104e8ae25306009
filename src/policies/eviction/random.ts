// Random: evict a resident object chosen uniformly at random.
//
// The baseline every replacement study compares against (Belady, "A study of replacement
// algorithms for a virtual-storage computer", IBM Systems Journal 5(2), 1966, measured it as RAND).
// It keeps no recency or frequency state, so a hit costs nothing; it resists the scan and loop
// patterns that defeat LRU, and loses to it on skewed workloads.
//
// Residents live in a dense array (each id remembers its slot); a victim is a uniform slot and
// removal swaps the last slot into the hole, so every operation is O(1). The k-th eviction (k
// counted from 0) takes slot floor(u_k × residents), where u_k is the k-th number of a stream
// seeded with the run's seed and addressed by k (Draws in src/core/rng.ts): the victim is a pure
// function of the resident array and k, so runs repeat exactly and `victim()` may be called at any
// moment, any number of times, without changing which object is evicted or any later draw.
// No parameters (the seed comes from the run).

import { DenseSet } from "../../core/dense-set.js";
import { grow } from "../../core/grow.js";
import { NIL } from "../../core/lists.js";
import { Draws } from "../../core/rng.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

export class RandomPolicy implements EvictionPolicy {
  /** The resident ids, densely (a uniform index is a uniform resident). */
  private readonly residents: DenseSet;
  private size: Uint32Array;
  private readonly draws: Draws;
  /** Evictions so far: the index of the next eviction's draw. */
  private evictions = 0;
  usedBytes = 0;

  constructor(ctx: EvictionCtx) {
    this.residents = new DenseSet(ctx.ids, ctx.capacity);
    this.size = new Uint32Array(this.residents.slot.length);
    this.draws = new Draws(ctx.seed);
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
  }

  victim(): number {
    const r = this.residents;
    const n = r.length;
    return n === 0 ? NIL : r.members[Math.floor(this.draws.at(this.evictions) * n)];
  }

  evict(): number {
    const id = this.victim();
    if (id !== NIL) {
      this.drop(id);
      this.evictions++;
    }
    return id;
  }

  remove(id: number): boolean {
    const slot = this.residents.slot;
    if (id >= slot.length || slot[id] === NIL) return false;
    this.drop(id);
    return true;
  }

  /** Nothing is kept about an id once it has left the cache: nothing to forget. */
  forget(_id: number): void {}

  private drop(id: number): void {
    this.residents.delete(id);
    this.usedBytes -= this.size[id];
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
