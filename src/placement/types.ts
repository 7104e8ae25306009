// The placement contract: which node(s) own a key. A scheme is a Spec in the registry (name,
// summary, cite, defaults, params with bounds, create), so a user's module can be one too.
//
// Keys reach a scheme in one of two ways:
//   - a string key: `hashKey(key)` hashes its bytes the way the scheme's reference does (ring:
//     libketama's MD5 hashi; slots: Redis's CRC16 of the key or its {hash tag}; every other scheme:
//     the same MD5 hashi as ring, so their hashes can be compared), then `owner(hash)`;
//   - an integer id (the simulators' dense ids, u32): `ownerOfId(id)` = `owner(hashId(id))`, with
//     `hashId` = mix32 (src/core/rng.ts), no string and no allocation.
// `owner`, `owners` and `ownerOfId` allocate nothing: typed arrays, binary search over a sorted
// Uint32Array continuum, table look-ups.
import type { Spec } from "../core/spec.js";

export interface Placement {
  /** The scheme's name, as in the registry. */
  readonly scheme: string;
  /** The current nodes; an owner is an index into this list. */
  readonly nodes: readonly string[];
  /** The u32 hash of a string key, as the scheme's reference computes it. */
  hashKey(key: string): number;
  /** The u32 hash of an integer id (fast path for the simulators). */
  hashId(id: number): number;
  /** The primary owner of a hash: an index into `nodes`. */
  owner(hash: number): number;
  /** `owner(hashId(id))`. */
  ownerOfId(id: number): number;
  /**
   * Up to `replicas` distinct owners of a hash, primary first, written to `out`; returns the count
   * (min(replicas, nodes)). Ring, bounded and multiprobe walk their continuum, rendezvous takes the
   * top scores; the others draw successive re-hashes (documented per scheme).
   */
  owners(hash: number, replicas: number, out: Int32Array): number;
  /**
   * The point a hash lands on, where the scheme has one (ring/bounded: the continuum point;
   * maglev: the table slot; slots: the Redis hash slot); -1 otherwise.
   */
  point(hash: number): number;
  /** Adds a node (weight only where the scheme supports weights; default 1). */
  add(node: string, weight?: number): void;
  /** Removes a node; the indices of the nodes after it may change. */
  remove(node: string): void;
  /**
   * True when `owner` depends on the keys placed so far (bounded loads): each `owner` call places
   * one key and counts it; `reset()` forgets every placement.
   */
  readonly loadAware?: boolean;
  reset?(): void;
}

/** A node as given: a name (`host:port` in a server list) and a weight. */
export interface NodeDef {
  name: string;
  weight: number;
}

export interface PlacementContext {
  nodes: readonly NodeDef[];
}

export type PlacementSpec<P extends Record<string, number> = Record<string, number>> = Spec<
  Placement,
  P,
  PlacementContext
> & {
  /** True when the scheme uses node weights; others ignore them (the commands say so). */
  weighted?: boolean;
};
