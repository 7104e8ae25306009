// Golden tests across trace formats: the csv, vscsi and txt copies of the CloudPhysics trace give
// libCacheSim's reference counts too (csv and vscsi carry per-request sizes, txt none).
import { describe, expect, it } from "vitest";
import { evictionPolicies } from "../../src/policies/eviction/registry.js";
import type { EvictionSpec } from "../../src/policies/eviction/types.js";
import { openTrace } from "../../src/workload/formats.js";
import { loadFixture, referenceRows, run } from "./reference.js";

/** Fully specified algorithms (and those we reproduce to the request): counts must be identical. */
const EXACT = new Set(["lru", "fifo", "sieve", "belady", "clock", "lfu", "twoq", "s3fifo"]);
const TOLERANCE = 0.005;
/** Parameters that select libCacheSim's variant where ours defaults to another (W-TinyLFU: Caffeine's aging). */
const PARAMS: Record<string, Record<string, number>> = { wtinylfu: { libcachesimAging: 1 } };

const specs = new Map((Object.values(evictionPolicies) as EvictionSpec[]).map((s) => [s.name, s]));
const traces = ["cloudPhysicsIO.csv", "cloudPhysicsIO.vscsi", "cloudPhysicsIO.txt"];

for (const trace of traces) {
  describe(`golden: ${trace}`, () => {
    const rows = referenceRows().filter((r) => r.trace === trace && specs.has(r.algorithm));
    it("has reference rows for our policies", () => {
      expect(rows.length).toBeGreaterThan(20);
    });
    for (const row of rows) {
      const exact = EXACT.has(row.algorithm);
      it(`${row.algorithm} ${row.cacheSize} ${row.unit}${exact ? " (exact)" : ""}`, () => {
        const t = loadFixture(trace, (p) => openTrace(p));
        const out = run(specs.get(row.algorithm)!, t, row.cacheSize, row.unit, PARAMS[row.algorithm]);
        expect(out.requests).toBe(row.requests);
        expect(out.byteRequests).toBe(row.byteRequests);
        if (exact) expect([out.misses, out.byteMisses]).toEqual([row.misses, row.byteMisses]);
        else expect(Math.abs(out.missRatio - row.missRatio)).toBeLessThanOrEqual(TOLERANCE);
      });
    }
  });
}
