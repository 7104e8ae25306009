// The cache node: one eviction policy (and optional admission filter) behind the request loop that
// owns every counter, as libCacheSim's cache_get_base does. It is the one engine: the single-trace
// simulator replays batches through it, a cluster model runs one per simulated node (with another in
// front as a near cache, chained with outcome columns), and a live server drives it request by
// request through lookup / store / fill / remove / expire (and setCapacity, CONFIG SET maxmemory).
//
// Request semantics (replay, and lookup + store), chosen to match libCacheSim so miss counts
// compare exactly:
// - a GET that finds the object is a hit; a hit never changes the stored size;
// - on a miss the object is inserted unless it is larger than the whole cache, the policy's own
//   insertion rule refuses it (`admits`, libCacheSim's can_insert: e.g. larger than a segment), or
//   the admission filter refuses it (a bypass); victims are evicted until it fits, then it is inserted;
// - a policy that evicts inside a hit or an insert in libCacheSim (a demotion overfills SLRU's lowest
//   segment) says so with `overfull()`, and the node evicts through `evict()` until it is false,
//   right after the hit or insert, so every eviction is counted and reported;
// - a SET is a request like a GET (write-allocate: a miss inserts), and if the object is resident
//   with another size, the new size replaces the old one (remove, then insert: still a hit);
// - a DELETE removes the object and is not counted as a request;
// - with TTLs, an object whose TTL has passed is removed when next requested, which is then a miss
//   (replay); `expire(now)` removes expired objects actively (live use);
// - in `objects` unit every object has size 1 (capacity counts objects, byte counters count 1 per
//   request, as libCacheSim's --ignore-obj-size does);
// - `find` is called exactly once per trace position (DELETEs included), in order: oracle policies
//   (Belady) count positions that way;
// - a policy whose evict() frees nothing fails the run with a message instead of looping forever.
//
// Ids. In dense mode (the default: the single-trace simulator) the policy sees the trace's dense ids
// directly: no lookup per request, per-id arrays as large as the trace's id space. In slot mode
// (`slots: true`: a cluster node, a live server) keys go through a node-local SlotMap and the policy
// sees small local slots that are reused once freed, so its arrays follow what the node holds
// (residents and ghosts), not the trace. A slot is freed only when the policy keeps nothing for it
// (`retains`, see src/policies/eviction/types.ts): an evicted slot the policy still remembers (a
// ghost) waits on the ghost-slot list, swept a few entries per eviction (amortised O(1)); past a cap
// (`ghostFactor` × residents, at least `minGhosts`) the oldest are force-forgotten and counted in
// `forcedForgets`, so any departure from dense mode is visible, never silent.
//
// Outcome column: `replay` can write one code per position (OUT_HIT, OUT_MISS, OUT_BYPASS,
// OUT_DELETE); `selectRequests` copies the positions with chosen codes into another batch, so the
// misses of a near cache can be replayed into the node behind it.
//
// Prefetching (optional, `prefetcher`): after each demand request the node calls the prefetcher
// with (key, size, time, context, hit) and serves its `fetch(key, size)` calls at once: a resident,
// negative, fractional or out-of-range key (≥ `prefetchIdLimit`) or an impossible size changes
// nothing; otherwise the node evicts as for a miss (the policy's own `admits` rule applies, the
// admission filter does not: libCacheSim's prefetchers insert directly), inserts, and marks the
// object prefetched. Counters (defined only when a prefetcher is attached, so a run without one
// reports exactly what it did before): `prefetches` and `prefetchBytes` (backend fetches the
// prefetcher cost), `prefetchUsed` (prefetched objects whose first demand request found them
// resident: that request counts as a hit), `prefetchWasted` and `prefetchWastedBytes` (prefetched
// objects that left the cache unused). A counter reset (end of warm-up) clears the marks, so only
// prefetches issued after it are judged. With no prefetcher the node takes exactly the paths it
// took before the feature existed; with one, every request goes through the general loop.
import { CliError } from "../core/errors.js";
import { grow } from "../core/grow.js";
import type { AdmissionPolicy } from "../policies/admission/types.js";
import type { EvictionPolicy } from "../policies/eviction/types.js";
import type { Prefetcher, PrefetchSink } from "../policies/prefetch/types.js";
import { DELETE, type RequestBatch, SET } from "../workload/types.js";
import { CounterRegistry } from "./counters.js";
import { SlotMap } from "./slots.js";

/** A snapshot of a node's built-in counters (the fields JobResult reports). */
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

/** The node's counter fields: the built-in ones, and `forcedForgets` (slot mode: ghost slots
 * force-forgotten at the cap; 0 means slot mode was exact), plus whatever a tier adds. */
export type NodeCounters = Counters & { forcedForgets: number } & Record<string, number>;

// Outcome codes written by `replay` into an outcome column, one per position.
/** A request that hit (a size-changing SET included). */
export const OUT_HIT = 1;
/** A request that missed; the object was inserted. */
export const OUT_MISS = 2;
/** A request that missed and was not inserted (larger than the cache, or refused by admission). */
export const OUT_BYPASS = 3;
/** A DELETE (not a request). */
export const OUT_DELETE = 4;
/** `selectRequests` mask: what a near cache passes on to the tier behind it (misses, bypasses, deletes). */
export const FORWARD = (1 << OUT_MISS) | (1 << OUT_BYPASS) | (1 << OUT_DELETE);
/** `selectRequests` mask of the misses (inserted or not). */
export const MISSED = (1 << OUT_MISS) | (1 << OUT_BYPASS);

