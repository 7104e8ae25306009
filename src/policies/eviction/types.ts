// The eviction policy interface. The engine (src/sim/cache.ts) owns the request loop and every
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
// - sizes are in the run's unit: bytes, or 1 per object when capacity is counted in objects; 0 is a
//   valid size in bytes.
import type { Spec } from "../spec.js";

export interface EvictionPolicy {
  /** Is `id` resident? If so and `promote`, update its recency/frequency. Misses may update ghost state. */
  find(id: number, promote: boolean): boolean;
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
}

export type EvictionSpec = Spec<EvictionPolicy, any, EvictionCtx>;
