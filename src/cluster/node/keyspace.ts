// The node's keyspace: binary keys → binary values, held in typed arrays and a slab arena (no
// JavaScript object per entry), with the memory limit enforced by an eviction policy through the
// engine's CacheNode in slot mode — the same policy modules, the same request semantics as the
// simulator (src/engine/node.ts).
//
// Layout. An entry lives at an engine slot s (the policy's id for it), in a 32-byte record per slot
// (one cache line holds every field a request reads): its chunk in the Arena (key bytes then value
// bytes), key and value lengths, chunk class, key hash, expiry (ms since the epoch, 0 = none) and a
// live flag. Keys are found through an open-
// addressing table of slots (linear probing, backward-shift deletion, ≤ 50 % load) keyed by a
// seeded 32-bit MurmurHash3 of the key bytes (a random seed per process: a client cannot choose keys
// that collide). About 40 bytes of arrays per entry plus the engine's slot map and the policy's
// per-id arrays: see `OVERHEAD` and docs/node.md for the measurement.
//
// The engine's key is a u32 "key id": the key's hash, re-probed (golden-ratio steps) past ids held by
// another live key. Using the hash, not a counter, means a key evicted and written again comes back
// under the same id, so policies with ghost state (S3-FIFO's ghost queue, ARC's B1/B2, 2Q's A1out)
// recognise it, as libCacheSim's and the S3-FIFO authors' hashed ghost queues do. Two keys that share
// a 32-bit hash at different times can share ghost state (probability ≈ keys / 2^32: a statistic,
// never a wrong reply — replies come from this table, which compares bytes).
//
// Accounting. Every entry costs `key + value + OVERHEAD` bytes toward `maxmemory`; the engine evicts
// (through the policy) until a write fits, so used memory never exceeds the limit. A write larger than
// the limit is refused (Redis's OOM error); a write the policy's own rule refuses (`admits`, e.g.
// S3-FIFO's small queue is smaller than the object) is a bypass: the key is not stored.
//
// Requests. GET = engine.lookup (a request; a hit promotes), SET = lookup + store (as the simulator
// replays a SET: a request, write-allocate) except right after a GET miss of the same key, where it
// is the look-aside fill of that miss (engine.fill: store only, so the GET and its fill are one
// request whose miss inserts, as the simulator replays a GET), DEL = remove (not a request). TTLs
// are kept here, not in the engine (its expiry does not call the eviction hook, so the value would
// leak): lazily on access,
// and actively by sampling, as Redis's activeExpireCycle does (below).
import { DenseSet } from "../../core/dense-set.js";
import { CacheNode } from "../../engine/node.js";
import { SlotMap } from "../../engine/slots.js";
import type { EvictionPolicy } from "../../policies/eviction/types.js";
import { Arena, DEDICATED } from "./arena.js";
import { copyBytes } from "./resp.js";

/** Bytes counted per entry on top of its key and value (see docs/node.md for what it covers). */
export const OVERHEAD = 64;
const EMPTY = -1;
/** Keys one `prefetch` call takes at most. */
export const PREFETCH_MAX = 64;
// field offsets in a slot's 32-byte record (see Keyspace.f64): f64 index (slot << 2) + …, u32 index
// (slot << 3) + …, byte (slot << 5) + …; the chunk location is f64 (slot << 2)
const EXPIRE = 1;
const KLEN = 4;
const VLEN = 5;
const HASH = 6;
const CLS = 28;
const LIVE = 29;

export type WriteResult = "stored" | "oom" | "bypass";

export interface KeyspaceCounters {
  hits: number;
  misses: number;
  expired: number;
}

export class Keyspace {
  readonly node: CacheNode;
  readonly arena = new Arena();
  readonly stats: KeyspaceCounters = { hits: 0, misses: 0, expired: 0 };
  /** Live entries. */
  count = 0;

