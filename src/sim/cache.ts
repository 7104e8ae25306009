// One cache: an eviction policy (and optional admission filter) behind the request loop that owns
// every counter, as libCacheSim's cache_get_base does. Semantics, chosen to match libCacheSim so
// miss counts compare exactly:
// - a GET that finds the object is a hit; a hit never changes the stored size;
// - on a miss the object is inserted unless it is larger than the whole cache or the admission
//   filter refuses it; victims are evicted until it fits, then it is inserted;
// - a SET is a request like a GET (write-allocate: a miss inserts), and if the object is resident
//   with another size, the new size replaces the old one;
// - a DELETE removes the object and is not counted as a request;
// - with TTLs, an object whose TTL has passed is removed when next requested, which is then a miss;
// - in `objects` unit every object has size 1 (capacity counts objects, byte counters count 1 per
//   request, as libCacheSim's --ignore-obj-size does).
import { CliError } from "../core/errors.js";
import { grow } from "../core/grow.js";
import type { AdmissionPolicy } from "../policies/admission/types.js";
import type { EvictionPolicy } from "../policies/eviction/types.js";
import { DELETE, type RequestBatch, SET } from "../workload/types.js";

export type Unit = "objects" | "bytes";

export interface Counters {
  requests: number;
  misses: number;
  byteRequests: number;
  byteMisses: number;
  evictions: number;
  /** Misses that were refused by the admission filter or were larger than the cache. */
  bypasses: number;
  expirations: number;
}

export function newCounters(): Counters {
  return { requests: 0, misses: 0, byteRequests: 0, byteMisses: 0, evictions: 0, bypasses: 0, expirations: 0 };
}

/** A policy that cannot free room (a bug in a user's policy) must not hang the run. */
function stuck(name: string, policy: EvictionPolicy, capacity: number, size: number): CliError {
  return new CliError(
    `eviction policy ${name}: evict() removed nothing while holding ${policy.count} objects, ${policy.usedBytes} of ${capacity} (room needed for ${size}); evict() must remove a resident object`,
    1,
  );
}

export class Cache {
  readonly counters: Counters = newCounters();
  /** Per id: the time its TTL ends (0 = never); only allocated once a request carries a TTL. */
  private expiry: Float64Array | null = null;
  /** Size each object was inserted with (general path only: SETs may change sizes). */
  private sizes = new Uint32Array(0);

  constructor(
    readonly policy: EvictionPolicy,
    readonly capacity: number,
    readonly admission?: AdmissionPolicy,
    /** The policy's name, for error messages. */
    readonly name = policy.constructor.name,
  ) {}

  /** One GET of `id` (size already in the run's unit). Returns whether it hit. */
  get(id: number, size: number): boolean {
    const c = this.counters;
    c.requests++;
    c.byteRequests += size;
    const adm = this.admission;
    if (adm?.record) adm.record(id);
    const policy = this.policy;
    if (policy.find(id, true)) return true;
    c.misses++;
    c.byteMisses += size;
    this.admit(id, size);
    return false;
  }

  /** Inserts a missed object if it fits and is admitted; returns whether it was inserted. */
  private admit(id: number, size: number): boolean {
    const policy = this.policy;
    const capacity = this.capacity;
    const c = this.counters;
    if (size > capacity) {
      c.bypasses++;
      return false;
    }
    const adm = this.admission;
    const needRoom = policy.usedBytes + size > capacity;
    if (adm && !adm.admit(id, size, needRoom && adm.usesVictim ? policy.victim() : -1)) {
      c.bypasses++;
      return false;
    }
    const expiry = this.expiry;
    while (policy.usedBytes + size > capacity) {
      const n = policy.count;
      const v = policy.evict();
      c.evictions++;
      if (policy.count >= n) throw stuck(this.name, policy, capacity, size);
      // an evicted object's TTL goes with it (a later expiry must not touch a re-inserted copy)
      if (expiry !== null && v >= 0 && v < expiry.length) expiry[v] = 0;
    }
    policy.insert(id, size);
    if (id >= this.sizes.length) this.sizes = grow(this.sizes, id + 1);
    this.sizes[id] = size;
    return true;
  }

