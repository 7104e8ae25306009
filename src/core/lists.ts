// Index-based doubly-linked lists and per-id sizes: the building blocks the queue-based policies
// (LRU, FIFO, SLRU, 2Q, ARC, S3-FIFO, …) share. No allocation per request: an id's links live at
// indices 2·id and 2·id + 1 of one Int32Array, and several queues may share one `Links` as long as an id is in at
// most one of them at a time.
import { grow } from "./grow.js";

export const NIL = -1;

/**
 * prev/next per id, interleaved: id's prev at 2·id, its next at 2·id + 1, so that the two links a
 * promotion reads share a cache line (two arrays cost a CPU-cache miss each on a large id space).
 */
export class Links {
  pn: Int32Array;
  constructor(ids: number) {
    const n = Math.max(16, ids);
    this.pn = new Int32Array(2 * n).fill(NIL);
  }
  /** Ids the links have room for. */
  get capacity(): number {
    return this.pn.length >>> 1;
  }
  /** Make room for `id` (call before linking an id that may be new). */
  ensure(id: number): void {
    if (2 * id + 1 >= this.pn.length) this.pn = grow(this.pn, 2 * id + 2, NIL);
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
    l.pn[2 * id] = NIL;
    l.pn[2 * id + 1] = this.head;
    if (this.head !== NIL) l.pn[2 * this.head] = id;
    else this.tail = id;
    this.head = id;
    this.length++;
    this.bytes += size;
  }

  unlink(id: number, size: number): void {
    const l = this.links;
    const p = l.pn[2 * id];
    const n = l.pn[2 * id + 1];
    if (p !== NIL) l.pn[2 * p + 1] = n;
    else this.head = n;
    if (n !== NIL) l.pn[2 * n] = p;
    else this.tail = p;
    l.pn[2 * id] = NIL;
    l.pn[2 * id + 1] = NIL;
    this.length--;
    this.bytes -= size;
  }

  /** Move a member to the head (LRU promotion). */
  toHead(id: number): void {
    if (this.head === id) return;
    const l = this.links;
    const p = l.pn[2 * id];
    const n = l.pn[2 * id + 1];
    l.pn[2 * p + 1] = n; // p exists: id is not the head
    if (n !== NIL) l.pn[2 * n] = p;
    else this.tail = p;
    l.pn[2 * id] = NIL;
    l.pn[2 * id + 1] = this.head;
    l.pn[2 * this.head] = id;
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