/**
 * Per local id (slot mode): resident; on the ghost-slot list; pinned (the slot of the request in
 * progress, or of a lookup() miss not settled yet: the policy may be about to insert it, so a sweep
 * must not free it).
 */
const RESIDENT = 1;
const ON_LIST = 2;
const PINNED = 4;

export interface NodeOptions {
  /** In the run's unit (bytes, or objects). */
  capacity: number;
  admission?: AdmissionPolicy;
  /** The policy's name, for error messages. */
  name?: string;
  /**
   * Slot mode (see the header); false = dense mode, ids go to the policy as they are. A SlotMap
   * given here is used as the node's map: create it first and pass it to the policy (and admission
   * filter) as ctx.keys, so that sketch-based ones count keys rather than reusable slots.
   */
  slots?: boolean | SlotMap;
  /** Slot mode: expected keys held at once (sizes the slot map). */
  expectedKeys?: number;
  /** Slot mode: ghost slots kept at most ghostFactor × residents (default 4)… */
  ghostFactor?: number;
  /** … and at least this many (default 1024). */
  minGhosts?: number;
  /** A registry to add the node's counters to (default: a new one); it must have none yet. */
  counters?: CounterRegistry<NodeCounters>;
  /** Called after every demand request; may fetch objects into the cache (see the header). */
  prefetcher?: Prefetcher | null;
  /** Keys at or above this are refused when prefetched (default 2^32 − 1: any uint32 key). */
  prefetchIdLimit?: number;
  /** Sizes in bytes (false: every object is 1, the `objects` unit); used for prefetched objects. */
  bytes?: boolean;
}

/** A policy that cannot free room (a bug in a user's policy) must not hang the run. */
function stuck(name: string, policy: EvictionPolicy, capacity: number, size: number): CliError {
  return new CliError(
    `eviction policy ${name}: evict() removed nothing while holding ${policy.count} objects, ${policy.usedBytes} of ${capacity} (room needed for ${size}); evict() must remove a resident object`,
    1,
  );
}

export class CacheNode implements PrefetchSink {
  /** In the run's unit; changed only through `setCapacity` (a live node's CONFIG SET maxmemory). */
  readonly capacity: number;
  readonly admission: AdmissionPolicy | undefined;
  readonly name: string;
  readonly counters: CounterRegistry<NodeCounters>;
  /** Called with (key, size) for every evicted object; null (the default) costs nothing. */
  onEvict: ((key: number, size: number) => void) | null = null;
  /** Slot mode's key → slot map; null in dense mode. */
  readonly slots: SlotMap | null;

  /** Per local id: the time its TTL ends (0 = never); only allocated once a TTL is set. */
  private expiry: Float64Array | null = null;
  /** Per local id: size as inserted, by both loops (SETs compare against it; the eviction hook). */
  private sizes = new Uint32Array(0);
  /** Slot mode, per slot: RESIDENT | ON_LIST. */
  private state = new Uint8Array(0);
  /** Slot mode: evicted slots the policy may still remember, oldest first (a ring). */
  private ghosts = new Int32Array(16);
  private ghostHead = 0;
  private ghostLength = 0;
  private readonly ghostFactor: number;
  private readonly minGhosts: number;
  private readonly hasForget: boolean;
  private readonly hasRetains: boolean;
  /** The policy has its own insertion rule (`admits`, e.g. nothing larger than a segment). */
  private readonly hasAdmits: boolean;
  /** The policy can hold objects it must shed at once (`overfull`: a hit overfilled a segment). */
  private readonly hasOverfull: boolean;
  /** Slot mode: the slot of the last lookup() that missed, settled at the next operation. */
  private pending = -1;
  /** The key of the last lookup() that missed while no other operation followed it (-1: none), for `fill`. */
  private missKey = -1;
  /** Active expiry: a min-heap of (time, local id), built at the first expire() call. */
  private heapAt: Float64Array | null = null;
  private heapId = new Int32Array(0);
  private heapLength = 0;
  /** The prefetcher, or null (the default: no prefetch code runs at all). */
  readonly prefetcher: Prefetcher | null;
  private readonly prefetchIdLimit: number;
  private readonly prefetchBytes: boolean;
  /** Per local id: 1 while a prefetched object is resident and not yet requested. */
  private marks = new Uint8Array(0);

