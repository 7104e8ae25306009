// Golden: libCacheSim's prefetchers with byte-sized LRU on the CloudPhysics trace, 128 MiB … 1 GiB.
// OBL, PG and Mithril are fully specified once libCacheSim's own rules are followed (obl.ts, pg.ts,
// mithril.ts headers), so every count must equal the reference. Mithril's 8 rows take about 1.5 s
// together on a loaded 2-core machine (the 128 MiB one is the slowest); PG's are the slower ones.
import { describe, expect, it } from "vitest";
import { mithril } from "../../src/policies/prefetch/mithril.js";
import { obl } from "../../src/policies/prefetch/obl.js";
import { pg } from "../../src/policies/prefetch/pg.js";
import type { PrefetchSpec } from "../../src/policies/prefetch/types.js";
import { prefetchRows, runPrefetch } from "./prefetch-reference.js";

const SPECS: Record<string, PrefetchSpec> = { cacheAlgo_OBL: obl, cacheAlgo_PG: pg, cacheAlgo_Mithril: mithril };

describe("golden: libCacheSim prefetchers (LRU, bytes)", () => {
  const rows = prefetchRows();
  it("has 8 rows for each of obl, pg and mithril", () => {
    expect(rows.filter((r) => r.test === "cacheAlgo_OBL").length).toBe(8);
    expect(rows.filter((r) => r.test === "cacheAlgo_PG").length).toBe(8);
    expect(rows.filter((r) => r.test === "cacheAlgo_Mithril").length).toBe(8);
  });
  for (const row of rows) {
    const spec = SPECS[row.test];
    if (!spec) continue;
    it(`${spec.name} at ${row.capacity / 2 ** 20} MiB: requests, misses and bytes exactly`, () => {
      const v = runPrefetch(spec, row.capacity);
      expect([v.requests, v.misses, v.byteRequests, v.byteMisses]).toEqual([
        row.requests,
        row.misses,
        row.byteRequests,
        row.byteMisses,
      ]);
      // the prefetches were judged: every one is used, wasted, or still resident
      expect(v.prefetchUsed + v.prefetchWasted).toBeLessThanOrEqual(v.prefetches);
      expect(v.prefetches).toBeGreaterThan(0);
    });
  }
});
