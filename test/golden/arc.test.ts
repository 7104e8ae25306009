import { describe, expect, it } from "vitest";
import { arc } from "../../src/policies/eviction/arc.js";
import { loadFixture, referenceRows, run } from "./reference.js";

const TRACE = "cloudPhysicsIO.oracleGeneral.bin";
/** Allowed miss-ratio difference for algorithms libCacheSim's README does not call fully specified. */
const TOLERANCE = 0.005;

// In objects unit our ARC reproduces libCacheSim's counts exactly (the incoming size it has to
// estimate is always 1 there), so those rows also assert the exact counts. With bytes it estimates the
// incoming object's size (see arc.ts): measured differences are 0 and -0.0001 in miss ratio.
describe("golden: arc on oracleGeneral against libCacheSim", () => {
  const rows = referenceRows().filter((r) => r.trace === TRACE && r.algorithm === "arc");
  it("has reference rows", () => expect(rows.length).toBeGreaterThan(0));
  for (const row of rows) {
    it(`${row.cacheSize} ${row.unit}`, () => {
      const out = run(arc, loadFixture(TRACE), row.cacheSize, row.unit);
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
