// The cluster model end to end through the loader and simulate(): determinism across runs and
// thread counts, the batched path = the request-by-request path, no request lost at any phase,
// failover with R = 2, copy-hot's smaller dip than cold, keys remapped on scale-out, and stale reads
// against broadcast invalidation. Workloads are small (tens of thousands of requests).
import { afterEach, describe, expect, it } from "vitest";
import { ClusterSim, SPARSE_L1 } from "../../../src/sim/cluster/run.js";
import type { ResultRow } from "../../../src/sim/result.js";
import { deterministic, runScenario } from "./run.js";

const ZIPF = "{ type: synthetic, requests: 20000, objects: 2000, keys: { dist: zipf, alpha: 0.9 }";

function sc(cluster: string, workload = `${ZIPF} }`, cache = "{ capacity: [10%], eviction: [lru] }"): string {
  return `name: c\nseed: 11\nworkload: ${workload}\ncache: ${cache}\ncluster: ${cluster}\n`;
}

/** Every count adds up: requests = hits + misses overall, per phase, and per tier. */
function checkBooks(r: ResultRow): void {
  expect(r.hits + r.misses).toBe(r.requests);
  const phases = r.phases!;
  for (const p of phases) expect(p.hits + p.misses, p.event).toBe(p.requests);
  expect(phases.reduce((s, p) => s + p.requests, 0)).toBe(r.requests);
  expect(phases.reduce((s, p) => s + p.hits, 0)).toBe(r.hits);
  const t = r.tiers!;
  expect(t.l1.hits + t.l2.hits).toBe(r.hits);
  expect(r.nodes!.reduce((s, n) => s + n.requests, 0)).toBe(t.l2.requests);
  expect(r.nodes!.reduce((s, n) => s + n.hits, 0)).toBe(t.l2.hits);
  if (r.latency) expect(r.latency.count).toBe(r.requests);
}

afterEach(() => {
  ClusterSim.batched = true;
  ClusterSim.sparseL1 = SPARSE_L1;
});

