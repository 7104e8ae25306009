// Growable per-id typed arrays and an index-based doubly-linked queue: the building blocks the
// queue-based policies (LRU, FIFO, SLRU, 2Q, ARC, S3-FIFO, …) share. No allocation per request:
// an id's links live at index `id` of two Int32Arrays, and several queues may share one `Links`
// as long as an id is in at most one of them at a time. Also here: the one-queue policy that LRU
// and FIFO both are (they differ only in whether a hit promotes), and the dense resident set with
// swap-remove that the sampling policies (Random, BeladySize) draw from.
import type { EvictionCtx, EvictionPolicy } from "./types.js";

/** Copies `a` into a larger array (at least `min` long, doubling), filling new slots with `fill`. */
export function grow<T extends Int32Array | Uint32Array | Uint8Array | Float64Array | Uint16Array>(
  a: T,
  min: number,
  fill = 0,
): T {
  let n = Math.max(16, a.length);
  while (n < min) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

export const NIL = -1;

/** prev/next per id. */
export class Links {
  prev: Int32Array;
  next: Int32Array;
  constructor(ids: number) {
    const n = Math.max(16, ids);
    this.prev = new Int32Array(n).fill(NIL);
    this.next = new Int32Array(n).fill(NIL);
  }
  /** Make room for `id` (call before linking an id that may be new). */
  ensure(id: number): void {
    if (id >= this.prev.length) {
      this.prev = grow(this.prev, id + 1, NIL);
      this.next = grow(this.next, id + 1, NIL);
    }
  }
}

/**
 * A queue over shared Links: head is the most recent end (insertion point), tail the oldest end
 * (eviction point). Tracks its length and the sum of its members' sizes.
 */
export class Queue {
  head = NIL;
  tail = NIL;
  length = 0;
  bytes = 0;
  constructor(readonly links: Links) {}

  pushHead(id: number, size: number): void {
    const l = this.links;
    l.prev[id] = NIL;
    l.next[id] = this.head;
    if (this.head !== NIL) l.prev[this.head] = id;
    else this.tail = id;
    this.head = id;
    this.length++;
    this.bytes += size;
  }

  unlink(id: number, size: number): void {
    const l = this.links;
    const p = l.prev[id];
    const n = l.next[id];
    if (p !== NIL) l.next[p] = n;
    else this.head = n;
    if (n !== NIL) l.prev[n] = p;
    else this.tail = p;
    l.prev[id] = NIL;
    l.next[id] = NIL;
    this.length--;
    this.bytes -= size;
  }

  /** Move a member to the head (LRU promotion). */
  toHead(id: number): void {
    if (this.head === id) return;
    const l = this.links;
    const p = l.prev[id];
    const n = l.next[id];
    l.next[p] = n; // p exists: id is not the head
    if (n !== NIL) l.prev[n] = p;
    else this.tail = p;
    l.prev[id] = NIL;
    l.next[id] = this.head;
    l.prev[this.head] = id;
    this.head = id;
  }

  /**
   * Ghost-list insertion (2Q's A1out, S3-FIFO's ghost): pushes `id` at the head, first forgetting
   * the oldest members until its `size` fits in `cap`. `sizes` holds every member's size; a
   * forgotten id's `where` entry becomes 0 (absent, in every policy's `where` array) and `id`'s
   * becomes `mark`. An id larger than `cap` is not remembered (and `where` is left alone).
   */
  remember(id: number, size: number, cap: number, sizes: Uint32Array, where: Uint8Array, mark: number): void {
    if (size > cap) return;
    while (this.bytes + size > cap) {
      const old = this.tail;
      this.unlink(old, sizes[old]);
      where[old] = 0;
    }
    this.pushHead(id, size);
    where[id] = mark;
  }
}
/** Per-id size and residency bookkeeping shared by policies. */
export class Sizes {
  size: Uint32Array;
  constructor(ids: number) {
    this.size = new Uint32Array(Math.max(16, ids));
  }
  ensure(id: number): void {
    if (id >= this.size.length) this.size = grow(this.size, id + 1);
  }
}

/**
 * The eviction policy over one Queue that LRU and FIFO both are: new objects enter at the head and
 * the victim is the tail. Only what a hit does tells them apart, so that is all each one's file adds,
 * as its own `find` (LRU moves the object back to the head, FIFO changes nothing): each class keeps
 * a `find` of its own, with no per-hit test of which policy it is.
 */
export abstract class SingleQueuePolicy implements EvictionPolicy {
  private readonly links: Links;
  protected readonly q: Queue;
  private readonly sizes: Sizes;

  constructor(ctx: EvictionCtx) {
    this.links = new Links(ctx.ids);
    this.q = new Queue(this.links);
    this.sizes = new Sizes(ctx.ids);
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
    const prev = this.links.prev;
    return id < prev.length && (prev[id] !== NIL || this.q.head === id);
  }

  insert(id: number, size: number): void {
    if (id >= this.links.prev.length) {
      this.links.ensure(id);
      this.sizes.ensure(id);
    }
    this.sizes.size[id] = size;
    this.q.pushHead(id, size);
  }

  victim(): number {
    return this.q.tail;
  }

  evict(): number {
    const id = this.q.tail;
    if (id !== NIL) this.q.unlink(id, this.sizes.size[id]);
    return id;
  }

  remove(id: number): boolean {
    if (!this.isResident(id)) return false;
    this.q.unlink(id, this.sizes.size[id]);
    return true;
  }
}

/**
 * A dense set of ids: the members are `members[0..length)` in no particular order, and `slot[id]` is
 * a member's index there, NIL for any other id (values below NIL are left to the owner, which may
 * mark non-members with them). Adding appends; deleting moves the last member into the hole; both
 * are O(1), and a uniform index below `length` is a uniform member. The order, and so every seeded
 * draw over it, depends only on the sequence of adds and deletes.
 */
export class DenseSet {
  members: Int32Array;
  slot: Int32Array;
  length = 0;

  /** `ids`: how many ids to expect (slot's initial size); `capacity`: a bound on the members. */
  constructor(ids: number, capacity: number) {
    const n = Math.max(16, ids);
    this.slot = new Int32Array(n).fill(NIL);
    this.members = new Int32Array(Math.max(16, Math.min(n, Math.ceil(capacity) + 1)));
  }

  /** Make room for `id` in `slot` (call before adding an id that may be new). */
  ensure(id: number): void {
    if (id >= this.slot.length) this.slot = grow(this.slot, id + 1, NIL);
  }

  /** Adds a non-member. */
  add(id: number): void {
    const i = this.length++;
    if (i === this.members.length) this.members = grow(this.members, i + 1);
    this.members[i] = id;
    this.slot[id] = i;
  }

  /** Deletes a member: the last member takes its slot. */
  delete(id: number): void {
    const s = this.slot[id];
    const moved = this.members[--this.length];
    this.members[s] = moved;
    this.slot[moved] = s;
    this.slot[id] = NIL;
  }
}
