// Interns 64-bit object ids (given as two 32-bit halves) to dense ids 0, 1, 2, … in first-seen
// order. Open addressing with linear probing over typed arrays; it grows by doubling at 50 % load
// and is sized by distinct objects, never by requests.

export class Interner {
  private lo: Uint32Array;
  private hi: Uint32Array;
  /** dense id + 1 per slot; 0 = empty */
  private val: Uint32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1 << 16) {
    let cap = 1 << 10;
    while (cap < expected * 2) cap *= 2;
    this.lo = new Uint32Array(cap);
    this.hi = new Uint32Array(cap);
    this.val = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  /** Dense id of the 64-bit id hi:lo, assigning the next one when unseen. */
  intern(lo: number, hi: number): number {
    const mask = this.mask;
    let h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
    h ^= h >>> 15;
    let i = h & mask;
    const val = this.val;
    for (;;) {
      const v = val[i];
      if (v === 0) break;
      if (this.lo[i] === lo && this.hi[i] === hi) return v - 1;
      i = (i + 1) & mask;
    }
    const id = this.size++;
    this.lo[i] = lo;
    this.hi[i] = hi;
    val[i] = id + 1;
    if (this.size * 2 > mask) this.rehash();
    return id;
  }

  /** Dense id for a number id (up to 2^53). */
  internNumber(n: number): number {
    return this.intern(n >>> 0, Math.floor(n / 4294967296) >>> 0);
  }

  private rehash(): void {
    const { lo, hi, val } = this;
    const cap = val.length * 2;
    this.lo = new Uint32Array(cap);
    this.hi = new Uint32Array(cap);
    this.val = new Uint32Array(cap);
    this.mask = cap - 1;
    const mask = this.mask;
    for (let j = 0; j < val.length; j++) {
      const v = val[j];
      if (v === 0) continue;
      const l = lo[j];
      const k = hi[j];
      let h = Math.imul(l ^ Math.imul(k, 0x85ebca6b), 0x9e3779b1);
      h ^= h >>> 15;
      let i = h & mask;
      while (this.val[i] !== 0) i = (i + 1) & mask;
      this.lo[i] = l;
      this.hi[i] = k;
      this.val[i] = v;
    }
  }
}
