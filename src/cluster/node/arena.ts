// A slab arena for the node's keys and values: memcached's slab allocator (Fitzpatrick 2004,
// "Distributed caching with memcached", Linux Journal; memcached's slabs.c) in typed arrays, so the
// keyspace holds no JavaScript object per entry — a V8 Buffer per value costs about 100 bytes of
// object and backing-store headers on top of the bytes, which doubles the memory of 100-byte values.
//
// A chunk holds one entry's key bytes followed by its value bytes. Chunk sizes come in classes: 8-byte
// steps from 48 to 512 bytes, then growing by a factor (1.125; memcached's -f, 1.25 there) up to a
// quarter of a page; a
// class allocates 1 MiB pages and carves them into equal chunks. A freed chunk goes on its class's
// free list (a Float64Array stack of locations) and is reused first. An entry larger than the largest
// class gets a page of its own (a dedicated Buffer), returned to the runtime when freed.
//
// A location is one number: page × 2^20 + offset (an exact integer in a double), so a keyspace keeps
// it in a Float64Array. Waste: under 8 bytes per chunk up to 512 bytes, then at most 12.5 % (memcached's trade-off for no
// fragmentation), and pages of a class that once held more than it holds now are not returned
// (memcached's behaviour without its slab rebalancer). `reset()` drops everything (FLUSHALL).
//
// Parameters: `factor` (chunk growth above 512 bytes, 1.125), pages of 1 MiB, smallest chunk 48 bytes.

const PAGE_SHIFT = 20;
const PAGE = 1 << PAGE_SHIFT;
const MIN_CHUNK = 48;
/** Class id of an entry with a page of its own. */
export const DEDICATED = 255;

export class Arena {
  /** Every page, by index; a freed dedicated page is null until reused. */
  pages: (Buffer | null)[] = [];
  /** Chunk size of each class. */
  readonly sizes: number[] = [];
  private free: Float64Array[] = [];
  private freeLength: number[] = [];
  /** Per class: the page being carved, and how far. */
  private carvePage: number[] = [];
  private carveOff: number[] = [];
  private freePages: number[] = [];
  /** Bytes of pages allocated (what the arena costs the process). */
  pageBytes = 0;

  constructor(factor = 1.125) {
    // 8-byte steps up to 512 bytes (small entries are the common case, and waste there is the
    // largest share), then growing by `factor`
    let s = MIN_CHUNK;
    while (s <= PAGE / 4 && this.sizes.length < 250) {
      this.sizes.push(s);
      s = s < 512 ? s + 8 : Math.ceil((s * factor) / 8) * 8;
    }
    for (let c = 0; c < this.sizes.length; c++) {
      this.free.push(new Float64Array(16));
      this.freeLength.push(0);
      this.carvePage.push(-1);
      this.carveOff.push(PAGE);
    }
  }

  /** The class of an entry of n bytes (DEDICATED when larger than every class). */
  classOf(n: number): number {
    const sizes = this.sizes;
    if (n > sizes[sizes.length - 1]) return DEDICATED;
    // binary search: first class whose chunk holds n
    let lo = 0;
    let hi = sizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sizes[mid] >= n) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Bytes a chunk of class c holds (n for a dedicated page of n bytes). */
  capacityOf(c: number, n: number): number {
    return c === DEDICATED ? n : this.sizes[c];
  }

  /** Allocates a chunk of class c (n bytes for DEDICATED); returns its location. */
  alloc(c: number, n: number): number {
    if (c === DEDICATED) {
      const buf = Buffer.allocUnsafe(n);
      this.pageBytes += n;
      const p = this.freePages.length > 0 ? this.freePages.pop()! : this.pages.length;
      if (p === this.pages.length) this.pages.push(buf);
      else this.pages[p] = buf;
      return p * PAGE;
    }
    if (this.freeLength[c] > 0) return this.free[c][--this.freeLength[c]];
    const size = this.sizes[c];
    if (this.carveOff[c] + size > PAGE) {
      const p = this.freePages.length > 0 ? this.freePages.pop()! : this.pages.length;
      const buf = Buffer.allocUnsafe(PAGE);
      this.pageBytes += PAGE;
      if (p === this.pages.length) this.pages.push(buf);
      else this.pages[p] = buf;
      this.carvePage[c] = p;
      this.carveOff[c] = 0;
    }
    const loc = this.carvePage[c] * PAGE + this.carveOff[c];
    this.carveOff[c] += size;
    return loc;
  }

  /** Returns a chunk of class c at loc. */
  release(c: number, loc: number): void {
    if (c === DEDICATED) {
      const p = Math.floor(loc / PAGE);
      this.pageBytes -= this.pages[p]!.length;
      this.pages[p] = null;
      this.freePages.push(p);
      return;
    }
    let f = this.free[c];
    if (this.freeLength[c] === f.length) {
      const g = new Float64Array(f.length * 2);
      g.set(f);
      this.free[c] = f = g;
    }
    f[this.freeLength[c]++] = loc;
  }

  /** The page holding loc. */
  page(loc: number): Buffer {
    return this.pages[Math.floor(loc / PAGE)]!;
  }

  /**
   * The offset of loc in its page: its low 20 bits. `&` truncates the double to 32 bits (exact for
   * these low bits at any page number) inline, where `%` on a double is a call to fmod (≈ 15× slower
   * measured; this runs several times per GET).
   */
  static offset(loc: number): number {
    return loc & (PAGE - 1);
  }

  /** Drops every page (FLUSHALL). */
  reset(): void {
    this.pages = [];
    this.freePages = [];
    this.pageBytes = 0;
    for (let c = 0; c < this.sizes.length; c++) {
      this.freeLength[c] = 0;
      this.carvePage[c] = -1;
      this.carveOff[c] = PAGE;
    }
  }
}
