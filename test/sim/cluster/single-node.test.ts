// Issue 8, item 3: one node, no replicas, no near cache = the single-cache simulator, exactly. Every
// request goes lookup (+ store) to the one node, which the engine guarantees is what `replay` does;
// this checks the whole path (placement, the boundary loop, warm-up, the series) on workloads with
// GETs only, with SETs and DELETEs in bytes, and with TTLs, for policies of every family.
import { describe, expect, it } from "vitest";
import { runScenario, singleCacheFields } from "./run.js";

const FAMILIES_A = "[lru, s3fifo, arc, wtinylfu]";
const FAMILIES_B = "[lru, sieve, slru, twoq]";

function scenario(workload: string, cache: string, cluster: boolean): string {
  return `name: eq
seed: 7
workload: ${workload}
cache: ${cache}
${cluster ? "cluster: { nodes: 1, placement: jump }" : ""}
`;
}

async function compare(workload: string, cache: string): Promise<void> {
  const single = await runScenario(scenario(workload, cache, false));
  const cluster = await runScenario(scenario(workload, cache, true));
  expect(cluster.results.length).toBe(single.results.length);
  single.results.forEach((s, i) => {
    const c = cluster.results[i];
    expect(singleCacheFields(c), `${s.eviction} @ ${s.capacityText}`).toEqual(singleCacheFields(s));
    expect(c.cluster).toMatchObject({ nodes: 1, placement: "jump", replication: 1, clients: 1, l1: null });
    expect(c.nodes?.[0]).toMatchObject({ requests: s.requests, misses: s.misses, loadShare: 1 });
  });
}

describe("a one-node cluster is the single-cache simulator", () => {
  it("GETs only, objects, with a warm-up", async () => {
    await compare(
      "{ type: synthetic, requests: 20000, objects: 2000, keys: { dist: zipf, alpha: 0.8 }, scans: { fraction: 0.05, length: 300 } }",
      `{ capacity: [5%], eviction: ${FAMILIES_A}, warmup: 10% }`,
    );
  });

  it("GETs, SETs and DELETEs of varying sizes, in bytes", async () => {
    await compare(
      "{ type: synthetic, requests: 20000, objects: 2000, sizes: { dist: lognormal, median: 4KiB, sigma: 1, max: 64KiB }, ops: { set: 0.1, delete: 0.05 } }",
      `{ unit: bytes, capacity: [1MiB], eviction: ${FAMILIES_B}, window: 1000 }`,
    );
  });

  it("TTLs", async () => {
    await compare(
      "{ type: synthetic, requests: 20000, objects: 2000, ttl: 2s, rate: 5000, ops: { set: 0.1 } }",
      "{ capacity: [5%], eviction: [lru, s3fifo] }",
    );
  });
});
