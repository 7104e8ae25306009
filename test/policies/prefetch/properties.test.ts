// Invariants of prefetching on random request sequences (fast-check), through the engine's node
// and through a whole job (runJob: the node, its twin without prefetching, the result row):
// - the cache never holds more than its capacity, whatever a prefetcher asks for;
// - every registered prefetcher's row has accuracy and coverage in [0, 1] (the result schema,
//   which bounds them, accepts it) and used + wasted ≤ prefetches;
// - a prefetcher that only asks for resident ids or absurd ones (negative, fractional, NaN, huge,
//   out of range, impossible sizes) changes nothing: every counter equals the run without one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CacheNode } from "../../../src/engine/node.js";
import { evictionPolicies } from "../../../src/policies/eviction/registry.js";
import { prefetchers } from "../../../src/policies/prefetch/registry.js";
import type { Prefetcher } from "../../../src/policies/prefetch/types.js";
import { jobResultSchema } from "../../../src/report/schema.js";
import { runJob } from "../../../src/sim/job.js";
import type { RequestBatch } from "../../../src/workload/types.js";

const ID_LIMIT = 64;
const req = fc.record({ id: fc.integer({ min: 0, max: 40 }), size: fc.integer({ min: 0, max: 12 }) });
const reqs = fc.array(req, { minLength: 1, maxLength: 200 });
const anyId = fc.oneof(
  fc.integer({ min: 0, max: ID_LIMIT + 5 }),
  fc.constantFrom(-1, -100, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32, 2 ** 53),
);
const anySize = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constantFrom(-1, 0.5, Number.NaN, 1e9));
const asks = fc.array(fc.array(fc.tuple(anyId, anySize), { maxLength: 4 }), { maxLength: 200 });

function batchOf(rs: { id: number; size: number }[]): RequestBatch {
  const n = rs.length;
  return {
    length: n,
    key: Uint32Array.from(rs, (r) => r.id),
    size: Uint32Array.from(rs, (r) => r.size),
    op: new Uint8Array(n),
    time: Float64Array.from(rs, (_, i) => i * 3600),
    ctx: Uint16Array.from(rs, (r) => r.id % 2),
  };
}

const policies = ["lru", "s3fifo", "slru", "wtinylfu", "arc"] as const;

describe("prefetch properties", () => {
  it("capacity is never exceeded, whatever the prefetcher asks for", () => {
    fc.assert(
      fc.property(
        reqs,
        asks,
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.constantFrom(...policies),
        (rs, script, capacity, bytes, name) => {
          let i = 0;
          const p: Prefetcher = {
            access(_id, _s, _t, _c, _h, sink) {
              for (const [k, s] of script[i++] ?? []) sink.fetch(k, s);
            },
          };
          const spec = evictionPolicies[name];
          const n = new CacheNode(spec.create(spec.defaults, { capacity, ids: 4, seed: 1 }), {
            capacity,
            prefetcher: p,
            prefetchIdLimit: ID_LIMIT,
            bytes,
          });
          const b = batchOf(rs);
          for (let k = 0; k < rs.length; k++) {
            n.replay(b, k, k + 1, bytes, false);
            expect(n.policy.usedBytes).toBeLessThanOrEqual(capacity);
          }
          const v = n.counters.values;
          expect(v.prefetchUsed + v.prefetchWasted).toBeLessThanOrEqual(v.prefetches);
        },
      ),
      {
        numRuns: 150,
        // found by this property: ARC in bytes, a prefetch of an id ARC had just sent to its B1
        // ghost list left the id in B1 while inserting it in T1 (the byte counts then went NaN)
        examples: [
          [
            [
              { id: 0, size: 1 },
              { id: 0, size: 0 },
              { id: 0, size: 1 },
              { id: 1, size: 4 },
            ],
            [[], [[59, 22]], [[59, 18]]],
            22,
            true,
            "arc",
          ],
        ],
      },
    );
  });

  it("asking only for resident or absurd ids changes nothing", () => {
    fc.assert(
      fc.property(reqs, asks, fc.integer({ min: 1, max: 40 }), fc.boolean(), (rs, script, capacity, bytes) => {
        let i = 0;
        const p: Prefetcher = {
          access(id, size, _t, _c, hit, sink) {
            // the object just requested (resident unless it was bypassed) and absurd ids only
            if (hit || sink.resident(id)) sink.fetch(id, size);
            for (const [k, s] of script[i++] ?? [])
              if (!(k >= 0 && k < ID_LIMIT && Number.isInteger(k))) sink.fetch(k, s);
          },
        };
        const make = (pf: Prefetcher | null) =>
          new CacheNode(evictionPolicies.lru.create({}, { capacity, ids: 4, seed: 1 }), {
            capacity,
            prefetcher: pf,
            prefetchIdLimit: ID_LIMIT,
            bytes,
          });
        const a = make(p);
        const b = make(null);
        const t = batchOf(rs);
        a.replay(t, 0, rs.length, bytes, false);
        b.replay(t, 0, rs.length, bytes, false);
        expect(a.counts()).toEqual(b.counts());
        expect(a.counters.values.prefetches).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it("every registered prefetcher: accuracy and coverage in [0, 1], the row passes the result schema", async () => {
    await fc.assert(
      fc.asyncProperty(
        reqs,
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(...Object.keys(prefetchers)),
        fc.boolean(),
        async (rs, capacity, name, bytes) => {
          const row = await runJob(
            {
              eviction: { name: "lru", params: {} },
              capacity,
              capacityText: String(capacity),
              unit: bytes ? "bytes" : "objects",
              seed: 1,
              warmup: 0,
              window: "auto",
              prefetch: { name, params: name === "markov" || name === "context" ? { minCount: 1 } : {} },
            },
            {
              batches: [batchOf(rs)],
              ids: ID_LIMIT,
              ops: false,
              contexts: [
                { region: "a", device: "", utcOffsetHours: 0 },
                { region: "b", device: "", utcOffsetHours: 5 },
              ],
            },
          );
          const p = row.prefetch!;
          expect(p.accuracy).toBeGreaterThanOrEqual(0);
          expect(p.accuracy).toBeLessThanOrEqual(1);
          expect(p.coverage).toBeGreaterThanOrEqual(0);
          expect(p.coverage).toBeLessThanOrEqual(1);
          expect(p.used + p.wasted).toBeLessThanOrEqual(p.prefetches);
          expect(p.baselineMisses - row.misses).toBe(p.missesAvoided);
          jobResultSchema.parse(row);
        },
      ),
      { numRuns: 100 },
    );
  });
});