  constructor(
    readonly policy: EvictionPolicy,
    o: NodeOptions,
  ) {
    this.capacity = o.capacity;
    this.admission = o.admission;
    this.name = o.name ?? policy.constructor.name;
    this.slots = o.slots instanceof SlotMap ? o.slots : o.slots ? new SlotMap(o.expectedKeys ?? 1024) : null;
    this.ghostFactor = o.ghostFactor ?? 4;
    this.minGhosts = o.minGhosts ?? 1024;
    // user policies may lack forget/retains: checked once here, not per call
    this.hasForget = typeof policy.forget === "function";
    this.hasRetains = typeof policy.retains === "function";
    this.hasAdmits = typeof policy.admits === "function";
    this.hasOverfull = typeof policy.overfull === "function";
    const c = (this.counters = o.counters ?? new CounterRegistry<NodeCounters>());
    const defs = [
      ["requests", "requests", "count", "requests counted (GETs and SETs; DELETEs are not requests)"],
      ["misses", "requests", "count", "requests that did not find the object"],
      ["byteRequests", "bytes", "bytes", "bytes requested (1 per request in objects unit)"],
      ["byteMisses", "bytes", "bytes", "bytes of the missed requests"],
      ["evictions", "objects", "count", "objects evicted to make room"],
      ["bypasses", "requests", "count", "misses not inserted (larger than the cache, or refused by admission)"],
      ["expirations", "objects", "count", "objects removed because their TTL had passed"],
      ["forcedForgets", "slots", "count", "ghost slots force-forgotten at the slot-mode cap (inexactness)"],
    ] as const;
    if (c.defs.length !== 0) throw new Error("a node's counters must be the first in their registry");
    for (const [name, unit, kind, description] of defs) c.define({ name, unit, kind, description });
    this.prefetcher = o.prefetcher ?? null;
    this.prefetchIdLimit = o.prefetchIdLimit ?? 0xffffffff;
    this.prefetchBytes = o.bytes ?? true;
    if (this.prefetcher !== null) {
      const pf = [
        ["prefetches", "objects", "count", "objects the prefetcher fetched from the backend and inserted"],
        ["prefetchBytes", "bytes", "bytes", "bytes those prefetches fetched from the backend"],
        ["prefetchUsed", "objects", "count", "prefetched objects requested before they left the cache"],
        ["prefetchWasted", "objects", "count", "prefetched objects that left the cache unused"],
        ["prefetchWastedBytes", "bytes", "bytes", "bytes of the prefetched objects that left the cache unused"],
      ] as const;
      for (const [name, unit, kind, description] of pf) c.define({ name, unit, kind, description });
      // after a reset (end of warm-up) only prefetches issued from then on are judged
      c.onReset(() => this.marks.fill(0));
    }
  }

  /** The built-in counters as an object. */
  counts(): Counters {
    const v = this.counters.values;
    return {
      requests: v.requests,
      misses: v.misses,
      byteRequests: v.byteRequests,
      byteMisses: v.byteMisses,
      evictions: v.evictions,
      bypasses: v.bypasses,
      expirations: v.expirations,
    };
  }

  /** The key of a local id (identity in dense mode). */
  keyOf(id: number): number {
    return this.slots === null ? id : this.slots.keyOf[id];
  }

  /** The local id of a key, -1 in slot mode when the node holds nothing for it. */
  localId(key: number): number {
    return this.slots === null ? key : this.slots.get(key);
  }

  // --- request by request (cluster model, live server) ---

  /**
   * One GET of `key` with `size` (already in the run's unit): counts the request, checks its TTL
   * against `now`, and promotes on a hit. A miss inserts nothing: call `store` for that (a miss
   * followed by `store` is exactly one replayed GET). Returns whether it hit.
   */
  lookup(key: number, size: number, now = 0): boolean {
    this.missKey = -1;
    return this.lookupAt(this.local(key), key, size, now);
  }

  /**
   * `lookup` of the key that slot `id` holds, in slot mode, for a caller that keeps slots (a live
   * node's keyspace): the same request without the key → slot probe (three memory reads that miss
   * the CPU's cache on a large keyspace). `id` must be mapped (resident or a ghost).
   */
  lookupSlot(id: number, size: number, now = 0): boolean {
    if (this.slots === null) return this.lookup(id, size, now);
    this.missKey = -1;
    this.pin(id);
    this.settlePending(id);
    return this.lookupAt(id, -1, size, now);
  }

  /** A lookup of local id `id` (pinned); `key` its key, or -1 to read it from the slot map on a miss. */
  private lookupAt(id: number, key: number, size: number, now: number): boolean {
    this.expireOnAccess(id, now);
    const v = this.counters.values;
    v.requests++;
    v.byteRequests += size;
    const adm = this.admission;
    if (adm?.record) adm.record(id);
    if (this.policy.find(id, true)) {
      if (this.hasOverfull) this.shed();
      if (this.slots !== null) this.unpinSettle(id);
      return true;
    }
    v.misses++;
    v.byteMisses += size;
    // stays pinned until the next operation: a store() of it may follow
    if (this.slots !== null) this.pending = id;
    this.missKey = key >= 0 ? key : this.slots!.keyOf[id];
    return false;
  }

  /**
   * A write of `key` that may be the fill of a look-aside miss. When the operation just before was
   * a `lookup` of this key that missed, it only stores (that lookup and this store are together one
   * replayed GET whose miss inserts, as the simulator counts it; a policy keeps what the miss told
   * it, e.g. S3-FIFO's ghost hit that sends the object to its main queue). Otherwise it is a write
   * request of its own: `lookup` + `store`, as a replayed SET. Returns whether the key is resident.
   */
  fill(key: number, size: number, ttl = 0, now = 0): boolean {
    if (this.missKey !== key) this.lookup(key, size, now);
    return this.store(key, size, ttl, now);
  }

