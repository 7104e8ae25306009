// A node-local slot map: global key (a u32 id, e.g. the trace's dense id or a live server's interned
// key) → local slot, a small integer that the node's eviction policy uses as its id. Slots are
// handed out from a free list (lowest reuse first: freed slots before new ones), so a policy's per-id
// arrays grow with what the node holds (residents and ghosts), not with the keys the trace has.
//
// Open addressing with linear probing on two Int32Arrays (no Map, no allocation per operation);
// deletion shifts the following entries back (no tombstones), so probe sequences stay short for a
// map that lives for days with keys coming and going. The table doubles at half load.
import { grow } from "../core/grow.js";
import { mix32 } from "../core/rng.js";

const EMPTY = -1;

export class SlotMap {
  /** Hash table: key and its slot per cell; slot EMPTY marks a free cell. */
  private tKey: Uint32Array;
  private tSlot: Int32Array;
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
    this.tKey = new Uint32Array(n);
    this.tSlot = new Int32Array(n).fill(EMPTY);
    this.mask = n - 1;
    this.keyOf = new Uint32Array(Math.max(16, expected));
    this.free = new Int32Array(16);
  }

  /** The slot of `key`, or -1 when it has none. */
  get(key: number): number {
    const tKey = this.tKey;
    const tSlot = this.tSlot;
    const mask = this.mask;
    for (let i = mix32(key) & mask; ; i = (i + 1) & mask) {
      const s = tSlot[i];
      if (s === EMPTY) return -1;
      if (tKey[i] === key) return s;
    }
  }

  /** The slot of `key`, giving it a free one when it has none. */
  acquire(key: number): number {
    const tKey = this.tKey;
    const tSlot = this.tSlot;
    const mask = this.mask;
    let i = mix32(key) & mask;
    for (; ; i = (i + 1) & mask) {
      const s = tSlot[i];
      if (s === EMPTY) break;
      if (tKey[i] === key) return s;
    }
    const slot = this.freeLength > 0 ? this.free[--this.freeLength] : this.highWater++;
    if (slot >= this.keyOf.length) this.keyOf = grow(this.keyOf, slot + 1);
    this.keyOf[slot] = key;
    tKey[i] = key;
    tSlot[i] = slot;
    if (++this.size * 2 > tSlot.length) this.rehash(tSlot.length * 2);
    return slot;
  }

  /** Unmaps the key of `slot` and frees the slot for reuse. */
  release(slot: number): void {
    const key = this.keyOf[slot];
    const tKey = this.tKey;
    const tSlot = this.tSlot;
    const mask = this.mask;
    let i = mix32(key) & mask;
    while (tSlot[i] !== slot) {
      if (tSlot[i] === EMPTY) throw new Error(`slot ${slot} is not in use`);
      i = (i + 1) & mask;
    }
    // backward-shift deletion: move later members of the probe run into the hole
    for (let j = (i + 1) & mask; tSlot[j] !== EMPTY; j = (j + 1) & mask) {
      const home = mix32(tKey[j]) & mask;
      // the entry at j may move to i iff its home is not cyclically in (i, j]
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        tKey[i] = tKey[j];
        tSlot[i] = tSlot[j];
        i = j;
      }
    }
    tSlot[i] = EMPTY;
    this.size--;
    if (this.freeLength === this.free.length) this.free = grow(this.free, this.freeLength + 1);
    this.free[this.freeLength++] = slot;
  }

  /** Bytes held by the map's arrays (for memory reports). */
  get bytes(): number {
    return this.tKey.byteLength + this.tSlot.byteLength + this.keyOf.byteLength + this.free.byteLength;
  }

  private rehash(n: number): void {
    const oldKey = this.tKey;
    const oldSlot = this.tSlot;
    const tKey = new Uint32Array(n);
    const tSlot = new Int32Array(n).fill(EMPTY);
    const mask = n - 1;
    for (let j = 0; j < oldSlot.length; j++) {
      const s = oldSlot[j];
      if (s === EMPTY) continue;
      let i = mix32(oldKey[j]) & mask;
      while (tSlot[i] !== EMPTY) i = (i + 1) & mask;
      tKey[i] = oldKey[j];
      tSlot[i] = s;
    }
    this.tKey = tKey;
    this.tSlot = tSlot;
    this.mask = mask;
  }
}
