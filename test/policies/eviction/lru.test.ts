import { describe, expect, it } from "vitest";
import { lru } from "../../../src/policies/eviction/lru.js";
import { replay } from "./harness.js";

describe("lru", () => {
  it("evicts the least recently used object (hand-worked)", () => {
    // cap 3: 1 2 3 | 1 hit (order 1,3,2 → tail 2) | 4 evicts 2 | 3 hit | 5 evicts 1 | 2 miss evicts 4
    const r = replay(lru, 3, [1, 2, 3, 1, 4, 3, 5, 2]);
    expect(r.pattern).toBe("mmmHmHmm");
    expect(r.victims).toEqual([2, 1, 4]);
    expect(r.policy.count).toBe(3);
  });

  it("counts bytes and evicts until the new object fits", () => {
    // cap 10 bytes: 1(4) 2(4) 3(2) full; 4(6) evicts 1 then 2
    const r = replay(lru, 10, [
      [1, 4],
      [2, 4],
      [3, 2],
      [4, 6],
    ]);
    expect(r.victims).toEqual([1, 2]);
    expect(r.policy.usedBytes).toBe(8);
  });

  it("never inserts an object larger than the cache", () => {
    const r = replay(lru, 5, [[1, 6], [1, 6], 2]);
    expect(r.pattern).toBe("mmm");
    expect(r.policy.count).toBe(1);
  });
});
