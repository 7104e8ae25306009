import { describe, expect, it } from "vitest";
import { fifo } from "../../src/policies/eviction/fifo.js";
import { loadFixture, referenceRows, run } from "./reference.js";

const TRACE = "cloudPhysicsIO.oracleGeneral.bin";

describe("golden: fifo on oracleGeneral matches libCacheSim exactly", () => {
  const rows = referenceRows().filter((r) => r.trace === TRACE && r.algorithm === "fifo");
  it("has reference rows", () => expect(rows.length).toBeGreaterThan(0));
  for (const row of rows) {
    it(`${row.cacheSize} ${row.unit}`, () => {
      const out = run(fifo, loadFixture(TRACE), row.cacheSize, row.unit);
      expect([out.requests, out.misses, out.byteRequests, out.byteMisses]).toEqual([
        row.requests,
        row.misses,
        row.byteRequests,
        row.byteMisses,
      ]);
    });
  }
});
