import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactLruCurve, minCapacityForHits } from "../../src/analysis/lru-curve.js";
import { CacheNode } from "../../src/engine/node.js";
import { lru } from "../../src/policies/eviction/lru.js";
import { drive } from "../../src/sim/drive.js";
import { openTrace } from "../../src/workload/formats.js";
import { GET, type RequestBatch, SET } from "../../src/workload/types.js";

const FIX = new URL("../fixtures/traces/", import.meta.url).pathname;
const CLOUD = `${FIX}cloudPhysicsIO.oracleGeneral.bin`;
const VARSIZE = "/work/shared/traces/zipf0.9-lognormal.oracleGeneral.bin";

/** What the simulator's LRU gives at one capacity. */
function simulateLru(open: () => Iterable<RequestBatch>, capacity: number, bytes: boolean, warmup = 0, ids = 1 << 16) {
  const cache = new CacheNode(lru.create({}, { capacity, ids, seed: 1 }), { capacity });
  drive(cache, open(), { bytes, ops: true, warmup, window: 0 });
  return cache.counters.values;
}

function batchOf(reqs: [op: number, id: number, size: number][]): RequestBatch {
  return {
    length: reqs.length,
    op: Uint8Array.from(reqs.map((r) => r[0])),
    key: Uint32Array.from(reqs.map((r) => r[1])),
    size: Uint32Array.from(reqs.map((r) => r[2])),
    time: new Float64Array(reqs.length),
  };
}

describe("exact LRU curve", () => {
  it("hand-checked: byte-weighted stack distances", () => {
    // sizes a=4 b=3 c=5; trace a b c a b: the second a needs 3 + 5 + 4 = 12, the second b 5 + 4 + 3 = 12
    const b = batchOf([
      [GET, 0, 4],
      [GET, 1, 3],
      [GET, 2, 5],
      [GET, 0, 4],
      [GET, 1, 3],
      [GET, 1, 3],
    ]);
    const c = exactLruCurve(() => [b], { unit: "bytes", capacities: [5, 11, 12] });
    expect(c.points.map((p) => [p.capacity, p.misses])).toEqual([
      [5, 5], // at 5 only the last b hits
      [11, 5],
      [12, 3],
    ]);
    expect(c.compulsoryMisses).toBe(3);
    expect(c.exact).toBe(true);
    const o = exactLruCurve(() => [b], { unit: "objects", capacities: [1, 2, 3], keepNeeds: true });
    expect(o.points.map((p) => p.misses)).toEqual([5, 5, 3]);
    expect(minCapacityForHits(o.needs!, 3)).toBe(3);
    expect(minCapacityForHits(o.needs!, 4)).toBeNull();
  });

  for (const unit of ["objects", "bytes"] as const) {
    it(`matches simulate --eviction lru on cloudPhysicsIO (${unit}), misses and byte misses at every size`, () => {
      const open = () => openTrace(CLOUD);
      const curve = exactLruCurve(open, { unit });
      expect(curve.exact).toBe(true);
      expect(curve.points.length).toBeGreaterThan(40);
      // every 6th point (the simulator is the slow side), plus the last
      const pick = curve.points.filter((_, i) => i % 6 === 0 || i === curve.points.length - 1);
      for (const p of pick) {
        const s = simulateLru(open, p.capacity, unit === "bytes");
        expect([p.capacity, p.misses, p.byteMisses]).toEqual([p.capacity, s.misses, s.byteMisses]);
      }
    });
  }

  it("matches simulate on the variable-size trace, including capacities below the largest object, and with warm-up", () => {
    const open = () => openTrace(VARSIZE);
    // below the largest object, small, middling, large, and everything
    const caps = [4096, 65536, 1 << 20, 64 << 20, 500_000_000];
    const curve = exactLruCurve(open, { unit: "bytes", capacities: caps, warmup: 50_000 });
    expect(curve.exact).toBe(true);
    expect(curve.points.map((p) => p.capacity)).toEqual(caps);
    for (const p of curve.points) {
      const s = simulateLru(open, p.capacity, true, 50_000);
      expect([p.capacity, p.misses, p.byteMisses]).toEqual([p.capacity, s.misses, s.byteMisses]);
    }
    // an infinite cache misses only first requests
    expect(curve.points.at(-1)!.misses).toBe(curve.compulsoryMisses);
  });

  it("property: equals the simulator on random GET/SET traces with one size per object", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        (reqs, cap) => {
          const sizeOf = (id: number) => 1 + ((id * 37) % 23);
          const b = batchOf(reqs.map(([set, id]) => [set ? SET : GET, id, sizeOf(id)]));
          for (const unit of ["objects", "bytes"] as const) {
            const c = exactLruCurve(() => [b], { unit, capacities: [cap] });
            const s = simulateLru(() => [b], cap, unit === "bytes", 0, 32);
            expect(c.points[0].misses).toBe(s.misses);
            expect(c.points[0].byteMisses).toBe(s.byteMisses);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("says when a trace breaks the conditions for exactness", () => {
    const b = batchOf([
      [GET, 0, 4],
      [SET, 0, 8],
      [2, 1, 3],
    ]);
    const c = exactLruCurve(() => [b], { unit: "bytes", capacities: [10] });
    expect(c.exact).toBe(false);
    expect(c.notes.join(" ")).toMatch(/DELETE/);
    expect(c.notes.join(" ")).toMatch(/size/);
  });
});