  private table: Int32Array;
  private mask: number;
  // Per slot, one 32-byte record (the fields a request reads share a cache line; seven separate
  // arrays cost a cache miss each on a large keyspace): f64 [0] chunk location, [1] expiry (ms
  // epoch, 0 = none); u32 [4] key length, [5] value length, [6] key hash; u8 [28] chunk class,
  // [29] live.
  private cap = 1024;
  private f64 = new Float64Array(1024 * 4);
  private u32 = new Uint32Array(this.f64.buffer);
  private u8 = new Uint8Array(this.f64.buffer);
  /** Slots with a TTL, for active expiry by sampling. */
  private volatile = new DenseSet(1024, 1024);
  private readonly seed: number;
  /** Hash of the last key hashed (see `find`). */
  h = 0;

  /**
   * `createPolicy` gets the slot map to pass as the policy's `ctx.keys` (sketch-based policies hash
   * the key a slot holds); `seed` seeds the key hash (random by default).
   */
  constructor(
    createPolicy: (keys: SlotMap) => EvictionPolicy,
    maxmemory: number,
    name = "keyspace",
    seed = (Math.random() * 0x100000000) >>> 0,
  ) {
    this.seed = seed;
    this._maxmemory = maxmemory;
    const keys = new SlotMap(1024);
    this.node = new CacheNode(createPolicy(keys), { capacity: maxmemory, slots: keys, name });
    this.node.onEvict = (kid) => this.evicted(kid);
    this.table = new Int32Array(2048).fill(EMPTY);
    this.mask = 2047;
  }

  private _maxmemory: number;

  /** The limit in bytes on keys, values and per-entry overhead. */
  get maxmemory(): number {
    return this._maxmemory;
  }

  /**
   * CONFIG SET maxmemory: a new limit. Shrinking evicts through the policy until used ≤ limit (the
   * engine's `setCapacity`; each victim's entry is freed by the eviction hook). Returns the victims.
   */
  setMaxmemory(bytes: number): number {
    this._maxmemory = bytes;
    return this.node.setCapacity(bytes);
  }

  /** Bytes counted toward maxmemory (keys, values, per-entry overhead). */
  get used(): number {
    return this.node.policy.usedBytes;
  }

  get evictions(): number {
    return this.node.counters.values.evictions;
  }

  /** Keys with a TTL. */
  get volatileCount(): number {
    return this.volatile.length;
  }

  /** The page of an entry's chunk, and where its value starts and ends there. */
  page(s: number): Buffer {
    return this.arena.page(this.f64[s << 2]);
  }
  valueStart(s: number): number {
    return Arena.offset(this.f64[s << 2]) + this.u32[(s << 3) + KLEN];
  }
  valueLength(s: number): number {
    return this.u32[(s << 3) + VLEN];
  }
  keyStart(s: number): number {
    return Arena.offset(this.f64[s << 2]);
  }
  keyLength(s: number): number {
    return this.u32[(s << 3) + KLEN];
  }
  ttlAt(s: number): number {
    return this.f64[(s << 2) + EXPIRE];
  }

