// --compare-sim: what the simulator predicts for the requests a live bench sent. Each node of the
// cluster is simulated as its own cache — the same eviction policy (src/policies, the module the node
// runs), the node's memory as capacity, in bytes — over exactly the requests the live run routed to
// it (the same placement, `owner[id]`), in request order, with the same warm-up. An entry is charged
// what a cachelab node charges: key bytes + value bytes + 64 (docs/node.md), so the simulated and the
// live cache hold the same entries when they see the same sequence. Requests the live run never sent
// are left out; requests that failed live are replayed (the simulator has no failures), which the
// error count tells.
import type { PolicyRef } from "../policies/resolve.js";
import { runJob } from "../sim/job.js";
import { GET, type RequestBatch } from "../workload/types.js";
import { OUT_HIT } from "./driver.js";
import { type BenchRequests, ENTRY_OVERHEAD, KEY_BYTES } from "./requests.js";

export interface PredictedNode {
  name: string;
  requests: number;
  hits: number;
  misses: number;
  hitRatio: number;
}

export interface Prediction {
  requests: number;
  hits: number;
  misses: number;
  hitRatio: number;
  nodes: PredictedNode[];
}

export interface CompareInput {
  requests: BenchRequests;
  /** Per request: 0 = never sent (left out). */
  outcome: Uint8Array;
  owner: Uint8Array | null;
  nodeNames: readonly string[];
  eviction: PolicyRef;
  nodeMemoryBytes: number;
  warmupRequests: number;
  seed: number;
}

export async function predict(o: CompareInput): Promise<Prediction> {
  const r = o.requests;
  const nodes: PredictedNode[] = [];
  for (let node = 0; node < o.nodeNames.length; node++) {
    let count = 0;
    let warm = 0;
    for (let i = 0; i < r.length; i++)
      if (o.outcome[i] !== 0 && (o.owner ? o.owner[r.key[i]] : 0) === node) {
        count++;
        if (i < o.warmupRequests) warm++;
      }
    const batch: RequestBatch = {
      length: count,
      time: new Float64Array(count),
      key: new Uint32Array(count),
      size: new Uint32Array(count),
      op: new Uint8Array(count).fill(GET),
    };
    let j = 0;
    for (let i = 0; i < r.length; i++)
      if (o.outcome[i] !== 0 && (o.owner ? o.owner[r.key[i]] : 0) === node) {
        batch.key[j] = r.key[i];
        batch.size[j] = KEY_BYTES + r.size[i] + ENTRY_OVERHEAD;
        j++;
      }
    if (count - warm === 0) {
      nodes.push({ name: o.nodeNames[node], requests: 0, hits: 0, misses: 0, hitRatio: 0 });
      continue;
    }
    const row = await runJob(
      {
        eviction: o.eviction,
        capacity: o.nodeMemoryBytes,
        capacityText: String(o.nodeMemoryBytes),
        unit: "bytes",
        seed: o.seed,
        warmup: warm,
        window: 0,
      },
      { batches: [batch], ids: r.objects, ops: false },
    );
    nodes.push({
      name: o.nodeNames[node],
      requests: row.requests,
      hits: row.hits,
      misses: row.misses,
      hitRatio: row.hitRatio,
    });
  }
  const requests = nodes.reduce((a, x) => a + x.requests, 0);
  const hits = nodes.reduce((a, x) => a + x.hits, 0);
  return { requests, hits, misses: requests - hits, hitRatio: requests > 0 ? hits / requests : 0, nodes };
}

/** The live hits per node, for the side-by-side table. */
export function liveHitsPerNode(
  r: BenchRequests,
  outcome: Uint8Array,
  owner: Uint8Array | null,
  nodes: number,
  from: number,
) {
  const out = Array.from({ length: nodes }, () => ({ requests: 0, hits: 0, misses: 0, errors: 0 }));
  for (let i = from; i < r.length; i++) {
    const o = outcome[i];
    if (o === 0) continue;
    const x = out[owner ? owner[r.key[i]] : 0];
    x.requests++;
    if (o === OUT_HIT) x.hits++;
    else if (o === 2) x.misses++;
    else x.errors++;
  }
  return out;
}
