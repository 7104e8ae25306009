// The eviction policy interface. The engine (src/engine/node.ts) owns the request loop and every
// counter; a policy only decides what stays. It knows integer ids and sizes, nothing else, so the
// same module runs in the simulator and inside a live cache node.
//
// Contract, relied on by the engine and checked by test/policies/eviction/properties.test.ts:
// - ids are dense non-negative integers; `ctx.ids` is a hint of how many there are, and a policy
//   must accept larger ids (grow its per-id arrays).
// - `find` is called exactly once per request, in trace order (Belady counts requests this way).
// - `insert` is only called for an absent id, after the engine has evicted until
//   `usedBytes + size <= capacity`; a policy never evicts on its own inside `insert`.
// - `victim()` returns exactly the id the next `evict()` would return, without changing any state,
//   and may be called at any moment (not only right before `evict()`): any number of calls between
//   two operations changes nothing that follows (a random policy derives its draw from the state and
//   its eviction count, it does not consume a generator).
// - `remove(id)` of an id that is not resident returns false and changes nothing: ghost entries
//   (ids remembered after eviction) stay, since a later miss on that id must behave the same.
// - `admits(id, size)` (optional) is the policy's own insertion rule, libCacheSim's `can_insert`:
//   on a miss of an object no larger than the cache, the engine asks it before making room, and
//   if it returns false the object is not inserted and nothing is evicted (counted as a bypass).
//   It is asked only right after `find(id)` missed, and changes nothing except that it may note
//   `size` as the incoming object's for the `evict()` calls that follow (ARC's case IV test needs
//   it, as libCacheSim's evict reads it from the request); it may read the state `find` left
//   (e.g. whether the miss hit a ghost). A policy
//   without it admits everything that fits in the cache; the engine checks for it once, so a
//   policy without it keeps the plain fast path.
// - `overfull()` (optional): true while the policy holds objects libCacheSim would already have
//   evicted inside a hit or an insert (a promotion whose demotion cascade overfills SLRU's lowest
//   segment). After every hit and every insert the engine calls `evict()` until it is false, so
//   those evictions go through `evict()` and are counted; `victim()` must then name them. It changes
//   nothing; a policy without it never needs this (checked once: the plain fast path stays).
// - sizes are in the run's unit: bytes, or 1 per object when capacity is counted in objects; 0 is a
//   valid size in bytes.
//
// Forgetting, so that ids can be reused (a node in slot mode, a live server's interned keys):
// - `retains(id)` says whether the policy still holds any state for a NON-resident id: a ghost entry
//   (S3-FIFO's ghost, 2Q's A1out, ARC's B1/B2, LIRS's non-resident HIR entries in S), or an id kept
//   in a side structure it may look at later (LHD's recently-admitted candidates). It changes
//   nothing. A policy without `retains` keeps nothing about an id once it is evicted or removed.
// - `forget(id)` drops everything the policy remembers about a non-resident id, so that the id can
//   be handed to an unrelated object: afterwards `retains(id)` is false and a later miss on `id`
//   behaves exactly as a miss on an id never seen. It is never called for a resident id, and is a
//   no-op for an id the policy does not retain. O(1) or amortised O(1). A missing `forget` (a user's
//   module written before it existed) is treated as a no-op by the engine.
// - The engine frees an id only once `retains` is false (then calls `forget`, harmless, before
//   reusing it), so forgetting is exact; it calls `forget` on a retained id only when a node's
//   ghost cap forces it, and counts that (`forcedForgets`). State a policy keeps that is not per id
//   but mixes ids (TinyLFU's hashed frequency sketch) cannot be forgotten: id reuse acts on it like
//   extra hash collisions; such a policy documents the deviation in its header.
import type { Spec } from "../spec.js";

export interface EvictionPolicy {
  /** Is `id` resident? If so and `promote`, update its recency/frequency. Misses may update ghost state. */
  find(id: number, promote: boolean): boolean;
  /**
   * The policy's own insertion rule (optional, see the header): may the object that just missed be
   * inserted? false = it is not inserted and nothing is evicted (a bypass). Absent = always.
   */
  admits?(id: number, size: number): boolean;
  /** Must evict() be called now, though the cache is not full (see the header)? Absent = never. */
  overfull?(): boolean;
  /** Make absent `id` resident with `size`. The engine has already made room. */
  insert(id: number, size: number): void;
  /** The id the next `evict()` would remove, without side effects (at any moment); -1 when empty. */
  victim(): number;
  /** Remove and return the victim; -1 when empty. */
  evict(): number;
  /**
   * Remove `id` if resident (delete, expiry, invalidation). Returns whether it was resident; a
   * non-resident id changes nothing (its ghost entry, if any, stays).
   */
  remove(id: number): boolean;
  /** Drop all state about the non-resident `id` (see the header); absent = nothing to forget. */
  forget?(id: number): void;
  /** Whether any state is still held for the non-resident `id`; absent = never. */
  retains?(id: number): boolean;
  readonly usedBytes: number;
  readonly count: number;
}

export interface EvictionCtx {
  /** Capacity in the run's unit (bytes, or objects). */
  capacity: number;
  /** How many distinct ids the run expects (a sizing hint, not a limit). */
  ids: number;
  /** Seed for policies that draw random numbers. */
  seed: number;
  /**
   * Oracle policies only: for the k-th request (k counted by calls to `find`), the index of the
   * next request to the same object, or -1 when there is none.
   */
  nextAccess?: Int32Array;
  /**
   * Slot mode (a node whose policy sees reusable local slots): the node's slot → key map, read as
   * `keyOf[id]` while `id` is in use. A policy whose state mixes ids and cannot be forgotten per id
   * (a hashed frequency sketch) hashes the key instead of the slot, so counts follow objects.
   */
  keys?: { readonly keyOf: Uint32Array };
}

export type EvictionSpec = Spec<EvictionPolicy, any, EvictionCtx>;
