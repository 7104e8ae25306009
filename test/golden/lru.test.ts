import { describe, expect, it } from "vitest";
import { lru } from "../../src/policies/eviction/lru.js";
import { loadFixture, referenceRows, run } from "./reference.js";

const TRACE = "cloudPhysicsIO.oracleGeneral.bin";

describe("golden: lru on oracleGeneral matches libCacheSim exactly", () => {
  for (const row of referenceRows().filter((r) => r.trace === TRACE && r.algorithm === "lru")) {
    it(`${row.cacheSize} ${row.unit}`, () => {
      const out = run(lru, loadFixture(TRACE), row.cacheSize, row.unit);
      expect([out.requests, out.misses, out.byteRequests, out.byteMisses]).toEqual([
        row.requests,
        row.misses,
        row.byteRequests,
        row.byteMisses,
      ]);
    });
  }
});
