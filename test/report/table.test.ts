// The terminal view of a simulate result: the policy × capacity grid with the best cell marked, the
// per-pair columns that say something for these rows, and the compulsory-miss floor.
import { describe, expect, it } from "vitest";
import { columnsFor, floorLine, renderGrid, renderSimulateTables } from "../../src/report/table.js";
import { row, simResult, small } from "./fixture.js";

describe("terminal table", () => {
  it("grid: one line per policy, one column per capacity, the best of each capacity marked (Belady aside)", () => {
    expect(renderGrid(small().results).split("\n")).toEqual([
      "miss ratio  10 obj   50 obj",
      "──────────  ───────  ───────",
      "lru         0.6000   0.4000",
      "s3fifo      0.5000*  0.3000*",
      "belady      0.4000   0.2500",
      "* lowest miss ratio at that capacity (Belady aside: the offline bound)",
    ]);
  });

  it("no grid for a single policy; ties are all marked", () => {
    expect(renderGrid([row({ eviction: "lru", capacity: 10, misses: 1 })])).toBe("");
    const g = renderGrid([
      row({ eviction: "a", capacity: 10, misses: 5 }),
      row({ eviction: "b", capacity: 10, misses: 5 }),
    ]);
    expect(g).toContain("a           0.0050*");
    expect(g).toContain("b           0.0050*");
  });

  it("the byte miss ratio only when it differs from the miss ratio; J/request when rows carry energy", () => {
    const keys = (rows: Parameters<typeof columnsFor>[0]) => columnsFor(rows).map((c) => c.key);
    // objects unit: byte counts equal request counts, so the column would repeat the miss ratio
    expect(keys(small().results)).toEqual([
      "eviction",
      "capacity",
      "requests",
      "missRatio",
      "hitRatio",
      "energy.joulesPerRequest",
      "requestsPerSec",
    ]);
    const bytes = [
      row({ eviction: "lru", capacity: 4096, unit: "bytes", misses: 10, byteRequests: 5000, byteMisses: 900 }),
    ];
    expect(keys(bytes)).toEqual([
      "eviction",
      "capacity",
      "requests",
      "missRatio",
      "byteMissRatio",
      "hitRatio",
      "requestsPerSec",
    ]);
    const timed = [
      row({
        eviction: "lru",
        capacity: 1,
        misses: 1,
        extra: { latency: { count: 1, meanMs: 1, p50Ms: 0.5, p90Ms: 1, p99Ms: 2.5, p999Ms: 3, maxMs: 4 } },
      }),
    ];
    expect(keys(timed)).toContain("latency.p99Ms");
  });

  it("the floor: objects over requests, flagged as whole-trace when a warm-up was excluded", () => {
    expect(floorLine(small())).toBe("compulsory-miss floor 0.2000: 200 objects first requested in 1,000 requests");
    expect(floorLine(simResult({ rows: [], requests: 4000, objects: 100, warmup: 400 }))).toBe(
      "compulsory-miss floor 0.0250: 100 objects first requested in 4,000 requests (whole trace, warm-up included)",
    );
  });

  it("all together: grid, a blank line, the pairs (J/request right-aligned) and the floor", () => {
    const t = renderSimulateTables(small()).split("\n");
    expect(t[6]).toBe("");
    expect(t[7]).toBe("eviction  capacity  requests  miss ratio  hit ratio  J/request  Mreq/s");
    expect(t[9]).toBe("lru       10 obj       1,000      0.6000     0.4000     0.0600    1.00");
    expect(t.at(-1)).toBe("compulsory-miss floor 0.2000: 200 objects first requested in 1,000 requests");
  });
});
