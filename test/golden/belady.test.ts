import { describe, expect, it } from "vitest";
import { belady } from "../../src/policies/eviction/belady.js";
import { loadFixture, referenceRows, run } from "./reference.js";

const TRACE = "cloudPhysicsIO.oracleGeneral.bin";

// run() fills ctx.nextAccess because the spec is marked oracle.
describe("golden: belady on oracleGeneral matches libCacheSim exactly", () => {
  const rows = referenceRows().filter((r) => r.trace === TRACE && r.algorithm === "belady");
  it("has reference rows", () => expect(rows.length).toBeGreaterThan(0));
  for (const row of rows) {
    it(`${row.cacheSize} ${row.unit}`, () => {
      const out = run(belady, loadFixture(TRACE), row.cacheSize, row.unit);
      expect([out.requests, out.misses, out.byteRequests, out.byteMisses]).toEqual([
        row.requests,
        row.misses,
        row.byteRequests,
        row.byteMisses,
      ]);
    });
  }
});