describe("cluster simulation", () => {
  it("gives byte-identical results across runs and thread counts (4 nodes, events, near caches, writes)", async () => {
    const yaml = sc(
      `{ nodes: 4, placement: [ring, jump], replication: 2, clients: 3,
         l1: { capacity: 50, ttl: 1s, invalidation: broadcast },
         events: [{ at: 30%, down: node2 }, { at: 50%, add: node4 }, { at: 70%, up: node2 }] }`,
      `${ZIPF}, ops: { set: 0.05, delete: 0.01 }, rate: 5000 }`,
    );
    const a = await runScenario(yaml, 1);
    // two worker threads (a run this small otherwise stays in this thread)
    const b = await runScenario(yaml, 2, true);
    expect(b.run.threads).toBe(2);
    expect(a.run.threads).toBe(1);
    const rows = (r: typeof a) => JSON.stringify(r.results.map(deterministic));
    expect(rows(b)).toBe(rows(a));
    expect(a.results).toHaveLength(2);
    for (const r of a.results) checkBooks(r);
  });

  it("the batched path gives exactly what the request-by-request path gives", async () => {
    const yaml = sc(
      `{ nodes: 4, placement: ring, clients: 5, l1: { capacity: 40, ttl: 2s },
         events: [{ at: 25%, down: node1 }, { at: 60%, up: node1 }, { at: 80%, remove: node3 }] }`,
      `${ZIPF}, rate: 4000 }`,
      "{ capacity: [8%], eviction: [s3fifo], warmup: 5% }",
    );
    const batched = await runScenario(yaml);
    ClusterSim.batched = false;
    const single = await runScenario(yaml);
    expect(deterministic(batched.results[0])).toEqual(deterministic(single.results[0]));
    checkBooks(batched.results[0]);
    expect(batched.results[0].tiers!.l1.hits).toBeGreaterThan(0);
  });

  it("a sparse near cache gives the same in slot mode as with dense per-id arrays (LRU, S3-FIFO, ARC, SIEVE)", async () => {
    // 2,000 ids, L1s of 60 objects: 60 × 16 ≤ 2,000, so the L1s run in slot mode (the speed rule)
    const cases = [
      ...["lru", "s3fifo", "arc", "sieve"].map((l1) => ({ l1, extra: "", workload: `${ZIPF} }` })),
      // TTLs, writes and broadcast invalidation (the request-by-request path, expiry in slot mode)
      {
        l1: "lru",
        extra: ", ttl: 1s, invalidation: broadcast",
        workload: `${ZIPF}, ops: { set: 0.05, delete: 0.01 }, rate: 5000 }`,
      },
    ];
    for (const { l1, extra, workload } of cases) {
      const yaml = sc(
        `{ nodes: 3, placement: jump, clients: 4, l1: { capacity: 60, eviction: ${l1}${extra} }, latency: off }`,
        workload,
        "{ capacity: [10%], eviction: [lru] }",
      );
      const slots = await runScenario(yaml);
      ClusterSim.sparseL1 = 0;
      const dense = await runScenario(yaml);
      ClusterSim.sparseL1 = SPARSE_L1;
      expect(deterministic(slots.results[0]), l1).toEqual(deterministic(dense.results[0]));
      expect(slots.results[0].tiers!.l1.hits, l1).toBeGreaterThan(1000);
    }
  });

  it("node-failure with R = 2: reads fail over, none is lost, the dip and the recovery per phase", async () => {
    const r = (
      await runScenario(
        sc("{ nodes: 4, placement: ring, replication: 2, events: [{ at: 40%, down: node1 }, { at: 70%, up: node1 }] }"),
      )
    ).results[0];
    checkBooks(r);
    const [start, down, up] = r.phases!;
    expect([start.event, down.event, up.event]).toEqual(["start", "down node1", "up node1"]);
    expect(down.atRequest).toBe(8000);
    expect(up.atRequest).toBe(14000);
    expect(r.tiers!.failovers).toBeGreaterThan(0);
    // node1 served nothing while it was down: every one of its keys went to a replica
    expect(r.misses).toBe(r.tiers!.backend.fetches);
    expect(down.hitRatioBefore).not.toBeNull();
    expect(down.lowestHitRatio!).toBeLessThan(down.hitRatioBefore!);
    expect(up.lowestHitRatio!).toBeLessThan(up.hitRatioBefore!);
    expect(down.recoveryRequests).not.toBeNull();
    // the latency of a failover includes the timeout (2 s by default)
    expect(down.latency!.maxMs).toBeGreaterThanOrEqual(2000);
    expect(start.latency!.maxMs).toBeLessThan(2000);
  });

  it("a node down with R = 1: its keys become backend fetches, still counted", async () => {
    const r = (await runScenario(sc("{ nodes: 2, placement: modulo, events: [{ at: 50%, down: node0 }] }"))).results[0];
    checkBooks(r);
    expect(r.tiers!.failovers).toBe(0);
    // after the event node0 takes no request
    const node0 = r.nodes!.find((n) => n.name === "node0")!;
    expect(node0.requests).toBeLessThan(r.phases![0].requests);
    expect(r.phases![1].lowestHitRatio!).toBeLessThan(r.phases![1].hitRatioBefore! * 0.8);
  });

  it("events at a time: the first request at or after that many seconds past the first one", async () => {
    const r = (
      await runScenario(
        sc(
          "{ nodes: 3, placement: maglev, events: [{ at: 5s, down: node2 }, { at: 12.5s, up: node2 }] }",
          "{ type: synthetic, requests: 20000, objects: 2000, rate: 1000, arrivals: fixed }",
        ),
      )
    ).results[0];
    expect(r.phases!.map((p) => [p.event, p.atRequest])).toEqual([
      ["start", 0],
      ["down node2", 5000],
      ["up node2", 12500],
    ]);
    checkBooks(r);
  });

  it("blue-green: copy-hot dips less than cold", async () => {
    const res = await runScenario(
      sc(
        "{ nodes: 4, placement: ring, events: [{ at: 50%, cutover: { eviction: s3fifo, warm: [cold, copy-hot:200] } }] }",
      ),
    );
    const [cold, hot] = res.results;
    for (const r of res.results) checkBooks(r);
    expect(cold.cluster!.events).toEqual(["cutover cold"]);
    expect(hot.cluster!.events).toEqual(["cutover copy-hot:200"]);
    const dip = (r: ResultRow) => r.phases![1].lowestHitRatio!;
    expect(dip(hot)).toBeGreaterThan(dip(cold));
    expect(hot.phases![1].keysRemapped).toBe(cold.phases![1].keysRemapped);
    expect(hot.hitRatio).toBeGreaterThan(cold.hitRatio);
    // green's nodes took over: blue's served only the first half
    expect(cold.nodes!.map((n) => n.name)).toEqual([
      "node0",
      "node1",
      "node2",
      "node3",
      "green-node0",
      "green-node1",
      "green-node2",
      "green-node3",
    ]);
  });

  it("shadow traffic warms green before the switch", async () => {
    const res = await runScenario(
      sc("{ nodes: 2, placement: jump, events: [{ at: 40%, cutover: { warm: [cold, 'shadow:2000'] } }] }"),
    );
    const [cold, shadow] = res.results;
    for (const r of res.results) checkBooks(r);
    expect(shadow.phases![1].atRequest).toBe(8000 + 2000);
    expect(shadow.phases![1].lowestHitRatio!).toBeGreaterThan(cold.phases![1].lowestHitRatio!);
  });

  it("scale-out: modulo remaps about N/(N+1) of the keys, ring and jump about 1/(N+1)", async () => {
    const res = await runScenario(
      sc("{ nodes: 4, placement: [modulo, ring, jump], events: [{ at: 50%, add: node4 }] }"),
    );
    const share = (r: ResultRow) => r.phases![1].keysRemapped / 2000;
    const [modulo, ring, jump] = res.results;
    expect(share(modulo)).toBeGreaterThan(0.75);
    expect(share(modulo)).toBeLessThan(0.85);
    expect(share(ring)).toBeGreaterThan(0.12);
    expect(share(ring)).toBeLessThan(0.3);
    expect(share(jump)).toBeGreaterThan(0.16);
    expect(share(jump)).toBeLessThan(0.24);
    expect(modulo.phases![1].lowestHitRatio!).toBeLessThan(jump.phases![1].lowestHitRatio!);
    for (const r of res.results) expect(r.nodes!.at(-1)!.name).toBe("node4");
  });

  it("near caches: ttl invalidation serves stale reads, broadcast none but sends messages", async () => {
    const res = await runScenario(
      sc(
        `{ nodes: 2, placement: ring, clients: 4,
           l1: [{ capacity: 100, ttl: 3s, invalidation: ttl }, { capacity: 100, invalidation: broadcast }] }`,
        `${ZIPF}, ops: { set: 0.1 }, rate: 2000 }`,
      ),
    );
    const [ttl, broadcast] = res.results;
    for (const r of res.results) checkBooks(r);
    expect(ttl.tiers!.staleReads).toBeGreaterThan(0);
    expect(ttl.tiers!.invalidations.messages).toBe(0);
    expect(broadcast.tiers!.staleReads).toBe(0);
    expect(broadcast.tiers!.invalidations.messages).toBeGreaterThan(0);
    expect(broadcast.tiers!.invalidations.bytes).toBe(broadcast.tiers!.invalidations.messages * 48);
    expect(ttl.cluster!.l1).toEqual({
      policy: "lru",
      capacity: 100,
      capacityText: "100",
      ttlS: 3,
      invalidation: "ttl",
    });
  });
});
