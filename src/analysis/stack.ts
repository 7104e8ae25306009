// LRU stack (reuse) distances in O(log M) per request: each object's weight (1, or its size in
// bytes) sits in a Fenwick tree at the slot of its last access; the distance of a re-access is the
// total weight of the slots after that one, i.e. of the distinct objects accessed since (Bennett &
// Kruskal's method, as used by Olken and by Niu et al. "PARDA"). Slots are handed out in access
// order; when they run out, the live objects are renumbered in order into the front of the tree,
// so the tree holds at most twice the objects ever live (O(N log M) time, O(M) memory).
//
// Slots are grouped in blocks of 32: a block's total sits in a Fenwick tree small enough to stay in
// the CPU cache, and the part of a block up to a slot is summed directly.
//
// An object can be removed (fixed-size SHARDS drops objects from its sample); it then counts as
// never seen.

const SHIFT = 5; // 32 slots per block
const BLOCK = 1 << SHIFT;

export class StackDistances {
  /** Weight at each slot (0 when vacated); slot 0 unused. */
  private slotW: Float64Array;
  /** Fenwick tree over block sums (1-based: block b at index b + 1). */
  private tree: Float64Array;
  /** Object at each slot; a slot is live iff its object's last slot is still that slot. */
  private slotObj: Int32Array;
  /**
   * Per object, interleaved so that one cache line holds both: [2·id] the slot of its last access
   * (0 = not on the stack), [2·id + 1] a value the caller keeps with the object (−1 until set;
   * the curve passes keep the object's size there).
   */
  obj: Float64Array;
  private next = 1;
  private live = 0;
  private total = 0;

  constructor(objectsHint = 1 << 16) {
    const slots = roundSlots(2 * objectsHint);
    this.slotW = new Float64Array(slots);
    this.tree = new Float64Array((slots >> SHIFT) + 1);
    this.slotObj = new Int32Array(slots);
    this.obj = newObj(Math.max(16, objectsHint));
  }

  /** Objects on the stack. */
  get size(): number {
    return this.live;
  }

  /** Makes room for ids up to `id` in `obj` (which may be replaced: read it after calling this). */
  ensure(id: number): void {
    if (2 * id + 1 < this.obj.length) return;
    let len = this.obj.length >> 1;
    while (len <= id) len *= 2;
    const o = newObj(len);
    o.set(this.obj);
    this.obj = o;
  }

  /**
   * Accesses `id` (ensure(id) first) with weight `w`: returns the total weight of the distinct
   * other objects accessed since its previous access, or -1 on its first access (or first since
   * removal). The object's weight becomes `w`.
   */
  access(id: number, w: number): number {
    if (this.next >= this.slotW.length) this.compact();
    const tree = this.tree;
    const nt = tree.length - 1;
    const slotW = this.slotW;
    const obj = this.obj;
    const p = obj[2 * id];
    let d = -1;
    if (p > 0) {
      // weight in slots ≤ p: whole blocks before p's block (Fenwick), then p's block up to p
      const blk = p >> SHIFT;
      let s = 0;
      for (let i = blk; i > 0; i -= i & -i) s += tree[i];
      for (let k = blk << SHIFT; k <= p; k++) s += slotW[k];
      d = this.total - s;
      const old = slotW[p];
      slotW[p] = 0;
      for (let i = blk + 1; i <= nt; i += i & -i) tree[i] -= old;
      this.total -= old;
    } else this.live++;
    const t = this.next++;
    slotW[t] = w;
    for (let i = (t >> SHIFT) + 1; i <= nt; i += i & -i) tree[i] += w;
    this.total += w;
    this.slotObj[t] = id;
    obj[2 * id] = t;
    return d;
  }

  /** Takes `id` off the stack (its next access is a first access). */
  remove(id: number): void {
    if (2 * id >= this.obj.length) return;
    const p = this.obj[2 * id];
    if (p <= 0) return;
    const tree = this.tree;
    const nt = tree.length - 1;
    const w = this.slotW[p];
    this.slotW[p] = 0;
    for (let i = (p >> SHIFT) + 1; i <= nt; i += i & -i) tree[i] -= w;
    this.total -= w;
    this.obj[2 * id] = 0;
    this.live--;
  }

  /** Renumbers live objects into slots 1..live in access order; grows the slots when over half full. */
  private compact(): void {
    const oldObj = this.slotObj;
    const oldW = this.slotW;
    const obj = this.obj;
    const slots = Math.max(oldObj.length, roundSlots(2 * (this.live + 1)));
    const grown = slots !== oldObj.length;
    const slotObj = grown ? new Int32Array(slots) : oldObj;
    const slotW = grown ? new Float64Array(slots) : oldW;
    let k = 0;
    for (let s = 1; s < this.next; s++) {
      const id = oldObj[s];
      if (obj[2 * id] !== s) continue; // vacated: the object moved on or left
      k++;
      const w = oldW[s];
      slotObj[k] = id;
      slotW[k] = w;
      obj[2 * id] = k;
    }
    slotW.fill(0, k + 1);
    const nt = slots >> SHIFT;
    const tree = new Float64Array(nt + 1);
    for (let s = 1; s <= k; s++) tree[(s >> SHIFT) + 1] += slotW[s];
    for (let i = 1; i <= nt; i++) {
      const j = i + (i & -i);
      if (j <= nt) tree[j] += tree[i];
    }
    this.tree = tree;
    this.slotW = slotW;
    this.slotObj = slotObj;
    this.next = k + 1;
  }
}

function newObj(objects: number): Float64Array {
  const o = new Float64Array(2 * objects);
  for (let i = 1; i < o.length; i += 2) o[i] = -1;
  return o;
}

/** Slot count: a multiple of the block, at least 4096, with room for twice the objects. */
function roundSlots(n: number): number {
  return Math.max(1 << 12, Math.ceil(n / BLOCK) * BLOCK);
}
