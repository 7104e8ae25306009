import { describe, expect, it } from "vitest";
import { exactLruCurve } from "../../src/analysis/lru-curve.js";
import { ReuseTally, reuseStats } from "../../src/analysis/reuse.js";
import { openTrace } from "../../src/workload/formats.js";
import { traceStatsReport } from "../../src/workload/stats.js";
import { tapped } from "../../src/workload/tap.js";
import { GET, type RequestBatch } from "../../src/workload/types.js";

const CLOUD = new URL("../fixtures/traces/cloudPhysicsIO.oracleGeneral.bin", import.meta.url).pathname;

describe("reuseStats", () => {
  it("hand-checked: a b c a b b", () => {
    const ids = [0, 1, 2, 0, 1, 1];
    const b: RequestBatch = {
      length: ids.length,
      key: Uint32Array.from(ids),
      size: Uint32Array.from(ids.map((i) => 10 * (i + 1))),
      op: new Uint8Array(ids.length).fill(GET),
      time: new Float64Array(ids.length),
    };
    const r = reuseStats([b]);
    // distances: a → 2 (b, c), b → 2 (c, a), b → 0
    expect(r).toMatchObject({ requests: 6, reuses: 3, compulsoryMisses: 3, floorMissRatio: 0.5 });
    expect(r.reuseDistanceMean).toBeCloseTo(4 / 3, 12);
    expect([r.reuseDistanceP50, r.reuseDistanceP90]).toEqual([2, 2]);
    expect(r.floorByteMissRatio).toBeCloseTo(60 / 110, 12);
  });

  it("its floor is what the exact curve's infinite cache misses", () => {
    const r = reuseStats(openTrace(CLOUD));
    const c = exactLruCurve(() => openTrace(CLOUD), { unit: "objects" });
    expect(r.compulsoryMisses).toBe(48_974);
    expect(r.compulsoryMisses).toBe(c.compulsoryMisses);
    expect(c.points.at(-1)!.misses).toBe(r.compulsoryMisses);
    expect(r.reuseDistanceP50).toBeGreaterThan(0);
    expect(r.reuseDistanceP99!).toBeGreaterThanOrEqual(r.reuseDistanceP90!);
  });

  it("can ride along trace stats' own pass", () => {
    const tally = new ReuseTally();
    const report = traceStatsReport(tapped(openTrace(CLOUD), (b) => tally.add(b)));
    expect(report.requests).toBe(113_872);
    expect(report.format).toBe("oracleGeneral");
    expect(tally.result()).toEqual(reuseStats(openTrace(CLOUD)));
  });
});