  /**
   * Changes the capacity (a live node's CONFIG SET maxmemory). Shrinking evicts through the policy's
   * `evict()` until what it holds fits, the path a write that needs room takes (each victim counted
   * in `evictions`, the eviction hook called); growing just raises the limit. A policy that sized
   * its own parts from the capacity at creation (S3-FIFO's small queue, SLRU's segments…) keeps
   * those sizes. Returns how many objects were evicted.
   */
  setCapacity(capacity: number): number {
    if (!(capacity >= 0 && Number.isSafeInteger(capacity)))
      throw new RangeError(`capacity ${capacity}: expected a whole number ≥ 0`);
    this.missKey = -1;
    this.settlePending(-1);
    (this as { capacity: number }).capacity = capacity;
    const policy = this.policy;
    const v = this.counters.values;
    let evicted = 0;
    while (policy.usedBytes > capacity) {
      const n = policy.count;
      const victim = policy.evict();
      v.evictions++;
      if (policy.count >= n) throw stuck(this.name, policy, capacity, 0);
      this.evicted(victim);
      evicted++;
    }
    return evicted;
  }

  /**
   * Writes `key` with `size`: a resident object keeps its place (a new size replaces it), an absent
   * one is admitted (admission filter, evictions until it fits, insert); its TTL restarts (`ttl`
   * seconds from `now`, 0 = none). Counts no request (see `lookup`). Returns whether it is resident.
   * Oracle policies (which count find() calls) are driven by `replay` only.
   */
  store(key: number, size: number, ttl = 0, now = 0): boolean {
    this.missKey = -1;
    return this.storeAt(this.local(key), size, ttl, now);
  }

  /** `store` of the key that slot `id` holds (slot mode; see `lookupSlot`). */
  storeSlot(id: number, size: number, ttl = 0, now = 0): boolean {
    if (this.slots === null) return this.store(id, size, ttl, now);
    this.missKey = -1;
    this.pin(id);
    this.settlePending(id);
    return this.storeAt(id, size, ttl, now);
  }

  private storeAt(id: number, size: number, ttl: number, now: number): boolean {
    this.expireOnAccess(id, now);
    let resident: boolean;
    if (this.isResident(id)) {
      resident = true;
      if (this.storedSize(id) !== size) {
        this.dropResident(id);
        resident = this.admit(id, size);
      }
    } else resident = this.admit(id, size);
    if (resident) this.writeExpiry(id, now, ttl);
    if (this.slots !== null) this.unpinSettle(id);
    return resident;
  }

  /** Removes `key` (a delete, an invalidation); not a request. Returns whether it was resident. */
  remove(key: number): boolean {
    this.missKey = -1;
    this.settlePending(-1);
    const id = this.localId(key);
    if (id < 0) return false;
    const removed = this.policy.remove(id);
    if (removed && this.prefetcher !== null) this.left(id, "remove");
    if (removed && this.slots !== null) this.state[id] &= ~RESIDENT;
    const expiry = this.expiry;
    if (expiry !== null && id < expiry.length) expiry[id] = 0;
    if (this.slots !== null) this.settle(id);
    return removed;
  }

  /**
   * Active expiry: removes up to `budget` objects whose TTL ended at or before `now`, earliest
   * first, and counts them in `expirations`. The first call builds a heap of the TTLs set so far
   * (O(ids) once); from then on every TTL set is pushed on it (O(log n)). Returns how many it removed.
   */
  expire(now: number, budget = 64): number {
    this.missKey = -1;
    this.settlePending(-1);
    if (this.heapAt === null) this.buildHeap();
    let removed = 0;
    const expiry = this.expiry;
    while (this.heapLength > 0 && removed < budget && this.heapAt![0] <= now) {
      const at = this.heapAt![0];
      const id = this.heapId[0];
      this.heapPop();
      // stale entries (the TTL was rewritten or cleared since) are skipped
      if (expiry === null || id >= expiry.length || expiry[id] !== at) continue;
      expiry[id] = 0;
      if (this.policy.remove(id)) {
        if (this.prefetcher !== null) this.left(id, "remove");
        this.counters.values.expirations++;
        removed++;
        if (this.slots !== null) this.state[id] &= ~RESIDENT;
      }
      if (this.slots !== null) this.settle(id);
    }
    return removed;
  }

  // --- batch replay (the simulator) ---

  /**
   * Replays requests [from, to) of a batch. `bytes` false counts every object as size 1; `ops`
   * false treats every request as a GET. With `outcome`, writes one OUT_* code per position. The
   * plain-GET path (dense mode, no ops, no TTL, no admission, no hook) is a tight loop with local
   * counters; it writes the outcome column too (a near cache chained in front of a node).
   */
  replay(
    b: RequestBatch,
    from: number,
    to: number,
    bytes: boolean,
    ops: boolean,
    outcome: Uint8Array | null = null,
  ): void {
    const plain = !ops && !b.ttl && !this.admission && this.prefetcher === null && this.onEvict === null;
    if (plain && this.slots !== null && this.expiry === null && this.ghostLength === 0) {
      if (!this.hasAdmits && !this.hasOverfull && !this.hasRetains) {
        this.replaySlots(b, from, to, bytes, outcome);
        return;
      }
    }
    if (
      !plain ||
      (outcome !== null && (this.hasAdmits || this.hasOverfull)) ||
      this.slots !== null ||
      this.expiry !== null
    ) {
      this.replayGeneral(b, from, to, bytes, ops, outcome);
      return;
    }
    if (this.hasAdmits || this.hasOverfull) {
      this.replayRules(b, from, to, bytes);
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
      if (policy.find(id, true)) {
        if (outcome !== null) outcome[i] = OUT_HIT;
        continue;
      }
      misses++;
      byteMisses += size;
      if (size > capacity) {
        bypasses++;
        if (outcome !== null) outcome[i] = OUT_BYPASS;
        continue;
      }
      while (policy.usedBytes + size > capacity) {
        const n = policy.count;
        policy.evict();
        evictions++;
        if (policy.count >= n) throw stuck(this.name, policy, capacity, size);
      }
      policy.insert(id, size);
      if (bytes) this.recordSize(id, size);
      if (outcome !== null) outcome[i] = OUT_MISS;
    }
    this.addCounts(to - from, misses, byteRequests, byteMisses, evictions, bypasses);
  }

