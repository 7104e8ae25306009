import { describe, expect, it } from "vitest";
import { lru } from "../../src/policies/eviction/lru.js";
import { Cache } from "../../src/sim/cache.js";
import { drive } from "../../src/sim/drive.js";
import { DELETE, GET, type RequestBatch, SET } from "../../src/workload/types.js";

function batch(reqs: [op: number, id: number, size: number, time?: number, ttl?: number][]): RequestBatch {
  return {
    length: reqs.length,
    op: Uint8Array.from(reqs.map((r) => r[0])),
    key: Uint32Array.from(reqs.map((r) => r[1])),
    size: Uint32Array.from(reqs.map((r) => r[2])),
    time: Float64Array.from(reqs.map((r) => r[3] ?? 0)),
    ttl: reqs.some((r) => r[4]) ? Uint32Array.from(reqs.map((r) => r[4] ?? 0)) : undefined,
  };
}

const cacheOf = (cap: number) => new Cache(lru.create({}, { capacity: cap, ids: 4, seed: 1 }), cap);

describe("Cache request semantics", () => {
  it("GET: miss inserts, hit promotes; objects larger than the cache bypass", () => {
    const c = cacheOf(10);
    c.replay(
      batch([
        [GET, 1, 4],
        [GET, 1, 4],
        [GET, 2, 11],
        [GET, 2, 11],
      ]),
      0,
      4,
      true,
      true,
    );
    expect(c.counters).toMatchObject({ requests: 4, misses: 3, byteRequests: 30, byteMisses: 26, bypasses: 2 });
  });

  it("SET: write-allocate on a miss; a new size replaces the stored object (counted as a hit)", () => {
    const c = cacheOf(10);
    c.replay(
      batch([
        [SET, 1, 4],
        [SET, 1, 8],
        [GET, 2, 4], // 8 + 4 > 10: evicts 1
        [GET, 1, 8],
      ]),
      0,
      4,
      true,
      true,
    );
    expect(c.counters).toMatchObject({ requests: 4, misses: 3, evictions: 2 });
    expect(c.policy.usedBytes).toBe(8);
  });

  it("DELETE: removes the object and is not a request", () => {
    const c = cacheOf(10);
    c.replay(
      batch([
        [GET, 1, 1],
        [DELETE, 1, 1],
        [GET, 1, 1],
      ]),
      0,
      3,
      false,
      true,
    );
    expect(c.counters).toMatchObject({ requests: 2, misses: 2 });
  });

  it("TTL: an expired object is removed when next requested, which is a miss", () => {
    const c = cacheOf(10);
    c.replay(
      batch([
        [GET, 1, 1, 0, 5],
        [GET, 1, 1, 4],
        [GET, 1, 1, 5],
        [GET, 1, 1, 6],
      ]),
      0,
      4,
      false,
      true,
    );
    // t=0 miss (expires at 5), t=4 hit, t=5 expired → miss (re-inserted with ttl 0), t=6 hit
    expect(c.counters).toMatchObject({ requests: 4, misses: 2, expirations: 1 });
  });
});

describe("drive: warm-up and windows", () => {
  it("excludes warm-up requests and splits the series at window boundaries", () => {
    // ids 0..9 twice, cap 10: first pass 10 misses, second pass 10 hits
    const reqs = [...Array(20).keys()].map((i) => [GET, i % 10, 1] as [number, number, number]);
    const c = cacheOf(10);
    const r = drive(c, [batch(reqs)], { bytes: false, ops: false, warmup: 5, window: 5 });
    expect(r.counters.requests).toBe(15);
    expect(r.counters.misses).toBe(5);
    expect(r.series).toEqual([1, 0, 0]);
  });
});
