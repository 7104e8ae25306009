// A node-local slot map: global key (a u32 id, e.g. the trace's dense id or a live server's interned
// key) → local slot, a small integer that the node's eviction policy uses as its id. Slots are
// handed out from a free list (lowest reuse first: freed slots before new ones), so a policy's per-id
// arrays grow with what the node holds (residents and ghosts), not with the keys the trace has.
//
// Open addressing with linear probing on one Int32Array of [key, slot] cells (a probe reads one cache
// line, not one per array; no Map, no allocation per operation);
// deletion shifts the following entries back (no tombstones), so probe sequences stay short for a
// map that lives for days with keys coming and going. The table doubles at half load.
import { grow } from "../core/grow.js";
import { mix32 } from "../core/rng.js";

const EMPTY = -1;

export class SlotMap {
  /** Hash table: cell i is [key (its u32 bits), slot] at 2i, 2i + 1; slot EMPTY marks a free cell. */
  private t: Int32Array;
  private mask: number;
  /** Keys mapped. */
  size = 0;
  /** Per slot: its key (valid while the slot is in use). */
  keyOf: Uint32Array;
  /** Slots ever handed out: every slot is below this. */
  highWater = 0;
  private free: Int32Array;
  private freeLength = 0;

  constructor(expected = 1024) {
    let n = 16;
    while (n < expected * 2) n *= 2;
    this.t = emptyCells(n);
    this.mask = n - 1;
    this.keyOf = new Uint32Array(Math.max(16, expected));
    this.free = new Int32Array(16);
  }

  /** The slot of `key`, or -1 when it has none. */
  get(key: number): number {
    const t = this.t;
    const mask = this.mask;
    const k = key | 0;
    for (let i = mix32(key) & mask; ; i = (i + 1) & mask) {
      const s = t[2 * i + 1];
      if (s === EMPTY) return -1;
      if (t[2 * i] === k) return s;
    }
  }

  /** The slot of `key`, giving it a free one when it has none. */
  acquire(key: number): number {
    const t = this.t;
    const mask = this.mask;
    const k = key | 0;
    let i = mix32(key) & mask;
    for (; ; i = (i + 1) & mask) {
      const s = t[2 * i + 1];
      if (s === EMPTY) break;
      if (t[2 * i] === k) return s;
    }
    const slot = this.freeLength > 0 ? this.free[--this.freeLength] : this.highWater++;
    if (slot >= this.keyOf.length) this.keyOf = grow(this.keyOf, slot + 1);
    this.keyOf[slot] = key;
    t[2 * i] = k;
    t[2 * i + 1] = slot;
    if (++this.size * 2 > mask + 1) this.rehash((mask + 1) * 2);
    return slot;
  }

  /** Unmaps the key of `slot` and frees the slot for reuse. */
  release(slot: number): void {
    const key = this.keyOf[slot];
    const t = this.t;
    const mask = this.mask;
    let i = mix32(key) & mask;
    while (t[2 * i + 1] !== slot) {
      if (t[2 * i + 1] === EMPTY) throw new Error(`slot ${slot} is not in use`);
      i = (i + 1) & mask;
    }
    // backward-shift deletion: move later members of the probe run into the hole
    for (let j = (i + 1) & mask; t[2 * j + 1] !== EMPTY; j = (j + 1) & mask) {
      const home = mix32(t[2 * j] >>> 0) & mask;
      // the entry at j may move to i iff its home is not cyclically in (i, j]
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        t[2 * i] = t[2 * j];
        t[2 * i + 1] = t[2 * j + 1];
        i = j;
      }
    }
    t[2 * i + 1] = EMPTY;
    this.size--;
    if (this.freeLength === this.free.length) this.free = grow(this.free, this.freeLength + 1);
    this.free[this.freeLength++] = slot;
  }

  /** Bytes held by the map's arrays (for memory reports). */
  get bytes(): number {
    return this.t.byteLength + this.keyOf.byteLength + this.free.byteLength;
  }

  private rehash(n: number): void {
    const old = this.t;
    const t = emptyCells(n);
    const mask = n - 1;
    for (let j = 0; j < old.length; j += 2) {
      const s = old[j + 1];
      if (s === EMPTY) continue;
      let i = mix32(old[j] >>> 0) & mask;
      while (t[2 * i + 1] !== EMPTY) i = (i + 1) & mask;
      t[2 * i] = old[j];
      t[2 * i + 1] = s;
    }
    this.t = t;
    this.mask = mask;
  }
}

/** A table of n free cells. */
function emptyCells(n: number): Int32Array {
  const t = new Int32Array(2 * n);
  for (let i = 1; i < t.length; i += 2) t[i] = EMPTY;
  return t;
}