  /**
   * The fast path for a policy with its own insertion rule or in-place evictions: the same loop,
   * asking `admits` on a miss and shedding while `overfull` after a hit or an insert.
   */
  private replayRules(b: RequestBatch, from: number, to: number, bytes: boolean): void {
    const policy = this.policy;
    const admits = this.hasAdmits;
    const overfull = this.hasOverfull;
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
      if (policy.find(id, true)) {
        if (overfull) evictions += this.shedFast();
        continue;
      }
      misses++;
      byteMisses += size;
      if (size > capacity || (admits && !policy.admits!(id, size))) {
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
      if (bytes) this.recordSize(id, size);
      if (overfull) evictions += this.shedFast();
    }
    this.addCounts(to - from, misses, byteRequests, byteMisses, evictions, bypasses);
  }

  /**
   * The plain-GET loop in slot mode, for a policy that keeps nothing about evicted keys (no
   * `retains`, so no ghost slots) and has no insertion rule of its own: a key gets a slot, a miss
   * evicts and inserts, and a slot is released the moment it holds nothing (an evicted or bypassed
   * key), as `replayGeneral`'s pin / settle steps do for such a policy, without them.
   */
  private replaySlots(b: RequestBatch, from: number, to: number, bytes: boolean, outcome: Uint8Array | null): void {
    this.settlePending(-1);
    const policy = this.policy;
    const slots = this.slots!;
    const capacity = this.capacity;
    const forget = this.hasForget;
    const key = b.key;
    const sizes = b.size;
    let state: Uint8Array = this.state;
    let misses = 0;
    let byteRequests = 0;
    let byteMisses = 0;
    let evictions = 0;
    let bypasses = 0;
    for (let i = from; i < to; i++) {
      const size = bytes ? sizes[i] : 1;
      byteRequests += size;
      const id = slots.acquire(key[i]);
      if (id >= state.length) state = this.grown(id);
      if (policy.find(id, true)) {
        if (outcome !== null) outcome[i] = OUT_HIT;
        continue;
      }
      misses++;
      byteMisses += size;
      if (size > capacity) {
        bypasses++;
        if (forget) policy.forget!(id);
        slots.release(id);
        if (outcome !== null) outcome[i] = OUT_BYPASS;
        continue;
      }
      while (policy.usedBytes + size > capacity) {
        const n = policy.count;
        const victim = policy.evict();
        evictions++;
        if (policy.count >= n) throw stuck(this.name, policy, capacity, size);
        if (victim < 0) continue;
        state[victim] = 0;
        if (forget) policy.forget!(victim);
        slots.release(victim);
      }
      policy.insert(id, size);
      this.sizes[id] = size;
      state[id] = RESIDENT;
      if (outcome !== null) outcome[i] = OUT_MISS;
    }
    this.addCounts(to - from, misses, byteRequests, byteMisses, evictions, bypasses);
  }

  /** A fast loop's local counts, added to the registry once per range. */
  private addCounts(
    requests: number,
    misses: number,
    byteRequests: number,
    byteMisses: number,
    evictions: number,
    bypasses: number,
  ): void {
    const v = this.counters.values;
    v.requests += requests;
    v.misses += misses;
    v.byteRequests += byteRequests;
    v.byteMisses += byteMisses;
    v.evictions += evictions;
    v.bypasses += bypasses;
  }

  /** Grows the per-slot arrays to hold slot `id` (slot mode); returns the new state array. */
  private grown(id: number): Uint8Array {
    const n = Math.max(this.slots!.highWater, id + 1);
    this.state = grow(this.state, n);
    this.sizes = grow(this.sizes, n);
    return this.state;
  }

  private replayGeneral(
    b: RequestBatch,
    from: number,
    to: number,
    bytes: boolean,
    ops: boolean,
    outcome: Uint8Array | null,
  ): void {
    this.settlePending(-1);
    const policy = this.policy;
    const adm = this.admission;
    const v = this.counters.values;
    const ttl = b.ttl;
    const slots = this.slots;
    const pf = this.prefetcher;
    const cx = b.ctx;
    for (let i = from; i < to; i++) {
      const id = slots === null ? b.key[i] : this.pin(this.acquire(b.key[i]));
      const size = bytes ? b.size[i] : 1;
      const op = ops ? b.op[i] : 0;
      const now = b.time[i];
      this.expireOnAccess(id, now);
      // find() is called exactly once per trace position (oracle policies count positions)
      if (op === DELETE) {
        if (policy.find(id, false)) this.dropResident(id);
        if (outcome !== null) outcome[i] = OUT_DELETE;
        if (slots !== null) this.unpinSettle(id);
        continue;
      }
      v.requests++;
      v.byteRequests += size;
      if (adm?.record) adm.record(id);
      const t = ttl ? ttl[i] : 0;
      let code = OUT_HIT;
      if (policy.find(id, true)) {
        if (pf !== null) this.used(id);
        if (this.hasOverfull) this.shed();
        if (op === SET) {
          // a write replaces the object: a new size is stored anew (still a hit), its TTL restarts
          if (bytes && this.storedSize(id) !== size) {
            this.dropResident(id);
            if (this.admit(id, size)) this.writeExpiry(id, now, t);
          } else this.writeExpiry(id, now, t);
        }
      } else {
        v.misses++;
        v.byteMisses += size;
        if (this.admit(id, size)) {
          this.writeExpiry(id, now, t);
          code = OUT_MISS;
        } else code = OUT_BYPASS;
      }
      if (outcome !== null) outcome[i] = code;
      if (pf !== null) pf.access(b.key[i], size, now, cx ? cx[i] : 0, code === OUT_HIT, this);
      if (slots !== null) this.unpinSettle(id);
    }
  }

