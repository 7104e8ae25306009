import { describe, expect, it } from "vitest";
import { lfu } from "../../../src/policies/eviction/lfu.js";
import { replay } from "./harness.js";

// Notation: buckets by count, each oldest → newest entry: b1[..] b2[..] …
describe("lfu", () => {
  it("evicts the least frequently used, least recently used among equals (hand-worked)", () => {
    // cap 3
    // 1 2 3 m → b1[1 2 3]
    // 1 H → b1[2 3] b2[1];  1 H → b1[2 3] b3[1];  2 H → b1[3] b2[2] b3[1]
    // 4 m: evict b1's oldest, 3 → b1[4] b2[2] b3[1]
    // 5 m: evict 4 → b1[5] b2[2] b3[1]
    // 2 H → b1[5] b3[1 2]
    // 3 m: evict 5 → b1[3] b3[1 2];  6 m: evict 3 → b1[6] b3[1 2]
    const r = replay(lfu, 3, [1, 2, 3, 1, 1, 2, 4, 5, 2, 3, 6]);
    expect(r.pattern).toBe("mmmHHHmmHmm");
    expect(r.victims).toEqual([3, 4, 5, 3]);
    expect(r.policy.victim()).toBe(6);
    // removing 6 empties b1: the smallest count is now 3, whose oldest entry is 1
    expect(r.policy.remove(6)).toBe(true);
    expect(r.policy.victim()).toBe(1);
    expect(r.policy.remove(1)).toBe(true);
    expect(r.policy.victim()).toBe(2);
  });

  it("skips empty buckets and forgets counts on eviction", () => {
    // cap 2: 1 m, 1 H, 1 H → b3[1]; 2 m, 2 H, 2 H → b3[1 2]
    // 3 m: b1 and b2 are empty, evict b3's oldest: 1 → b1[3] b3[2]
    // 1 m: 1 comes back at count 1 (its 3 hits are forgotten); evict 3 → b1[1] b3[2]
    // 4 m: evict 1 → b1[4] b3[2]
    const r = replay(lfu, 2, [1, 1, 1, 2, 2, 2, 3, 1, 4]);
    expect(r.pattern).toBe("mHHmHHmmm");
    expect(r.victims).toEqual([1, 3, 1]);
  });

  it("counts bytes and evicts until the new object fits", () => {
    // cap 10: 1(4) 2(4) 3(2) → b1[1 2 3]; 1 H → b1[2 3] b2[1]; 4(6): evict 2 (6 used), 3 (4 used)
    const r = replay(lfu, 10, [
      [1, 4],
      [2, 4],
      [3, 2],
      [1, 4],
      [4, 6],
    ]);
    expect(r.pattern).toBe("mmmHm");
    expect(r.victims).toEqual([2, 3]);
    expect(r.policy.usedBytes).toBe(10);
    expect(r.policy.victim()).toBe(4);
  });

  it("handles counts far beyond its initial bucket arrays", () => {
    const seq: number[] = [];
    for (let i = 0; i < 500; i++) seq.push(1);
    seq.push(2, 3, 2, 4);
    // cap 2: 1 reaches count 500; 2 m; 3 m evicts 2 (b1); 2 m evicts 3; 4 m evicts 2
    const r = replay(lfu, 2, seq);
    expect(r.victims).toEqual([2, 3, 2]);
    expect(r.policy.find(1, false)).toBe(true);
  });
});
