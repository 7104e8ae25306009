// A dense set of integer ids with O(1) add, delete and uniform draw: what the sampling policies
// (Random, BeladySize) draw their victims from.
import { grow } from "./grow.js";
import { NIL } from "./lists.js";

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