  // --- prefetching ---

  /**
   * After a demand request served by lookup (+ store): lets the prefetcher see it and fetch. The
   * batch replay does this itself; a caller driving the node request by request calls it once per
   * GET or SET, after `store`. Nothing happens without a prefetcher.
   */
  afterRequest(key: number, size: number, now: number, ctx: number, hit: boolean): void {
    const pf = this.prefetcher;
    if (pf === null) return;
    this.settlePending(-1);
    if (hit) this.used(this.localId(key));
    pf.access(key, size, now, ctx, hit, this);
  }

  /** PrefetchSink: is `key` in the cache now? (No side effect; an invalid key is not.) */
  resident(key: number): boolean {
    if (!(key >= 0 && key < this.prefetchIdLimit && key === Math.floor(key))) return false;
    const id = this.localId(key);
    return id >= 0 && this.isResident(id);
  }

  /** PrefetchSink: fetches `key` of `size` into the cache now, unless it is resident or invalid. */
  fetch(key: number, size: number): void {
    this.missKey = -1;
    if (!(key >= 0 && key < this.prefetchIdLimit && key === Math.floor(key))) return;
    const s = this.prefetchBytes ? size : 1;
    if (!(s >= 0 && s <= this.capacity && s === Math.floor(s) && s <= 0xffffffff)) return;
    const slots = this.slots;
    if (slots !== null) {
      const known = slots.get(key);
      if (known >= 0 && (this.state[known] & RESIDENT) !== 0) return;
    } else if (this.policy.find(key, false)) return;
    const id = slots === null ? key : this.pin(this.acquire(key));
    const policy = this.policy;
    if (this.hasAdmits && !policy.admits!(id, s)) {
      if (slots !== null) this.unpinSettle(id);
      return;
    }
    const v = this.counters.values;
    while (policy.usedBytes + s > this.capacity) {
      const n = policy.count;
      const victim = policy.evict();
      v.evictions++;
      if (policy.count >= n) throw stuck(this.name, policy, this.capacity, s);
      this.evicted(victim);
    }
    policy.insert(id, s);
    if (id >= this.sizes.length) this.sizes = grow(this.sizes, id + 1);
    this.sizes[id] = s;
    if (id >= this.marks.length) this.marks = grow(this.marks, Math.max(id + 1, 1024));
    this.marks[id] = 1;
    v.prefetches++;
    v.prefetchBytes += s;
    if (slots !== null) {
      this.state[id] |= RESIDENT;
      this.unpinSettle(id);
    }
    if (this.hasOverfull) this.shed();
  }

  /** A demand request found `id` resident: a prefetched object's first use. */
  private used(id: number): void {
    if (id >= 0 && id < this.marks.length && this.marks[id] !== 0) {
      this.marks[id] = 0;
      this.counters.values.prefetchUsed++;
    }
  }

  /** A resident object leaves the cache (evicted, expired, deleted, replaced): unused prefetch = waste. */
  private left(id: number, reason: "evict" | "remove"): void {
    const pf = this.prefetcher;
    if (pf === null) return;
    if (id < this.marks.length && this.marks[id] !== 0) {
      this.marks[id] = 0;
      const v = this.counters.values;
      v.prefetchWasted++;
      v.prefetchWastedBytes += id < this.sizes.length ? this.sizes[id] : 0;
    }
    if (pf.evicted) pf.evicted(this.keyOf(id), reason);
  }

  // --- internals ---

  /**
   * The stored size of an object the fast loops just inserted, as the general path records it: a
   * later batch with SETs compares against it (a same-size SET must not look like a resize, or a
   * streamed run and a loaded one would disagree). Bytes unit only; objects unit never compares.
   */
  private recordSize(id: number, size: number): void {
    if (id >= this.sizes.length) this.sizes = grow(this.sizes, id + 1);
    this.sizes[id] = size;
  }