  /**
   * Replays requests [from, to) of a batch. `bytes` false counts every object as size 1.
   * The plain-GET path (no ops, no TTL, no admission) is a tight loop with local counters.
   */
  replay(b: RequestBatch, from: number, to: number, bytes: boolean, ops: boolean): void {
    if (ops || b.ttl || this.admission) {
      this.replayGeneral(b, from, to, bytes, ops);
      return;
    }
    const policy = this.policy;
    const capacity = this.capacity;
    const key = b.key;
    const sizes = b.size;
    let misses = 0;
    let byteRequests = 0;
    let byteMisses = 0;
    let evictions = 0;
    let bypasses = 0;
    for (let i = from; i < to; i++) {
      const id = key[i];
      const size = bytes ? sizes[i] : 1;
      byteRequests += size;
      if (policy.find(id, true)) continue;
      misses++;
      byteMisses += size;
      if (size > capacity) {
        bypasses++;
        continue;
      }
      while (policy.usedBytes + size > capacity) {
        const n = policy.count;
        policy.evict();
        evictions++;
        if (policy.count >= n) throw stuck(this.name, policy, capacity, size);
      }
      policy.insert(id, size);
    }
    const c = this.counters;
    c.requests += to - from;
    c.misses += misses;
    c.byteRequests += byteRequests;
    c.byteMisses += byteMisses;
    c.evictions += evictions;
    c.bypasses += bypasses;
  }

  private replayGeneral(b: RequestBatch, from: number, to: number, bytes: boolean, ops: boolean): void {
    const policy = this.policy;
    const adm = this.admission;
    const c = this.counters;
    const ttl = b.ttl;
    for (let i = from; i < to; i++) {
      const id = b.key[i];
      const size = bytes ? b.size[i] : 1;
      const op = ops ? b.op[i] : 0;
      const now = b.time[i];
      const expiry = this.expiry;
      if (expiry !== null && id < expiry.length) {
        const at = expiry[id];
        if (at !== 0 && at <= now) {
          expiry[id] = 0;
          if (policy.remove(id)) c.expirations++;
        }
      }
      // find() is called exactly once per trace position (oracle policies count positions)
      if (op === DELETE) {
        if (policy.find(id, false)) policy.remove(id);
        continue;
      }
      c.requests++;
      c.byteRequests += size;
      if (adm?.record) adm.record(id);
      const t = ttl ? ttl[i] : 0;
      if (policy.find(id, true)) {
        if (op === SET) {
          // a write replaces the object: a new size is stored anew (still a hit), its TTL restarts
          if (bytes && this.storedSize(id) !== size) {
            policy.remove(id);
            if (this.admit(id, size)) this.writeExpiry(id, now, t);
          } else this.writeExpiry(id, now, t);
        }
      } else {
        c.misses++;
        c.byteMisses += size;
        if (this.admit(id, size)) this.writeExpiry(id, now, t);
      }
    }
  }

  /** A (re)inserted or rewritten object expires `ttl` seconds from now, or never when ttl is 0. */
  private writeExpiry(id: number, now: number, ttl: number): void {
    if (ttl > 0) this.setExpiry(id, now + ttl);
    else if (this.expiry !== null && id < this.expiry.length) this.expiry[id] = 0;
  }

  /** Size of a resident object as inserted (tracked only when SETs can change sizes). */
  private storedSize(id: number): number {
    return id < this.sizes.length ? this.sizes[id] : 0;
  }

  private setExpiry(id: number, at: number): void {
    if (this.expiry === null) this.expiry = new Float64Array(Math.max(1024, id + 1));
    else if (id >= this.expiry.length) this.expiry = grow(this.expiry, id + 1);
    this.expiry[id] = at;
  }

  /** A DELETE: the object leaves the cache; not counted as a request. */
  delete(id: number): void {
    this.policy.remove(id);
  }
}
