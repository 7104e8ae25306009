// LRU: evict the object whose last access is oldest.
//
// The classic recency policy (see Mattson et al., "Evaluation techniques for storage hierarchies",
// IBM Systems Journal 9(2), 1970, for its stack property). A hit moves the object to the head of
// one queue; the victim is the tail. O(1) per operation. No parameters.
import { Links, NIL, Queue, Sizes } from "./ids.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

export class Lru implements EvictionPolicy {
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

  find(id: number, promote: boolean): boolean {
    if (id >= this.resident.length || this.resident[id] === 0) return false;
    if (promote) this.q.toHead(id);
    return true;
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

export const lru = {
  name: "lru",
  summary: "Least recently used: evict the object whose last access is oldest.",
  cite: "Mattson et al., Evaluation techniques for storage hierarchies, IBM Systems Journal 1970",
  defaults: {},
  params: {},
  create: (_p, ctx) => new Lru(ctx),
} satisfies EvictionSpec;