  /** Inserts an absent object if it fits and is admitted; returns whether it was inserted. */
  private admit(id: number, size: number): boolean {
    const policy = this.policy;
    const capacity = this.capacity;
    const v = this.counters.values;
    if (size > capacity || (this.hasAdmits && !policy.admits!(id, size))) {
      v.bypasses++;
      return false;
    }
    const adm = this.admission;
    const needRoom = policy.usedBytes + size > capacity;
    if (adm && !adm.admit(id, size, needRoom && adm.usesVictim ? policy.victim() : -1)) {
      v.bypasses++;
      return false;
    }
    while (policy.usedBytes + size > capacity) {
      const n = policy.count;
      const victim = policy.evict();
      v.evictions++;
      if (policy.count >= n) throw stuck(this.name, policy, capacity, size);
      this.evicted(victim);
    }
    policy.insert(id, size);
    if (id >= this.sizes.length) this.sizes = grow(this.sizes, id + 1);
    this.sizes[id] = size;
    if (this.slots !== null) this.state[id] |= RESIDENT;
    if (this.hasOverfull) this.shed();
    return true;
  }

  /** Fast path: evicts while the policy is overfull; returns how many (dense mode, nothing to track). */
  private shedFast(): number {
    const policy = this.policy;
    let n = 0;
    while (policy.overfull!()) {
      const c = policy.count;
      policy.evict();
      n++;
      if (policy.count >= c) throw stuck(this.name, policy, this.capacity, 0);
    }
    return n;
  }

  /** Evicts (counted, with the usual bookkeeping) while the policy is overfull. */
  private shed(): void {
    const policy = this.policy;
    while (policy.overfull!()) {
      const c = policy.count;
      const victim = policy.evict();
      this.counters.values.evictions++;
      if (policy.count >= c) throw stuck(this.name, policy, this.capacity, 0);
      this.evicted(victim);
    }
  }

  /** Bookkeeping for an evicted local id: its TTL, the hook, and (slot mode) its slot. */
  private evicted(id: number): void {
    if (id < 0) return;
    if (this.prefetcher !== null) this.left(id, "evict");
    // an evicted object's TTL goes with it (a later expiry must not touch a re-inserted copy)
    const expiry = this.expiry;
    if (expiry !== null && id < expiry.length) expiry[id] = 0;
    const hook = this.onEvict;
    if (hook !== null) hook(this.keyOf(id), id < this.sizes.length ? this.sizes[id] : 0);
    if (this.slots !== null) {
      this.state[id] &= ~RESIDENT;
      this.settle(id);
    }
  }

  /** Removes a resident object (DELETE, or a SET that changes its size). */
  private dropResident(id: number): void {
    if (this.policy.remove(id) && this.prefetcher !== null) this.left(id, "remove");
    if (this.slots !== null) this.state[id] &= ~RESIDENT;
  }

  private isResident(id: number): boolean {
    if (this.slots !== null) return (this.state[id] & RESIDENT) !== 0;
    return this.policy.find(id, false);
  }

  /** The local id of `key` for a request: slot mode gives it a slot (settling a pending one). */
  private local(key: number): number {
    if (this.slots === null) return key;
    const id = this.pin(this.acquire(key));
    this.settlePending(id);
    return id;
  }

  private pin(id: number): number {
    this.state[id] |= PINNED;
    return id;
  }

  private unpinSettle(id: number): void {
    this.state[id] &= ~PINNED;
    this.settle(id);
  }

  private acquire(key: number): number {
    const id = this.slots!.acquire(key);
    if (id >= this.state.length) {
      const n = Math.max(this.slots!.highWater, id + 1);
      this.state = grow(this.state, n);
      this.sizes = grow(this.sizes, n);
    }
    return id;
  }

  private settlePending(except: number): void {
    const p = this.pending;
    if (p >= 0 && p !== except) {
      this.pending = -1;
      this.unpinSettle(p);
    } else if (p === except) this.pending = -1;
  }

  /**
   * Slot mode, after an operation on local id `id`: a slot that is neither resident nor on the
   * ghost list is freed if the policy keeps nothing for it, else it joins the ghost list.
   */
  private settle(id: number): void {
    const st = this.state[id];
    if (st !== 0) return; // resident, or already on the ghost list
    if (this.hasRetains && this.policy.retains!(id)) this.pushGhost(id);
    else this.free(id);
  }

  private free(id: number): void {
    if (this.hasForget) this.policy.forget!(id);
    const expiry = this.expiry;
    if (expiry !== null && id < expiry.length) expiry[id] = 0;
    this.slots!.release(id);
  }

  /** Appends a retained slot to the ghost list, sweeping two of its oldest entries, and enforces the cap. */
  private pushGhost(id: number): void {
    if (this.ghostLength === this.ghosts.length) this.growGhosts();
    this.ghosts[(this.ghostHead + this.ghostLength++) & (this.ghosts.length - 1)] = id;
    this.state[id] |= ON_LIST;
    // sweep: free the oldest entries the policy has since dropped; keep (rotate) those it still holds
    for (let k = 0; k < 2 && this.ghostLength > 1; k++) {
      const g = this.popGhost();
      // resident or in use: leaves the list (settled again when it stops being either)
      if (this.state[g] & (RESIDENT | PINNED)) continue;
      if (this.policy.retains!(g)) this.requeue(g);
      else this.free(g);
    }
    const cap = Math.max(this.minGhosts, this.ghostFactor * this.policy.count);
    while (this.ghostLength > cap) {
      const g = this.popGhost();
      if (this.state[g] & (RESIDENT | PINNED)) continue;
      if (this.policy.retains!(g)) this.counters.values.forcedForgets++;
      this.free(g);
    }
  }

