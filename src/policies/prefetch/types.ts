// The prefetcher interface: the third pluggable strategy kind, beside eviction and admission.
//
// A prefetcher watches the demand requests a cache node serves and may ask the node to fetch other
// objects into the cache before they are requested. The engine (src/engine/node.ts) owns every
// counter and every insert; a prefetcher only predicts.
//
// Contract, relied on by the engine and checked by test/policies/prefetch/properties.test.ts:
// - `access(id, size, time, ctx, hit, sink)` is called once per demand request (GET or SET; a
//   DELETE is not a request), in trace order, AFTER the request was served (hit, or miss and
//   insert), as libCacheSim calls a prefetcher after cache_get. `ctx` is the request's context
//   index (0 when the workload has none; see `PrefetchCtx.contexts`).
// - Inside `access` the prefetcher may call `sink.fetch(id, size)` any number of times. Each call
//   is served at once, in order: an id that is resident, negative, not an integer, or at least
//   `ctx.idLimit`, or a size that is negative or larger than the cache, changes nothing. Otherwise
//   the node evicts as for a miss, inserts the object, marks it prefetched and counts one prefetch
//   (one backend fetch of `size`). In `objects` unit the size is 1 whatever the prefetcher says.
// - `sink.resident(id)` tells whether an id is in the cache now (no side effect).
// - `evicted(id, reason)` (optional) is called when an object leaves the cache: `evict` when the policy
//   chose it to make room, `remove` when a DELETE, an expiry or a replacing SET took it out.
// - A prefetcher must not keep unbounded state on a long trace: each built-in one has a memory bound
//   among its parameters.
// - Ids are the node's ids: the trace's dense ids (first-seen order) in the simulator. A prefetcher
//   that reasons about the trace's own keys (OBL's "next block") reads `ctx.keys` when the run has
//   them and falls back to dense ids otherwise (see obl.ts).
import type { Spec } from "../spec.js";

/** What a prefetcher may do to the cache while it handles one request. */
export interface PrefetchSink {
  /** Fetch `id` (of `size`, in the run's unit) into the cache now; see the contract above. */
  fetch(id: number, size: number): void;
  /** Is `id` in the cache? */
  resident(id: number): boolean;
}

export interface Prefetcher {
  access(id: number, size: number, time: number, ctx: number, hit: boolean, sink: PrefetchSink): void;
  evicted?(id: number, reason: LeaveReason): void;
}

/** Why an object left the cache: chosen by the policy to make room, or removed (DELETE, TTL, replacing SET). */
export type LeaveReason = "evict" | "remove";

/** One entry of a workload's context table: what a request's context index stands for. */
export interface RequestContext {
  /** Region name (`eu`, `us`, …), "" when the workload has no regions. */
  region: string;
  /** Device type (`phone`, `tv`, …), "" when the workload has none. */
  device: string;
  /** Local time = trace time + utcOffsetHours × 3600 (the region's time zone). */
  utcOffsetHours: number;
}

/** Maps the run's dense ids to the trace's own keys and back (OBL's "next block"). */
export interface KeySpace {
  /** The trace key of a dense id (NaN when unknown). */
  keyOf(id: number): number;
  /** The dense id of a trace key, or -1 when the run has no id for it. */
  idOf(key: number): number;
}

export interface PrefetchCtx {
  /** Capacity in the run's unit. */
  capacity: number;
  /** True when sizes are bytes; false in `objects` unit (every object is 1). */
  bytes: boolean;
  /** How many distinct ids the run expects (a sizing hint). */
  ids: number;
  /** Ids at or above this are refused by the node (they belong to no object of the run). */
  idLimit: number;
  seed: number;
  /** The workload's context table, indexed by a request's context; [] when it has none. */
  contexts: readonly RequestContext[];
  /** The trace's keys, when the run keeps them. */
  keys?: KeySpace;
}

export type PrefetchSpec = Spec<Prefetcher, any, PrefetchCtx>;

/** The context table of a workload without context: index 0, empty. */
export const NO_CONTEXT: readonly RequestContext[] = [];
