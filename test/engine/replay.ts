// Test helpers: drive a CacheNode through the path the simulator uses (CacheNode.replay over
// batches), one position at a time where a test needs each request's outcome. A range of one
// position takes the same loop as a whole batch (the plain-GET fast loop in dense mode without
// admission, the general loop otherwise); a request hit iff the node's miss counter did not move.
import { CacheNode, type NodeOptions } from "../../src/engine/node.js";
import type { EvictionPolicy } from "../../src/policies/eviction/types.js";
import { GET, type RequestBatch } from "../../src/workload/types.js";

/** A batch of GETs (or the given ops) at time 0 (or the given times). */
export function batchOf(
  keys: ArrayLike<number>,
  sizes?: ArrayLike<number>,
  ops?: ArrayLike<number>,
  times?: ArrayLike<number>,
  ttls?: ArrayLike<number>,
): RequestBatch {
  const n = keys.length;
  return {
    length: n,
    key: Uint32Array.from(keys),
    size: sizes ? Uint32Array.from(sizes) : new Uint32Array(n).fill(1),
    op: ops ? Uint8Array.from(ops) : new Uint8Array(n).fill(GET),
    time: times ? Float64Array.from(times) : new Float64Array(n),
    ttl: ttls ? Uint32Array.from(ttls) : undefined,
  };
}

/** Replays every position of `b` on its own; returns which requests hit. */
export function replayEach(node: CacheNode, b: RequestBatch, bytes = true, ops = false): boolean[] {
  const hits: boolean[] = [];
  for (let i = 0; i < b.length; i++) hits.push(replayAt(node, b, i, bytes, ops));
  return hits;
}

/** Replays position `i` of `b`; returns whether it hit. */
export function replayAt(node: CacheNode, b: RequestBatch, i: number, bytes = true, ops = false): boolean {
  const v = node.counters.values;
  const misses = v.misses;
  node.replay(b, i, i + 1, bytes, ops);
  return v.misses === misses;
}

const one = batchOf([0]);

/** One GET of `id` with `size` through the node's replay; returns whether it hit. */
export function request(node: CacheNode, id: number, size = 1): boolean {
  one.key[0] = id;
  one.size[0] = size;
  return replayAt(node, one, 0);
}

/** A dense-mode node (the single-trace simulator's) around `policy`. */
export function nodeOf(policy: EvictionPolicy, capacity: number, o: Partial<NodeOptions> = {}): CacheNode {
  return new CacheNode(policy, { capacity, ...o });
}
