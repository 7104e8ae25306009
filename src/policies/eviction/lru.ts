// LRU: evict the object whose last access is oldest.
//
// The classic recency policy (see Mattson et al., "Evaluation techniques for storage hierarchies",
// IBM Systems Journal 9(2), 1970, for its stack property). A hit moves the object to the head of
// one queue; the victim is the tail. O(1) per operation. No parameters.
import { SingleQueuePolicy } from "./single-queue.js";
import type { EvictionSpec } from "./types.js";

/** LRU is the single-queue policy whose hits move the object back to the head. */
export class Lru extends SingleQueuePolicy {
  override find(id: number, promote: boolean): boolean {
    if (!this.isResident(id)) return false;
    if (promote) this.q.toHead(id);
    return true;
  }
}

export const lru = {
  name: "lru",
  summary: "Least recently used: evict the object whose last access is oldest.",
  cite: "Mattson et al., Evaluation techniques for storage hierarchies, IBM Systems Journal 1970",
  defaults: {},
  params: {},
  create: (_p, ctx) => new Lru(ctx),
} satisfies EvictionSpec;