  /**
   * The slot of key b[ks, ke), or -1; an entry whose TTL has passed at `now` (ms) is expired first.
   * Leaves the key's hash in `h` for a write that follows.
   */
  find(b: Uint8Array, ks: number, ke: number, now: number): number {
    const h = (this.h = murmur3(b, ks, ke, this.seed));
    const table = this.table;
    const mask = this.mask;
    const len = ke - ks;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = table[i];
      if (s === EMPTY) return -1;
      if (this.u32[(s << 3) + HASH] === h && this.u32[(s << 3) + KLEN] === len && this.sameKey(s, b, ks, len)) {
        const at = this.f64[(s << 2) + EXPIRE];
        if (at !== 0 && at <= now) {
          this.expireEntry(s);
          return -1;
        }
        return s;
      }
    }
  }

  /**
   * Touches the memory `find` will read for the keys b[ks[k], ke[k]), k < n — each key's table
   * cell, then its slot's record, then its chunk — one stage for all keys before the next, so the
   * CPU's cache misses of different keys overlap (each stage's loads are independent of each
   * other) instead of coming one after another as the commands run. Changes nothing; the result
   * is only kept so that the loads are not optimised away.
   */
  prefetch(b: Uint8Array, ks: Int32Array, ke: Int32Array, n: number): void {
    const table = this.table;
    const mask = this.mask;
    const seed = this.seed;
    const slots = this.prefetchSlots;
    for (let k = 0; k < n; k++) slots[k] = table[murmur3(b, ks[k], ke[k], seed) & mask];
    const f64 = this.f64;
    const locs = this.prefetchLocs;
    for (let k = 0; k < n; k++) {
      const s = slots[k];
      locs[k] = s >= 0 && s < this.cap && this.u8[(s << 5) + LIVE] === 1 ? f64[s << 2] : -1;
    }
    let acc = 0;
    for (let k = 0; k < n; k++) {
      const loc = locs[k];
      if (loc < 0) continue;
      const page = this.arena.page(loc);
      if (page !== undefined) acc += page[Arena.offset(loc)];
    }
    this.prefetched = acc;
  }
  private readonly prefetchSlots = new Int32Array(PREFETCH_MAX);
  private readonly prefetchLocs = new Float64Array(PREFETCH_MAX);
  /** The sum of the bytes `prefetch` read (nothing uses it). */
  prefetched = 0;

  private sameKey(s: number, b: Uint8Array, ks: number, len: number): boolean {
    const page = this.arena.page(this.f64[s << 2]);
    const off = Arena.offset(this.f64[s << 2]);
    for (let k = 0; k < len; k++) if (page[off + k] !== b[ks + k]) return false;
    return true;
  }

  /** A read of slot s (or of an absent key with hash `h` when s < 0): one engine request. */
  read(s: number): void {
    const node = this.node;
    if (s >= 0) {
      this.stats.hits++;
      node.lookupSlot(s, this.u32[(s << 3) + KLEN] + this.u32[(s << 3) + VLEN] + OVERHEAD);
    } else {
      this.stats.misses++;
      // the engine sees the miss too (its counters, a policy's ghost check) unless another live key holds the id
      const kid = this.h;
      if (!this.liveKid(kid)) node.lookup(kid, 0);
    }
  }

  private liveKid(kid: number): boolean {
    const s = this.node.localId(kid);
    return s >= 0 && s < this.cap && this.u8[(s << 5) + LIVE] === 1;
  }

  /**
   * Writes value v[vs, ve) at key k[ks, ke) (slot `s` from `find`, or -1; `find` must have been the
   * last call so that `h` is the key's hash). `expireAt`: ms epoch, 0 = none, -1 = keep the current
   * TTL (SET … KEEPTTL, APPEND, INCR). Returns the new slot, or -1 with `lastWrite` saying why.
   */
  write(
    s: number,
    k: Uint8Array,
    ks: number,
    ke: number,
    v: Uint8Array,
    vs: number,
    ve: number,
    expireAt: number,
  ): number {
    const klen = ke - ks;
    const vlen = ve - vs;
    const size = klen + vlen + OVERHEAD;
    if (size > this.maxmemory) {
      this.lastWrite = "oom";
      if (s >= 0) this.delete(s);
      return -1;
    }
    const node = this.node;
    if (s >= 0) {
      const keep = this.f64[(s << 2) + EXPIRE];
      node.lookupSlot(s, this.u32[(s << 3) + KLEN] + this.u32[(s << 3) + VLEN] + OVERHEAD);
      if (!node.storeSlot(s, size)) {
        this.drop(s);
        this.lastWrite = "bypass";
        return -1;
      }
      // the slot of a resident key does not change
      const c = this.arena.classOf(size - OVERHEAD);
      if (c !== this.u8[(s << 5) + CLS] || c === DEDICATED) {
        this.arena.release(this.u8[(s << 5) + CLS], this.f64[s << 2]);
        this.u8[(s << 5) + CLS] = c;
        this.f64[s << 2] = this.arena.alloc(c, klen + vlen);
        const page = this.arena.page(this.f64[s << 2]);
        copyBytes(k, ks, ke, page, Arena.offset(this.f64[s << 2]));
      }
      this.copyValue(s, v, vs, ve);
      this.setExpiry(s, expireAt === -1 ? keep : expireAt);
      this.lastWrite = "stored";
      return s;
    }
    let kid = this.h;
    while (this.liveKid(kid)) kid = (kid + 0x9e3779b9) >>> 0;
    // right after a GET miss of this key (nothing else in between) this is the look-aside fill of
    // that miss: stored without a second request, as the simulator replays a GET miss
    if (!node.fill(kid, size)) {
      this.lastWrite = "bypass";
      return -1;
    }
    const slot = node.localId(kid);
    this.ensure(slot);
    const c = this.arena.classOf(klen + vlen);
    const loc = this.arena.alloc(c, klen + vlen);
    this.f64[slot << 2] = loc;
    this.u8[(slot << 5) + CLS] = c;
    this.u32[(slot << 3) + KLEN] = klen;
    this.u32[(slot << 3) + HASH] = this.h;
    this.u8[(slot << 5) + LIVE] = 1;
    this.f64[(slot << 2) + EXPIRE] = 0;
    const page = this.arena.page(loc);
    copyBytes(k, ks, ke, page, Arena.offset(loc));
    this.copyValue(slot, v, vs, ve);
    if (expireAt > 0) this.setExpiry(slot, expireAt);
    this.insertTable(slot, this.h);
    this.count++;
    this.lastWrite = "stored";
    return slot;
  }

  lastWrite: WriteResult = "stored";

  private copyValue(s: number, v: Uint8Array, vs: number, ve: number): void {
    const page = this.arena.page(this.f64[s << 2]);
    copyBytes(v, vs, ve, page, Arena.offset(this.f64[s << 2]) + this.u32[(s << 3) + KLEN]);
    this.u32[(s << 3) + VLEN] = ve - vs;
  }

  /** Sets or clears (0) the TTL of a live entry. */
  setExpiry(s: number, at: number): void {
    const had = this.f64[(s << 2) + EXPIRE] !== 0;
    this.f64[(s << 2) + EXPIRE] = at;
    if (at !== 0 && !had) {
      this.volatile.ensure(s);
      this.volatile.add(s);
    } else if (at === 0 && had) this.volatile.delete(s);
  }

  /** DEL: removes a live entry (not a request). */
  delete(s: number): void {
    this.node.remove(this.node.keyOf(s));
    this.drop(s);
  }

  private expireEntry(s: number): void {
    this.node.remove(this.node.keyOf(s));
    this.drop(s);
    this.stats.expired++;
  }

  /** Called with an entry's slot when the policy evicts it, before it is freed (a primary's replication). */
  onEvicted: ((s: number) => void) | null = null;

  /** The engine evicted `kid`: free its entry (its slot is still mapped while the hook runs). */
  private evicted(kid: number): void {
    const s = this.node.localId(kid);
    if (s >= 0 && s < this.cap && this.u8[(s << 5) + LIVE] === 1) {
      if (this.onEvicted !== null) this.onEvicted(s);
      this.drop(s);
    }
  }

  /** Frees an entry's chunk, table cell and TTL (the engine already forgot it as resident). */
  private drop(s: number): void {
    this.arena.release(this.u8[(s << 5) + CLS], this.f64[s << 2]);
    this.removeTable(s);
    if (this.f64[(s << 2) + EXPIRE] !== 0) {
      this.f64[(s << 2) + EXPIRE] = 0;
      this.volatile.delete(s);
    }
    this.u8[(s << 5) + LIVE] = 0;
    this.count--;
  }

  /** FLUSHALL: removes every entry (each one through the engine, so the policy is emptied too). */
  flush(): void {
    const node = this.node;
    for (let s = 0; s < this.cap; s++) {
      if (this.u8[(s << 5) + LIVE] !== 1) continue;
      node.remove(node.keyOf(s));
      this.u8[(s << 5) + LIVE] = 0;
      this.f64[(s << 2) + EXPIRE] = 0;
    }
    while (this.volatile.length > 0) this.volatile.delete(this.volatile.members[0]);
    this.table.fill(EMPTY);
    this.arena.reset();
    this.count = 0;
  }

  /**
   * Active expiry, as Redis's activeExpireCycle: sample 20 keys with a TTL, expire those past due,
   * and repeat while more than a quarter of a sample had expired, within `budgetMs`. Returns how
   * many it expired.
   */
  activeExpire(now: number, budgetMs = 25): number {
    const start = performance.now();
    let total = 0;
    const vol = this.volatile;
    for (let round = 0; ; round++) {
      if (vol.length === 0) return total;
      let expired = 0;
      const n = Math.min(20, vol.length);
      for (let k = 0; k < n && vol.length > 0; k++) {
        const s = vol.members[(Math.random() * vol.length) | 0];
        const at = this.f64[(s << 2) + EXPIRE];
        if (at !== 0 && at <= now) {
          this.expireEntry(s);
          expired++;
        }
      }
      total += expired;
      if (expired * 4 <= n) return total;
      if ((round & 15) === 15 && performance.now() - start > budgetMs) return total;
    }
  }

  /** Visits every live slot (KEYS-like scans, the HTTP port, tests). */
  forEach(fn: (s: number) => void): void {
    for (let s = 0; s < this.cap; s++) if (this.u8[(s << 5) + LIVE] === 1) fn(s);
  }

  private ensure(slot: number): void {
    if (slot < this.cap) return;
    let n = this.cap;
    while (n <= slot) n *= 2;
    const f64 = new Float64Array(n * 4);
    f64.set(this.f64);
    this.f64 = f64;
    this.u32 = new Uint32Array(f64.buffer);
    this.u8 = new Uint8Array(f64.buffer);
    this.cap = n;
  }

  private insertTable(slot: number, h: number): void {
    if ((this.count + 1) * 2 > this.table.length) this.rehash(this.table.length * 2);
    const table = this.table;
    const mask = this.mask;
    let i = h & mask;
    while (table[i] !== EMPTY) i = (i + 1) & mask;
    table[i] = slot;
  }

  private removeTable(slot: number): void {
    const table = this.table;
    const mask = this.mask;
    let i = this.u32[(slot << 3) + HASH] & mask;
    while (table[i] !== slot) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; table[j] !== EMPTY; j = (j + 1) & mask) {
      const home = this.u32[(table[j] << 3) + HASH] & mask;
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        table[i] = table[j];
        i = j;
      }
    }
    table[i] = EMPTY;
  }

  private rehash(n: number): void {
    const old = this.table;
    const table = new Int32Array(n).fill(EMPTY);
    const mask = n - 1;
    for (let j = 0; j < old.length; j++) {
      const s = old[j];
      if (s === EMPTY) continue;
      let i = this.u32[(s << 3) + HASH] & mask;
      while (table[i] !== EMPTY) i = (i + 1) & mask;
      table[i] = s;
    }
    this.table = table;
    this.mask = mask;
  }

  /** Bytes of the keyspace's own arrays and arena pages (for INFO's used_memory_dataset and RSS notes). */
  get structureBytes(): number {
    return this.table.byteLength + this.f64.byteLength + this.arena.pageBytes;
  }
}

/** MurmurHash3 x86 32-bit (Appleby, public domain reference) of bytes [s, e) with a seed. */
export function murmur3(b: Uint8Array, s: number, e: number, seed: number): number {
  let h = seed | 0;
  const n = e - s;
  let i = s;
  const end4 = s + (n & ~3);
  for (; i < end4; i += 4) {
    let k = b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = n & 3;
  if (tail !== 0) {
    let k = b[i];
    if (tail > 1) k ^= b[i + 1] << 8;
    if (tail > 2) k ^= b[i + 2] << 16;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
