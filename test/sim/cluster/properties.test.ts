// Properties of random small clusters (fast-check): whatever the nodes, placement, replication,
// clients, near cache, writes, timeline of node events and cutover, every count adds up (requests = hits +
// misses overall, per phase and per tier; nodes' requests = L2 requests) and the batched path gives
// exactly what the request-by-request path gives.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { ClusterSim } from "../../../src/sim/cluster/run.js";
import { deterministic, runScenario } from "./run.js";

type Ev = { at: number; kind: "down" | "up" | "add" | "remove"; node: string };

/** A valid timeline from random choices: only nodes that exist, down before up, never the last one removed. */
function timeline(nodes: number, picks: { at: number; what: number; which: number }[]): Ev[] {
  const names = Array.from({ length: nodes }, (_, i) => `node${i}`);
  const down = new Set<string>();
  let added = 0;
  const out: Ev[] = [];
  for (const p of [...picks].sort((a, b) => a.at - b.at)) {
    const live = names.filter((n) => !down.has(n));
    const what = p.what % 4;
    if (what === 0 && live.length > 0) {
      const n = live[p.which % live.length];
      down.add(n);
      out.push({ at: p.at, kind: "down", node: n });
    } else if (what === 1 && down.size > 0) {
      const n = [...down][p.which % down.size];
      down.delete(n);
      out.push({ at: p.at, kind: "up", node: n });
    } else if (what === 2) {
      const n = `extra${added++}`;
      names.push(n);
      out.push({ at: p.at, kind: "add", node: n });
    } else if (what === 3 && names.length > 1) {
      const n = names[p.which % names.length];
      names.splice(names.indexOf(n), 1);
      down.delete(n);
      out.push({ at: p.at, kind: "remove", node: n });
    }
  }
  return out;
}

afterEach(() => {
  ClusterSim.batched = true;
});

describe("random clusters", () => {
  it("balance their books and give the same result batched and request by request", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          nodes: fc.integer({ min: 1, max: 5 }),
          placement: fc.constantFrom("modulo", "ring", "jump", "rendezvous", "maglev", "bounded", "multiprobe"),
          replication: fc.integer({ min: 1, max: 3 }),
          clients: fc.integer({ min: 1, max: 3 }),
          l1: fc.option(fc.record({ capacity: fc.integer({ min: 1, max: 30 }), broadcast: fc.boolean() })),
          writes: fc.constantFrom(0, 0.1),
          eviction: fc.constantFrom("lru", "s3fifo", "sieve", "arc"),
          cutover: fc.option(fc.constantFrom("cold", "copy-hot:20", "shadow:200", "shadow:0.1s")),
          picks: fc.array(fc.record({ at: fc.integer({ min: 0, max: 3000 }), what: fc.nat(), which: fc.nat() }), {
            maxLength: 5,
          }),
        }),
        async (c) => {
          const evs = timeline(c.nodes, c.picks);
          const list = evs.map((e) => `{ at: ${e.at}, ${e.kind}: ${e.node} }`);
          // a cutover after the other events (they name blue's nodes), to 2 nodes of another policy
          if (c.cutover)
            list.push(
              `{ at: ${Math.max(0, ...evs.map((e) => e.at)) + 1}, cutover: { eviction: fifo, nodes: 2, warm: "${c.cutover}" } }`,
            );
          const events = list.join(", ");
          const l1 = c.l1
            ? `, l1: { capacity: ${c.l1.capacity}, ttl: 1s, invalidation: ${c.l1.broadcast ? "broadcast" : "ttl"} }`
            : "";
          const ops = c.writes > 0 ? `, ops: { set: ${c.writes}, delete: 0.02 }` : "";
          const yaml = `seed: 3
workload: { type: synthetic, requests: 3000, objects: 300, rate: 1000${ops} }
cache: { capacity: [10%], eviction: [${c.eviction}], window: 200 }
cluster: { nodes: ${c.nodes}, placement: ${c.placement}, replication: ${c.replication}, clients: ${c.clients}${l1}, events: [${events}] }
`;
          ClusterSim.batched = true;
          const a = (await runScenario(yaml)).results[0];
          ClusterSim.batched = false;
          const b = (await runScenario(yaml)).results[0];
          expect(deterministic(a)).toEqual(deterministic(b));
          expect(a.hits + a.misses).toBe(a.requests);
          for (const p of a.phases!) expect(p.hits + p.misses).toBe(p.requests);
          expect(a.phases!.reduce((s, p) => s + p.requests, 0)).toBe(a.requests);
          expect(a.tiers!.l1.hits + a.tiers!.l2.hits).toBe(a.hits);
          expect(a.nodes!.reduce((s, n) => s + n.requests, 0)).toBe(a.tiers!.l2.requests);
          expect(a.latency!.count).toBe(a.requests);
          if (c.l1 === null || c.writes === 0 || c.l1.broadcast) expect(a.tiers!.staleReads).toBe(0);
        },
      ),
      { numRuns: 12 },
    );
  });
});
