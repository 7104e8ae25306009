import { describe, expect, it } from "vitest";
import { exactLruCurve } from "../../src/analysis/lru-curve.js";
import { mix32, sampled, shardsLruCurve } from "../../src/analysis/shards.js";
import { openTrace } from "../../src/workload/formats.js";

const CLOUD = new URL("../fixtures/traces/cloudPhysicsIO.oracleGeneral.bin", import.meta.url).pathname;
const open = () => openTrace(CLOUD);

describe("SHARDS", () => {
  it("with rate 1 (everything sampled) is the exact curve", () => {
    const e = exactLruCurve(open, { unit: "objects" });
    const s = shardsLruCurve(open, { unit: "objects", rate: 1 });
    expect(s.points.map((p) => p.misses)).toEqual(e.points.map((p) => p.misses));
    expect(s.sampling).toMatchObject({ method: "fixed-rate", rate: 1, sampledRequests: e.requests });
  });

  it("fixed-size with room for every object is the exact curve; with less it lowers the rate", () => {
    const e = exactLruCurve(open, { unit: "bytes" });
    const all = shardsLruCurve(open, { unit: "bytes", maxObjects: 1 << 20 });
    expect(all.points.map((p) => p.misses)).toEqual(e.points.map((p) => p.misses));
    const small = shardsLruCurve(open, { unit: "bytes", maxObjects: 4000 });
    expect(small.sampling!.rate).toBeLessThan(0.1);
    expect(small.sampling!.sampledObjects).toBeLessThanOrEqual(4000);
    expect(small.sampling!.method).toBe("fixed-size");
  });

  it("at a 10 % rate stays close to the exact curve and reports an error estimate", () => {
    const e = exactLruCurve(open, { unit: "objects" });
    const s = shardsLruCurve(open, { unit: "objects", rate: 0.1 });
    const exactAt = new Map(e.points.map((p) => [p.capacity, p.missRatio]));
    const big = s.points.filter((p) => p.capacity >= 1000);
    const mae = big.reduce((a, p) => a + Math.abs(p.missRatio - exactAt.get(p.capacity)!), 0) / big.length;
    expect(s.points[0].capacity).toBeGreaterThanOrEqual(10); // nothing below 1/R objects
    expect(mae).toBeLessThan(0.03);
    expect(s.sampling!.errorEstimate).toBeGreaterThan(0);
    expect(s.exact).toBe(false);
  });

  it("samples by a hash of the id, at the given rate", () => {
    let n = 0;
    for (let id = 0; id < 100_000; id++) if (sampled(id, 0.01, 7)) n++;
    expect(n).toBeGreaterThan(900);
    expect(n).toBeLessThan(1100);
    expect(mix32(1)).not.toBe(mix32(2));
  });
});
