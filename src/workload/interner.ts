// Interns object ids to dense ids 0, 1, 2, … in first-seen order, so that everything after the trace
// reader runs on small integers.
//
// 64-bit ids (given as two 32-bit halves) live in an open-addressing table with linear probing:
// one Uint32Array of 2-word slots (lo, dense id + 1), so a probe touches one cache line (8-byte
// slots never straddle one; 3-word slots did, and took half as much memory again). A slot whose lo
// matches is the id when its hi matches too: while every id seen has hi = 0 (ids below 2^32, most
// traces) the incoming hi = 0 says so; once one has not, hi is read from the originals kept per
// dense id. It grows by doubling at 75 % load and is sized by distinct objects, never by requests.
// (Measured on the 10 M-request benchmark trace: 75 % load reads 25 % faster than 50 %, the smaller
// table staying in cache.)
//
// Text traces may name objects by strings: a decimal id up to 2^64 - 1 is interned as the 64-bit
// number it spells (so "42" in a CSV and 42 in a binary trace are the same object, and leading
// zeros do not matter); anything else is a string key. String keys are decoded as latin1, which
// maps bytes to characters one to one, so they round-trip byte for byte whatever their encoding.
//
// String keys are kept as bytes, not as JS strings: each distinct key's bytes are appended to an
// arena of 16 MiB chunks, and a second open-addressing table holds [hash, dense id + 1] per key.
// There is no Map, so no 2^24-entry ceiling (a Twitter trace has hundreds of millions of keys), and
// a key costs its bytes plus ~28 bytes, not a JS string and a Map entry. A key is hashed straight
// from the reader's buffer: no string is made per request.
//
// Both tables hash with a key drawn at random per process (a keyed hash), so a hostile trace
// cannot be crafted to collide (200,000 chosen 64-bit ids used to take 66 s instead of 0.5 s).
// Dense ids are handed out in first-seen order whatever the hash, so results never depend on it.
//
// The original id of every dense id is kept (two Uint32Arrays grown by doubling; a string key's
// bytes in the arena) so that writers can write the ids the trace came with.

const TWO32 = 4294967296;

/** A random 32-bit key: collisions cannot be chosen in advance. */
function randomKey(): number {
  return (Math.random() * TWO32) >>> 0;
}

/** The hash key, drawn once per process: a trace cannot be crafted against it. */
const K0 = randomKey();
const K1 = randomKey() | 1;

const CHUNK = 1 << 24;
/** Positions in the arena: chunk × 2^32 + offset (exact in a double). */
const CHUNK_SCALE = TWO32;

export class Interner {
  /** Slots of 2 words [lo, dense id + 1 (0 = empty)]; the id's hi is origHi[id]. */
  private tab: Uint32Array;
  /** Some interned id has hi ≠ 0: a lo match must then check hi in origHi. */
  private wide = false;
  private mask: number;
  /** numeric ids in the table (string ids do not occupy it) */
  private used = 0;
  private origLo: Uint32Array;
  private origHi: Uint32Array;
  // --- string keys (allocated on the first one) ---
  /** Slots of 2 words [hash, dense id + 1 (0 = empty)]. */
  private stab: Uint32Array | undefined;
  private smask = 0;
  private sused = 0;
  /** Per dense id: arena position + 1 of its string key (0: a numeric id). */
  private spos: Float64Array | undefined;
  private slen: Uint32Array | undefined;
  private chunks: Buffer[] = [];
  private chunkAt = CHUNK;
  /** Distinct objects interned so far: the next dense id to be handed out. */
  size = 0;

  constructor(expected = 1 << 16) {
    let cap = 1 << 10;
    while (cap < expected * 2) cap *= 2;
    this.tab = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    this.origLo = new Uint32Array(Math.max(1024, expected));
    this.origHi = new Uint32Array(this.origLo.length);
  }

