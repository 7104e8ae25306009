import { describe, expect, it } from "vitest";
import { CacheNode } from "../../src/engine/node.js";
import { lru } from "../../src/policies/eviction/lru.js";
import { drive } from "../../src/sim/drive.js";
import { GET } from "../../src/workload/types.js";
import { batchOf } from "../engine/replay.js";

const cacheOf = (cap: number) => new CacheNode(lru.create({}, { capacity: cap, ids: 4, seed: 1 }), { capacity: cap });

function batch(reqs: [op: number, id: number, size: number][]) {
  return batchOf(
    reqs.map((r) => r[1]),
    reqs.map((r) => r[2]),
    reqs.map((r) => r[0]),
  );
}

describe("drive: warm-up and windows", () => {
  it("excludes warm-up requests and splits the series at window boundaries", () => {
    // ids 0..9 twice, cap 10: first pass 10 misses, second pass 10 hits
    const reqs = [...Array(20).keys()].map((i) => [GET, i % 10, 1] as [number, number, number]);
    const c = cacheOf(10);
    const r = drive(c, [batch(reqs)], { bytes: false, ops: false, warmup: 5, window: 5 });
    expect(r.counters.requests).toBe(15);
    expect(r.counters.misses).toBe(5);
    expect(r.series).toEqual([1, 0, 0]);
    expect(r.window).toBe(5);
  });

  it("a warm-up as long as the workload is an input error, not an empty result", () => {
    const reqs = [...Array(10).keys()].map((i) => [GET, i, 1] as [number, number, number]);
    expect(() => drive(cacheOf(4), [batch(reqs)], { bytes: false, ops: false, warmup: 10, window: 0 })).toThrow(
      /not shorter than the workload/,
    );
  });

  it("auto windows start at 1024 positions and double, merging pairwise, to stay within 256 points", () => {
    const n = 1024 * 300; // 300 windows of 1024 → merged once at 256 → window 2048, 150 points
    const reqs = [...Array(n).keys()].map((i) => [GET, i % 5000, 1] as [number, number, number]);
    const r = drive(cacheOf(100), [batch(reqs)], { bytes: false, ops: false, warmup: 0, window: "auto" });
    expect(r.window).toBe(2048);
    expect(r.series).toHaveLength(150);
    // the same run with an explicit 2048 window gives the same series
    const e = drive(cacheOf(100), [batch(reqs)], { bytes: false, ops: false, warmup: 0, window: 2048 });
    expect(e.series).toEqual(r.series);
  });
});
