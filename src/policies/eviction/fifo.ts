// FIFO: evict the object that entered the cache first.
//
// The oldest replacement rule there is: objects leave in the order they arrived, and a hit changes
// nothing, so the cache needs no per-hit bookkeeping at all (see Belady, "A study of replacement
// algorithms for a virtual-storage computer", IBM Systems Journal 5(2), 1966, which measured it
// against the optimum). New objects go to the head of one queue and the victim is its tail: O(1)
// per operation. This matches libCacheSim's `fifo`. No parameters.
import { SingleQueuePolicy } from "./single-queue.js";
import type { EvictionSpec } from "./types.js";

/** FIFO is the single-queue policy whose hits change nothing. */
export class Fifo extends SingleQueuePolicy {
  override find(id: number, _promote: boolean): boolean {
    return this.isResident(id);
  }
}

export const fifo = {
  name: "fifo",
  summary: "First in, first out: evict the object that was inserted earliest; hits change nothing.",
  cite: "Belady, A study of replacement algorithms for a virtual-storage computer, IBM Systems Journal 1966",
  defaults: {},
  params: {},
  create: (_p, ctx) => new Fifo(ctx),
} satisfies EvictionSpec;