  /** The keyed slot hash of hi:lo. */
  private hash64(lo: number, hi: number): number {
    // two multiplies, as the unkeyed hash had; the secret xor and the secret odd multiplier make
    // slots unpredictable from the ids alone
    let h = Math.imul(lo ^ K0, K1);
    h = Math.imul(h ^ (h >>> 15) ^ hi, 0x85ebca6b);
    return h ^ (h >>> 13);
  }

  /** Dense id of the 64-bit id hi:lo, assigning the next one when unseen. */
  intern(lo: number, hi: number): number {
    const mask = this.mask;
    let i = this.hash64(lo, hi) & mask;
    const tab = this.tab;
    const narrow = !this.wide;
    for (;;) {
      const v = tab[2 * i + 1];
      if (v === 0) break;
      if (tab[2 * i] === lo && (narrow ? hi === 0 : this.origHi[v - 1] === hi)) return v - 1;
      i = (i + 1) & mask;
    }
    const id = this.size++;
    tab[2 * i] = lo;
    tab[2 * i + 1] = id + 1;
    if (hi !== 0) this.wide = true;
    if (id >= this.origLo.length) this.growOriginals();
    this.origLo[id] = lo;
    this.origHi[id] = hi;
    if (++this.used * 4 > mask * 3) this.rehash();
    return id;
  }

  /** Dense id for a number id (a non-negative integer up to 2^53). */
  internNumber(n: number): number {
    return this.intern(n >>> 0, Math.floor(n / TWO32) >>> 0);
  }

  /** Dense id for a key that is not a number (use internBytes for text straight from a trace). */
  internString(s: string): number {
    const b = Buffer.from(s, "latin1");
    return this.internKeyBytes(b, 0, b.length);
  }

  /** Dense id of the string key buf[start, end) (its bytes, never parsed as a number). */
  internKeyBytes(buf: Uint8Array, start: number, end: number): number {
    if (this.stab === undefined) {
      this.stab = new Uint32Array(2 << 10);
      this.smask = (1 << 10) - 1;
    }
    let h = K0 ^ 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    h = Math.imul(h ^ (h >>> 16), K1);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = (h ^ (h >>> 16)) >>> 0;
    const len = end - start;
    const stab = this.stab;
    const mask = this.smask;
    let i = h & mask;
    for (;;) {
      const v = stab[i * 2 + 1];
      if (v === 0) break;
      if (stab[i * 2] === h && this.sameKey(v - 1, buf, start, len)) return v - 1;
      i = (i + 1) & mask;
    }
    const id = this.size++;
    stab[i * 2] = h;
    stab[i * 2 + 1] = id + 1;
    if (id >= this.origLo.length) this.growOriginals();
    this.storeKey(id, buf, start, len);
    if (++this.sused * 4 > mask * 3) this.rehashStrings();
    return id;
  }

  private sameKey(id: number, buf: Uint8Array, start: number, len: number): boolean {
    if (this.slen![id] !== len) return false;
    const p = this.spos![id] - 1;
    const chunk = this.chunks[Math.floor(p / CHUNK_SCALE)];
    const off = p % CHUNK_SCALE;
    for (let k = 0; k < len; k++) if (chunk[off + k] !== buf[start + k]) return false;
    return true;
  }

  private storeKey(id: number, buf: Uint8Array, start: number, len: number): void {
    if (this.spos === undefined || this.spos.length < this.origLo.length) {
      const pos = new Float64Array(this.origLo.length);
      const l = new Uint32Array(this.origLo.length);
      if (this.spos) {
        pos.set(this.spos);
        l.set(this.slen!);
      }
      this.spos = pos;
      this.slen = l;
    }
    let last = this.chunks.length - 1;
    if (last < 0 || this.chunkAt + len > this.chunks[last].length) {
      this.chunks.push(Buffer.allocUnsafe(Math.max(CHUNK, len)));
      last++;
      this.chunkAt = 0;
    }
    this.chunks[last].set(buf.subarray(start, start + len), this.chunkAt);
    this.spos[id] = last * CHUNK_SCALE + this.chunkAt + 1;
    this.slen![id] = len;
    this.chunkAt += len;
  }

