import { describe, expect, it } from "vitest";
import { beladySize } from "../../src/policies/eviction/belady-size.js";
import { loadFixture, referenceRows, run } from "./reference.js";

const TRACE = "cloudPhysicsIO.oracleGeneral.bin";
/** Allowed miss-ratio difference: libCacheSim samples victims from its hash table, we cannot replay its draws. */
const TOLERANCE = 0.005;

describe("golden: beladySize on oracleGeneral against libCacheSim (within tolerance)", () => {
  const rows = referenceRows().filter((r) => r.trace === TRACE && r.algorithm === "beladySize");
  it("has reference rows", () => expect(rows.length).toBeGreaterThan(0));
  for (const row of rows) {
    // default (128 samples per eviction, libCacheSim's n-sample) and the exact scan
    for (const samples of [128, 0]) {
      it(`${row.cacheSize} ${row.unit}, samples=${samples}`, () => {
        const out = run(beladySize, loadFixture(TRACE), row.cacheSize, row.unit, { samples });
        expect(out.requests).toBe(row.requests);
        expect(out.byteRequests).toBe(row.byteRequests);
        expect(Math.abs(out.missRatio - row.missRatio)).toBeLessThanOrEqual(TOLERANCE);
        expect(Math.abs(out.byteMissRatio - row.byteMissRatio)).toBeLessThanOrEqual(TOLERANCE);
      });
    }
  }
});
