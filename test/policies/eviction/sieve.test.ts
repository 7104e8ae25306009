import { describe, expect, it } from "vitest";
import { sieve } from "../../../src/policies/eviction/sieve.js";
import { replay } from "./harness.js";

// Notation: the queue oldest (tail) → newest (head); * marks a visited object; ^ the hand
// (no ^ = the next sweep starts at the tail). The hand moves from the tail towards the head.
describe("sieve", () => {
  it("keeps visited objects in place and evicts the first unvisited one (hand-worked)", () => {
    // cap 3
    // 1 2 3 m → [1 2 3]
    // 1 H → [1* 2 3]
    // 4 m: from the tail, 1* cleared and kept, 2 evicted; hand on 3 → [1 ^3 4]
    // 5 m: 3 evicted; hand on 4 → [1 ^4 5]
    // 1 H → [1* ^4 5]
    // 2 m: 4 evicted → [1* ^5 2]
    // 6 m: 5 evicted → [1* ^2 6]
    // 2 H → [1* ^2* 6]
    // 7 m: 2* cleared, 6 evicted; 6 was the head, so the hand goes back to the tail → [1* 2 7]
    // 8 m: 1* cleared, 2 evicted (cleared earlier, not hit since) → [1 ^7 8]
    const r = replay(sieve, 3, [1, 2, 3, 1, 4, 5, 1, 2, 6, 2, 7, 8]);
    expect(r.pattern).toBe("mmmHmmHmmHmm");
    expect(r.victims).toEqual([2, 3, 4, 5, 6, 2]);
    // the hot object 1 never moved and is still there; the hand is on 7
    expect(r.policy.find(1, false)).toBe(true);
    expect(r.policy.victim()).toBe(7);
  });

  it("when every object is visited, sweeps a full round and evicts where it started", () => {
    // [1* 2* 3*]: the sweep clears 1, 2, 3, wraps to the tail and evicts 1 → [2 3 4], hand on 2
    const r = replay(sieve, 3, [1, 2, 3, 1, 2, 3, 4, 5]);
    expect(r.pattern).toBe("mmmHHHmm");
    expect(r.victims).toEqual([1, 2]);
  });

  it("moves the hand off a removed object onto its newer neighbour", () => {
    const r = replay(sieve, 3, [1, 2, 3, 1, 4]); // [1 ^3 4]
    const p = r.policy;
    expect(p.victim()).toBe(3);
    expect(p.remove(3)).toBe(true); // [1 ^4]
    expect(p.victim()).toBe(4);
    expect(p.remove(4)).toBe(true); // 4 was the head: the hand falls back to the tail
    expect(p.victim()).toBe(1);
    expect(p.remove(9)).toBe(false);
    expect([p.evict(), p.evict(), p.count, p.usedBytes]).toEqual([1, -1, 0, 0]);
  });

  it("counts bytes and evicts until the new object fits", () => {
    // cap 10: 1(4) 2(4) 3(2); 1 H → [1* 2 3]; 4(6): 1* cleared, 2 evicted (6 used), hand on 3,
    // 3 evicted (4 used), then 4 fits → [1 4]
    const r = replay(sieve, 10, [
      [1, 4],
      [2, 4],
      [3, 2],
      [1, 4],
      [4, 6],
    ]);
    expect(r.pattern).toBe("mmmHm");
    expect(r.victims).toEqual([2, 3]);
    expect(r.policy.usedBytes).toBe(10);
  });
});
