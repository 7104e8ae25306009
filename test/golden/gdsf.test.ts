import { describe, expect, it } from "vitest";
import { gdsf } from "../../src/policies/eviction/gdsf.js";
import { loadFixture, referenceRows, run } from "./reference.js";

const TRACE = "cloudPhysicsIO.oracleGeneral.bin";
const TOLERANCE = 0.005;

// GDSF is deterministic (ties broken by last request time, as libCacheSim's ordered set does), so
// the counts match libCacheSim exactly, which is stronger than the 0.005 tolerance required of it.
describe("golden: gdsf on oracleGeneral matches libCacheSim exactly", () => {
  const rows = referenceRows().filter((r) => r.trace === TRACE && r.algorithm === "gdsf");
  it("has reference rows for both units", () => {
    expect(rows.filter((r) => r.unit === "objects").length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.unit === "bytes").length).toBeGreaterThan(0);
  });
  for (const row of rows) {
    it(`${row.cacheSize} ${row.unit}`, () => {
      const out = run(gdsf, loadFixture(TRACE), row.cacheSize, row.unit);
      expect(Math.abs(out.missRatio - row.missRatio)).toBeLessThanOrEqual(TOLERANCE);
      expect([out.requests, out.misses, out.byteRequests, out.byteMisses]).toEqual([
        row.requests,
        row.misses,
        row.byteRequests,
        row.byteMisses,
      ]);
    });
  }
});
