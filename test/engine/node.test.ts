import { describe, expect, it } from "vitest";
import { CacheNode } from "../../src/engine/node.js";
import { belady } from "../../src/policies/eviction/belady.js";
import { lru } from "../../src/policies/eviction/lru.js";
import { nextAccess } from "../../src/sim/oracle.js";
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

const cacheOf = (cap: number) => new CacheNode(lru.create({}, { capacity: cap, ids: 4, seed: 1 }), { capacity: cap });

describe("CacheNode request semantics", () => {
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
    expect(c.counts()).toMatchObject({ requests: 4, misses: 3, byteRequests: 30, byteMisses: 26, bypasses: 2 });
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
    expect(c.counts()).toMatchObject({ requests: 4, misses: 3, evictions: 2 });
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
    expect(c.counts()).toMatchObject({ requests: 2, misses: 2 });
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
    expect(c.counts()).toMatchObject({ requests: 4, misses: 2, expirations: 1 });
  });
});

describe("TTL bookkeeping", () => {
  it("an expiry never outlives the object it was set for (evicted, then re-inserted without TTL)", () => {
    // cap 1: A set with ttl 10 at t=0; B evicts A; A re-inserted at t=2 without TTL; at t=11 A hits
    const c = cacheOf(1);
    c.replay(
      batch([
        [SET, 1, 1, 0, 10],
        [GET, 2, 1, 1],
        [GET, 1, 1, 2],
        [GET, 1, 1, 11],
      ]),
      0,
      4,
      false,
      true,
    );
    expect(c.counts()).toMatchObject({ requests: 4, misses: 3, expirations: 0 });
  });

  it("a DELETE clears the TTL; a SET without TTL makes the object permanent", () => {
    const c = cacheOf(4);
    c.replay(
      batch([
        [SET, 1, 1, 0, 5],
        [DELETE, 1, 1, 1],
        [GET, 1, 1, 2], // miss, re-inserted without TTL (misses: the first SET, this, and SET 2)
        [GET, 1, 1, 9], // hit: the old TTL (t=5) is gone
        [SET, 2, 1, 9, 3], // expires at 12
        [SET, 2, 1, 10], // rewritten without TTL
        [GET, 2, 1, 20], // hit
      ]),
      0,
      7,
      false,
      true,
    );
    expect(c.counts()).toMatchObject({ requests: 6, misses: 3, expirations: 0 });
  });
});

describe("oracle next accesses", () => {
  it("a DELETE ends an object's future, so Belady never keeps an object for a request that will miss", () => {
    // 1 2 3 DEL(1) 2, cap 2: at 3 the cache holds {1, 2}; 1's next occurrence is its deletion, so
    // Belady evicts 1 (not 2, whose next use is the last request): misses 1, 2, 3; then 2 hits
    const ops = Uint8Array.from([GET, GET, GET, DELETE, GET]);
    const keys = Uint32Array.from([1, 2, 3, 1, 2]);
    const next = nextAccess(keys, 5, 4, ops);
    expect([...next]).toEqual([-1, 4, -1, -1, -1]);
    const policy = belady.create({}, { capacity: 2, ids: 4, seed: 1, nextAccess: next });
    const c = new CacheNode(policy, { capacity: 2 });
    c.replay(
      batch([
        [GET, 1, 1],
        [GET, 2, 1],
        [GET, 3, 1],
        [DELETE, 1, 1],
        [GET, 2, 1],
      ]),
      0,
      5,
      false,
      true,
    );
    expect(c.counts()).toMatchObject({ requests: 4, misses: 3 });
  });
});

describe("zero-size objects", () => {
  it("are evicted like any other (the engine checks that the count drops, not the bytes)", () => {
    const c = cacheOf(10);
    c.replay(
      batch([
        [GET, 1, 0],
        [GET, 2, 6],
        [GET, 3, 6],
      ]),
      0,
      3,
      true,
      false,
    );
    expect(c.counts()).toMatchObject({ requests: 3, misses: 3, evictions: 2 });
    expect(c.policy.count).toBe(1);
  });
});

describe("a policy that frees nothing", () => {
  it("fails the run with a message instead of looping forever", () => {
    const stuck = lru.create({}, { capacity: 2, ids: 4, seed: 1 });
    stuck.evict = () => -1;
    const c = new CacheNode(stuck, { capacity: 2 });
    expect(() =>
      c.replay(
        batch([
          [GET, 1, 1],
          [GET, 2, 1],
          [GET, 3, 1],
        ]),
        0,
        3,
        false,
        false,
      ),
    ).toThrow(/evict\(\) removed nothing/);
  });
});
