import { describe, expect, it } from "vitest";
import { sieve } from "../../src/policies/eviction/sieve.js";
import { loadFixture, referenceRows, run } from "./reference.js";

const TRACE = "cloudPhysicsIO.oracleGeneral.bin";

describe("golden: sieve on oracleGeneral matches libCacheSim exactly", () => {
  const rows = referenceRows().filter((r) => r.trace === TRACE && r.algorithm === "sieve");
  it("has reference rows", () => expect(rows.length).toBeGreaterThan(0));
  for (const row of rows) {
    it(`${row.cacheSize} ${row.unit}`, () => {
      const out = run(sieve, loadFixture(TRACE), row.cacheSize, row.unit);
      expect([out.requests, out.misses, out.byteRequests, out.byteMisses]).toEqual([
        row.requests,
        row.misses,
        row.byteRequests,
        row.byteMisses,
      ]);
    });
  }
});