  private rehashStrings(): void {
    const old = this.stab!;
    const cap = (this.smask + 1) * 2;
    const tab = new Uint32Array(cap * 2);
    const mask = cap - 1;
    for (let j = 0; j < old.length; j += 2) {
      const v = old[j + 1];
      if (v === 0) continue;
      let i = old[j] & mask;
      while (tab[i * 2 + 1] !== 0) i = (i + 1) & mask;
      tab[i * 2] = old[j];
      tab[i * 2 + 1] = v;
    }
    this.stab = tab;
    this.smask = mask;
  }

  /**
   * Dense id for the key spelled by buf[start, end): a plain decimal number up to 2^64 - 1 is
   * interned as that number, anything else as a (latin1) string.
   */
  internBytes(buf: Buffer, start: number, end: number): number {
    const len = end - start;
    if (len > 0 && len <= 20) {
      // The first (up to) 15 digits are exact as a double; the rest (≤ 5) are folded into the
      // two 32-bit halves at once, so a 20-digit id costs two divisions, not twenty.
      const split = len > 15 ? start + 15 : end;
      let v = 0;
      let i = start;
      for (; i < split; i++) {
        const c = buf[i] - 48;
        if (c < 0 || c > 9) break;
        v = v * 10 + c;
      }
      if (i === end) return this.intern(v >>> 0, Math.floor(v / TWO32));
      if (i === split) {
        let g = 0;
        let p = 1;
        for (; i < end; i++) {
          const c = buf[i] - 48;
          if (c < 0 || c > 9) break;
          g = g * 10 + c;
          p *= 10;
        }
        if (i === end) {
          const x = (v >>> 0) * p + g;
          const hi = Math.floor(v / TWO32) * p + Math.floor(x / TWO32);
          if (hi < TWO32) return this.intern(x >>> 0, hi);
        }
      }
    }
    return this.internKeyBytes(buf, start, end);
  }

  /** Low 32 bits of the original id of dense id `id` (0 for a string key). */
  originalLo(id: number): number {
    return this.origLo[id];
  }

  /** High 32 bits of the original id of dense id `id` (0 for a string key). */
  originalHi(id: number): number {
    return this.origHi[id];
  }

  /** The original key when it was a string, else undefined. */
  originalString(id: number): string | undefined {
    const p = this.spos !== undefined && id < this.spos.length ? this.spos[id] : 0;
    if (p === 0) return undefined;
    const chunk = this.chunks[Math.floor((p - 1) / CHUNK_SCALE)];
    const off = (p - 1) % CHUNK_SCALE;
    return chunk.toString("latin1", off, off + this.slen![id]);
  }

  /** The original id: a number when it fits in 2^53, a bigint above, or the string key. */
  original(id: number): number | bigint | string {
    const s = this.originalString(id);
    if (s !== undefined) return s;
    const hi = this.origHi[id];
    const lo = this.origLo[id];
    if (hi < 0x200000) return hi * TWO32 + lo;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  private growOriginals(): void {
    const lo = new Uint32Array(this.origLo.length * 2);
    const hi = new Uint32Array(lo.length);
    lo.set(this.origLo);
    hi.set(this.origHi);
    this.origLo = lo;
    this.origHi = hi;
  }

  private rehash(): void {
    const old = this.tab;
    const cap = (this.mask + 1) * 2;
    const tab = new Uint32Array(cap * 2);
    const mask = cap - 1;
    const origHi = this.origHi;
    for (let j = 0; j < old.length; j += 2) {
      const v = old[j + 1];
      if (v === 0) continue;
      const l = old[j];
      let i = this.hash64(l, origHi[v - 1]) & mask;
      while (tab[i * 2 + 1] !== 0) i = (i + 1) & mask;
      tab[i * 2] = l;
      tab[i * 2 + 1] = v;
    }
    this.tab = tab;
    this.mask = mask;
  }
}
