// LRU stack (reuse) distances in O(log M) per request: each object's weight (1, or its size in
// bytes) sits in a Fenwick tree at the slot of its last access; the distance of a re-access is the
// total weight of the slots after that one, i.e. of the distinct objects accessed since (Bennett &
// Kruskal's method, as used by Olken and by Niu et al. "PARDA"). Slots are handed out in access
// order; when they run out, the live objects are renumbered in order into the front of the tree,
// so the tree holds at most twice the objects ever live (O(N log M) time, O(M) memory).
//
// An object can be removed (fixed-size SHARDS drops objects from its sample); it then counts as
// never seen.

export class StackDistances {
  private tree: Float64Array;
  private slotObj: Int32Array;
  /** Per object: slot of its last access, -1 when not on the stack. */
  private last: Int32Array;
  private weight: Float64Array;
  private next = 1; // Fenwick trees are 1-based
  private live = 0;
  private total = 0;

  constructor(objectsHint = 1 << 16) {
    const slots = Math.max(1 << 12, 2 * objectsHint);
    this.tree = new Float64Array(slots + 1);
    this.slotObj = new Int32Array(slots + 1).fill(-1);
    this.last = new Int32Array(Math.max(16, objectsHint)).fill(-1);
    this.weight = new Float64Array(this.last.length);
  }

  /** Objects on the stack. */
  get size(): number {
    return this.live;
  }

  /**
   * Accesses `id` with weight `w`: returns the total weight of the distinct other objects accessed
   * since its previous access, or -1 on its first access (or first since removal). The object's
   * weight becomes `w`.
   */
  access(id: number, w: number): number {
    if (id >= this.last.length) this.growObjects(id + 1);
    if (this.next >= this.tree.length) this.compact();
    const tree = this.tree;
    const n = tree.length - 1;
    const p = this.last[id];
    let d = -1;
    if (p > 0) {
      // prefix sum up to p (inclusive), then drop the object's own weight from p
      let s = 0;
      for (let i = p; i > 0; i -= i & -i) s += tree[i];
      d = this.total - s;
      const old = this.weight[id];
      for (let i = p; i <= n; i += i & -i) tree[i] -= old;
      this.total -= old;
      this.slotObj[p] = -1;
    } else this.live++;
    const t = this.next++;
    for (let i = t; i <= n; i += i & -i) tree[i] += w;
    this.total += w;
    this.slotObj[t] = id;
    this.last[id] = t;
    this.weight[id] = w;
    return d;
  }

  /** Takes `id` off the stack (its next access is a first access). */
  remove(id: number): void {
    if (id >= this.last.length) return;
    const p = this.last[id];
    if (p <= 0) return;
    const tree = this.tree;
    const n = tree.length - 1;
    const w = this.weight[id];
    for (let i = p; i <= n; i += i & -i) tree[i] -= w;
    this.total -= w;
    this.slotObj[p] = -1;
    this.last[id] = -1;
    this.live--;
  }

  private growObjects(min: number): void {
    let len = this.last.length;
    while (len < min) len *= 2;
    const last = new Int32Array(len).fill(-1);
    last.set(this.last);
    const weight = new Float64Array(len);
    weight.set(this.weight);
    this.last = last;
    this.weight = weight;
  }

  /** Renumbers live objects into slots 1..live in access order; doubles the tree when over half full. */
  private compact(): void {
    const oldObj = this.slotObj;
    const slots = Math.max(this.tree.length - 1, 2 * (this.live + 1));
    const tree = new Float64Array(slots + 1);
    const slotObj = slots + 1 === oldObj.length ? oldObj : new Int32Array(slots + 1);
    let k = 0;
    for (let s = 1; s < this.next; s++) {
      const id = oldObj[s];
      if (id < 0) continue;
      k++;
      slotObj[k] = id;
      this.last[id] = k;
      tree[k] = this.weight[id];
    }
    slotObj.fill(-1, k + 1);
    // build the Fenwick tree in O(slots): push each node's sum to its parent
    for (let i = 1; i <= slots; i++) {
      const j = i + (i & -i);
      if (j <= slots) tree[j] += tree[i];
    }
    this.tree = tree;
    this.slotObj = slotObj;
    this.next = k + 1;
  }
}
