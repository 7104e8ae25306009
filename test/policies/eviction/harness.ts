// Test helper: replays a hand-written sequence through a policy in the engine's node, by the path
// the simulator uses (CacheNode.replay), and records which requests hit and which ids were evicted,
// in order.
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "../../../src/policies/eviction/types.js";
import { nextAccess } from "../../../src/sim/oracle.js";
import { batchOf, nodeOf, replayEach } from "../../engine/replay.js";

export interface Replay {
  hits: boolean[];
  /** Hit requests as "H"/"m" letters, handy in assertions: "mmHm…" */
  pattern: string;
  victims: number[];
  policy: EvictionPolicy;
}

/** A request of a hand-written sequence: an id (size 1) or an [id, size] pair. */
export type Req = number | readonly [number, number];

export function replay(
  spec: EvictionSpec,
  capacity: number,
  seq: ReadonlyArray<Req>,
  params: Record<string, number> = {},
  ctx: Partial<EvictionCtx> = {},
): Replay {
  const policy = spec.create({ ...spec.defaults, ...params }, { capacity, ids: 4, seed: 1, ...ctx });
  const victims: number[] = [];
  const evict = policy.evict.bind(policy);
  policy.evict = () => {
    const peek = policy.victim();
    const v = evict();
    if (peek !== v) throw new Error(`victim() said ${peek} but evict() removed ${v}`);
    victims.push(v);
    return v;
  };
  const node = nodeOf(policy, capacity);
  const b = batchOf(
    seq.map((r) => (typeof r === "number" ? r : r[0])),
    seq.map((r) => (typeof r === "number" ? 1 : r[1])),
  );
  const hits = replayEach(node, b);
  return { hits, pattern: hits.map((h) => (h ? "H" : "m")).join(""), victims, policy };
}

/** Replays an oracle policy with ctx.nextAccess filled from the sequence itself, as the golden harness does. */
export function replayOracle(
  spec: EvictionSpec,
  capacity: number,
  seq: ReadonlyArray<Req>,
  params: Record<string, number> = {},
): Replay {
  const keys = Uint32Array.from(seq.map((r) => (typeof r === "number" ? r : r[0])));
  const ids = Math.max(...keys) + 1;
  return replay(spec, capacity, seq, params, { nextAccess: nextAccess(keys, keys.length, ids) });
}
