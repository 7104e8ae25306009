import { describe, expect, it } from "vitest";
import { wtinylfu } from "../../src/policies/eviction/wtinylfu.js";
import { loadFixture, referenceRows, run } from "./reference.js";

const TRACE = "cloudPhysicsIO.oracleGeneral.bin";
const TOLERANCE = 0.005;

// libCacheSim has wtinylfu rows only from 489 objects up (its 1% window truncates to nothing below
// 100 objects); every row it has is checked. Exact counts are not expected: the sketch hashes dense
// ids, libCacheSim hashes the trace's 64-bit ids (see the header of wtinylfu.ts).
describe("golden: wtinylfu on oracleGeneral is within 0.005 of libCacheSim", () => {
  const rows = referenceRows().filter((r) => r.trace === TRACE && r.algorithm === "wtinylfu");
  it("has reference rows for both units", () => {
    expect(rows.filter((r) => r.unit === "objects").length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.unit === "bytes").length).toBeGreaterThan(0);
  });
  for (const row of rows) {
    it(`${row.cacheSize} ${row.unit}`, () => {
      const out = run(wtinylfu, loadFixture(TRACE), row.cacheSize, row.unit);
      expect(out.requests).toBe(row.requests);
      expect(out.byteRequests).toBe(row.byteRequests);
      expect(Math.abs(out.missRatio - row.missRatio)).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(out.byteMissRatio - row.byteMissRatio)).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});
