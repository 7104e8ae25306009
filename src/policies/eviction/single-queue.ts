// The one-queue policy that LRU and FIFO both are: new objects enter at the head and the victim is
// the tail. They differ only in what a hit does, so that is all each one's file adds.
import { Links, NIL, Queue, Sizes } from "../../core/lists.js";
import type { EvictionCtx, EvictionPolicy } from "./types.js";

/**
 * The eviction policy over one Queue that LRU and FIFO both are: new objects enter at the head and
 * the victim is the tail. Only what a hit does tells them apart, so that is all each one's file adds,
 * as its own `find` (LRU moves the object back to the head, FIFO changes nothing): each class keeps
 * a `find` of its own, with no per-hit test of which policy it is.
 */
export abstract class SingleQueuePolicy implements EvictionPolicy {
  private readonly links: Links;
  protected readonly q: Queue;
  /**
   * Per-id sizes, allocated at the first object whose size is not 1: until then (the objects unit,
   * or a trace of 1-byte objects) every size is 1, and an insert or an eviction reads no per-id
   * array beyond the links (on a large id space, one cache miss fewer each).
   */
  private sizes: Sizes | null = null;

  constructor(ctx: EvictionCtx) {
    this.links = new Links(ctx.ids);
    this.q = new Queue(this.links);
  }

  get usedBytes(): number {
    return this.q.bytes;
  }
  get count(): number {
    return this.q.length;
  }

  abstract find(id: number, promote: boolean): boolean;

  /**
   * An id is resident iff it is linked: it has a predecessor, or it is the head. (Unlinking resets
   * both links, so no separate residency array is needed: one memory access fewer per request.)
   */
  protected isResident(id: number): boolean {
    const pn = this.links.pn;
    return id < this.links.capacity && (pn[2 * id] !== NIL || this.q.head === id);
  }

  insert(id: number, size: number): void {
    if (id >= this.links.capacity) this.links.ensure(id);
    let sizes = this.sizes;
    if (sizes === null && size !== 1) sizes = this.sizes = this.sizesOfOnes();
    if (sizes !== null) {
      sizes.ensure(id);
      sizes.size[id] = size;
    }
    this.q.pushHead(id, size);
  }

  victim(): number {
    return this.q.tail;
  }

  evict(): number {
    const id = this.q.tail;
    if (id !== NIL) this.q.unlink(id, this.sizeOf(id));
    return id;
  }

  remove(id: number): boolean {
    if (!this.isResident(id)) return false;
    this.q.unlink(id, this.sizeOf(id));
    return true;
  }

  private sizeOf(id: number): number {
    const sizes = this.sizes;
    return sizes === null ? 1 : sizes.size[id];
  }

  /** The per-id sizes when the first size other than 1 arrives: every object so far had size 1. */
  private sizesOfOnes(): Sizes {
    const sizes = new Sizes(this.links.capacity);
    sizes.size.fill(1);
    return sizes;
  }

  /** Nothing is kept about an id once it has left the cache: nothing to forget. */
  forget(_id: number): void {}
}
