// FIFO: evict the object that entered the cache first.
//
// The oldest replacement rule there is: objects leave in the order they arrived, and a hit changes
// nothing, so the cache needs no per-hit bookkeeping at all (see Belady, "A study of replacement
// algorithms for a virtual-storage computer", IBM Systems Journal 5(2), 1966, which measured it
// against the optimum). New objects go to the head of one queue and the victim is its tail: O(1)
// per operation. This matches libCacheSim's `fifo`. No parameters.
import { Links, NIL, Queue, Sizes } from "./ids.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

export class Fifo implements EvictionPolicy {
  private readonly links: Links;
  private readonly q: Queue;
  private readonly sizes: Sizes;
  private resident: Uint8Array;

  constructor(ctx: EvictionCtx) {
    this.links = new Links(ctx.ids);
    this.q = new Queue(this.links);
    this.sizes = new Sizes(ctx.ids);
    this.resident = new Uint8Array(this.links.prev.length);
  }

  get usedBytes(): number {
    return this.q.bytes;
  }
  get count(): number {
    return this.q.length;
  }

  find(id: number, _promote: boolean): boolean {
    return id < this.resident.length && this.resident[id] !== 0;
  }

  insert(id: number, size: number): void {
    if (id >= this.resident.length) {
      this.links.ensure(id);
      this.sizes.ensure(id);
      const r = new Uint8Array(this.links.prev.length);
      r.set(this.resident);
      this.resident = r;
    }
    this.resident[id] = 1;
    this.sizes.size[id] = size;
    this.q.pushHead(id, size);
  }

  victim(): number {
    return this.q.tail;
  }

  evict(): number {
    const id = this.q.tail;
    if (id !== NIL) this.drop(id);
    return id;
  }

  remove(id: number): boolean {
    if (id >= this.resident.length || this.resident[id] === 0) return false;
    this.drop(id);
    return true;
  }

  private drop(id: number): void {
    this.q.unlink(id, this.sizes.size[id]);
    this.resident[id] = 0;
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
