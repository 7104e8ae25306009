import { describe, expect, it } from "vitest";
import { slru } from "../../src/policies/eviction/slru.js";
import { loadFixture, referenceRows, run } from "./reference.js";

const TRACE = "cloudPhysicsIO.oracleGeneral.bin";
/** Allowed miss-ratio difference for algorithms libCacheSim's README does not call fully specified. */
const TOLERANCE = 0.005;

// In objects unit our SLRU reproduces libCacheSim's counts exactly, so those rows also assert the exact
// counts. With bytes, the lowest segment's overflow is evicted at the next miss rather than inside the
// hit (see slru.ts): measured differences are -0.0008 and -0.0007 in miss ratio.
describe("golden: slru on oracleGeneral against libCacheSim", () => {
  const rows = referenceRows().filter((r) => r.trace === TRACE && r.algorithm === "slru");
  it("has reference rows", () => expect(rows.length).toBeGreaterThan(0));
  for (const row of rows) {
    it(`${row.cacheSize} ${row.unit}`, () => {
      const out = run(slru, loadFixture(TRACE), row.cacheSize, row.unit);
      expect(Math.abs(out.missRatio - row.missRatio)).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(out.byteMissRatio - row.byteMissRatio)).toBeLessThanOrEqual(TOLERANCE);
      if (row.unit === "objects") {
        expect([out.requests, out.misses, out.byteRequests, out.byteMisses]).toEqual([
          row.requests,
          row.misses,
          row.byteRequests,
          row.byteMisses,
        ]);
      }
    });
  }
});