  private popGhost(): number {
    const g = this.ghosts[this.ghostHead];
    this.ghostHead = (this.ghostHead + 1) & (this.ghosts.length - 1);
    this.ghostLength--;
    this.state[g] &= ~ON_LIST;
    return g;
  }

  private requeue(g: number): void {
    this.ghosts[(this.ghostHead + this.ghostLength++) & (this.ghosts.length - 1)] = g;
    this.state[g] |= ON_LIST;
  }

  private growGhosts(): void {
    const old = this.ghosts;
    const n = old.length * 2;
    const g = new Int32Array(n);
    for (let k = 0; k < this.ghostLength; k++) g[k] = old[(this.ghostHead + k) & (old.length - 1)];
    this.ghosts = g;
    this.ghostHead = 0;
  }

  /** Ghost slots waiting on the list (slot mode). */
  get ghostSlots(): number {
    return this.ghostLength;
  }

  /** TTL check on access: an expired object is removed (and counted) before the request. */
  private expireOnAccess(id: number, now: number): void {
    const expiry = this.expiry;
    if (expiry !== null && id < expiry.length) {
      const at = expiry[id];
      if (at !== 0 && at <= now) {
        expiry[id] = 0;
        if (this.policy.remove(id)) {
          if (this.prefetcher !== null) this.left(id, "remove");
          this.counters.values.expirations++;
          if (this.slots !== null) this.state[id] &= ~RESIDENT;
        }
      }
    }
  }

  /** A (re)inserted or rewritten object expires `ttl` seconds from now, or never when ttl is 0. */
  private writeExpiry(id: number, now: number, ttl: number): void {
    if (ttl > 0) this.setExpiry(id, now + ttl);
    else if (this.expiry !== null && id < this.expiry.length) this.expiry[id] = 0;
  }

  /** Size of a resident object as inserted. */
  private storedSize(id: number): number {
    return id < this.sizes.length ? this.sizes[id] : 0;
  }

  private setExpiry(id: number, at: number): void {
    if (this.expiry === null) this.expiry = new Float64Array(Math.max(1024, id + 1));
    else if (id >= this.expiry.length) this.expiry = grow(this.expiry, id + 1);
    this.expiry[id] = at;
    if (this.heapAt !== null) this.heapPush(at, id);
  }

  private buildHeap(): void {
    this.heapAt = new Float64Array(64);
    this.heapId = new Int32Array(64);
    this.heapLength = 0;
    const expiry = this.expiry;
    if (expiry === null) return;
    for (let id = 0; id < expiry.length; id++) if (expiry[id] !== 0) this.heapPush(expiry[id], id);
  }

  private heapPush(at: number, id: number): void {
    if (this.heapLength === this.heapAt!.length) {
      // mostly stale entries (rewritten TTLs): rebuild from the live TTLs instead of growing
      const live = this.heapLength;
      let set = 0;
      const expiry = this.expiry!;
      for (let k = 0; k < expiry.length; k++) if (expiry[k] !== 0) set++;
      if (set * 2 < live) {
        this.heapLength = 0;
        const saved = this.heapAt!;
        this.heapAt = new Float64Array(saved.length);
        for (let k = 0; k < expiry.length; k++) if (expiry[k] !== 0 && k !== id) this.heapPushRaw(expiry[k], k);
      } else {
        this.heapAt = grow(this.heapAt!, live + 1);
        this.heapId = grow(this.heapId, live + 1);
      }
    }
    this.heapPushRaw(at, id);
  }

  private heapPushRaw(at: number, id: number): void {
    const hAt = this.heapAt!;
    const hId = this.heapId;
    let i = this.heapLength++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hAt[p] <= at) break;
      hAt[i] = hAt[p];
      hId[i] = hId[p];
      i = p;
    }
    hAt[i] = at;
    hId[i] = id;
  }

  private heapPop(): void {
    const hAt = this.heapAt!;
    const hId = this.heapId;
    const n = --this.heapLength;
    if (n === 0) return;
    const at = hAt[n];
    const id = hId[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && hAt[c + 1] < hAt[c]) c++;
      if (hAt[c] >= at) break;
      hAt[i] = hAt[c];
      hId[i] = hId[c];
      i = c;
    }
    hAt[i] = at;
    hId[i] = id;
  }
}

/**
 * Copies the positions [from, to) of `b` whose outcome code is in `mask` (bits 1 << OUT_*) into
 * `out` (time, key, size, op, and ttl when `b` has one), from position 0; returns how many, and
 * sets `out.length` to it. `out` must hold at least to − from positions. This is how a near cache's
 * misses become the next node's requests: replay the near cache with an outcome column, select
 * FORWARD, replay the selection into the node behind it.
 */
export function selectRequests(
  b: RequestBatch,
  outcome: Uint8Array,
  mask: number,
  out: RequestBatch,
  from = 0,
  to = b.length,
): number {
  let n = 0;
  const ttl = b.ttl;
  if (ttl && !out.ttl) out.ttl = new Uint32Array(out.key.length);
  const oTtl = ttl ? out.ttl! : null;
  for (let i = from; i < to; i++) {
    if (((1 << outcome[i]) & mask) === 0) continue;
    out.time[n] = b.time[i];
    out.key[n] = b.key[i];
    out.size[n] = b.size[i];
    out.op[n] = b.op[i];
    if (oTtl !== null) oTtl[n] = ttl![i];
    n++;
  }
  out.length = n;
  return n;
}
