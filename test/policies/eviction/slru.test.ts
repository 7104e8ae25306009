import { describe, expect, it } from "vitest";
import { slru } from "../../../src/policies/eviction/slru.js";
import { replay } from "./harness.js";

// Notation: S0 is the lowest segment, S3 the top one; each is written head first (newest … oldest).
describe("slru", () => {
  it("promotes one segment per hit and demotes on overflow (hand-worked)", () => {
    // cap 8 objects, 4 segments of floor(8 / 4) = 2.
    // 1..8 m: each new object goes to the lowest segment with room → S0 [2 1] S1 [4 3] S2 [6 5] S3 [8 7]
    // 9 m: evict S0's LRU 1; 9 → S0 [9 2]
    // 2 H: 2 → S1 [2 4 3], over → its LRU 3 demoted → S0 [3 9]
    // 10 m: evict 9 → S0 [10 3]
    // 3 H: 3 → S1 [3 2 4], over → 4 demoted → S0 [4 10]
    // 7 H: top segment → S3 [7 8];  8 H → S3 [8 7]
    // 5 H: 5 → S3 [5 8 7], over → 7 demoted → S2 [7 6]
    // 11 m: evict 10 → S0 [11 4];  12 m: evict 4 → S0 [12 11]
    const r = replay(slru, 8, [1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 10, 3, 7, 8, 5, 11, 12]);
    expect(r.pattern).toBe("mmmmmmmmmHmHHHHmm");
    expect(r.victims).toEqual([1, 9, 10, 4]);
    const p = r.policy;
    expect(p.victim()).toBe(11);
    // with S0 emptied, the victim is the LRU end of the next segment up: S1 [3 2]
    expect(p.remove(11)).toBe(true);
    expect(p.remove(12)).toBe(true);
    expect(p.victim()).toBe(2);
    expect(p.count).toBe(6);
  });

  it("lets the lowest segment overflow until the next eviction instead of evicting during a hit", () => {
    // cap 9 objects: 4 segments of 2 (one unit of slack).
    // 1..8 m fill S0..S3; 9 m: the cache is not full but no segment has room → S0 [9 2 1] (3 > 2)
    // 2 H: 2 → S1 [2 4 3], over → 3 demoted → S0 [3 9 1] (still 3 > 2; libCacheSim would evict 1 here)
    // 10 m: the cache is full (9) → evict S0's LRU 1; no segment has room → S0 [10 3 9]
    const r = replay(slru, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 10]);
    expect(r.pattern).toBe("mmmmmmmmmHm");
    expect(r.victims).toEqual([1]);
    expect(r.policy.count).toBe(9);
    expect(r.policy.victim()).toBe(9);
  });

  it("counts bytes: a new object takes the lowest segment it fits in", () => {
    // cap 8 bytes, segments of 2 bytes. Items are [id, size].
    // 1(2) → S0 (full); 2(1) → S0 has no room → S1; 3(1) → S1; 4(2) → S2; 5(2) → S3; used 8
    // 6(1) m: evict S0's 1 (2 B) → used 6; 6 → S0
    // 7(1) m: 7 + 1 ≤ 8, no eviction; 7 → S0 [7 6]
    // 8(2) m: evict 6, then 7 (S0's LRU end each time) → used 6; 8 → S0
    const r = replay(slru, 8, [
      [1, 2],
      [2, 1],
      [3, 1],
      [4, 2],
      [5, 2],
      [6, 1],
      [7, 1],
      [8, 2],
    ]);
    expect(r.victims).toEqual([1, 6, 7]);
    expect(r.policy.usedBytes).toBe(8);
  });

  it("does not cache an object larger than a segment (libCacheSim's SLRU_can_insert)", () => {
    // cap 8 bytes, 4 segments of 2 B. Items are [id, size].
    // 1..8 (1 B) → S0 [2 1] S1 [4 3] S2 [6 5] S3 [8 7]
    // 9(3) m ×2: larger than a segment → not inserted, nothing evicted (libCacheSim refuses it)
    // 10(2) m: evict S0's 1 and 2 → S0 [10]
    const r = replay(slru, 8, [
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 1],
      [7, 1],
      [8, 1],
      [9, 3],
      [9, 3],
      [10, 2],
    ]);
    expect(r.pattern).toBe("mmmmmmmmmmm");
    expect(r.victims).toEqual([1, 2]);
    expect(r.policy.find(9, false)).toBe(false);
    // S0 [10] S1 [4 3] S2 [6 5] S3 [8 7], drained from the lowest segment up
    const p = r.policy;
    const rest = [p.evict(), p.evict(), p.evict(), p.evict(), p.evict(), p.evict(), p.evict(), p.evict()];
    expect(rest).toEqual([10, 3, 4, 5, 6, 7, 8, -1]);
  });

  it("evicts at once when a hit's demotions overfill the lowest segment (libCacheSim's SLRU_cool)", () => {
    // cap 8 bytes, 2 segments of 4 B. Items are [id, size].
    // 1..4 (1 B) → S0 [4 3 2 1]; 5(2) 6(2) → S1 [6 5]; 8 B used
    // 1 H: 1 climbs to S1 [1 6 5] (5 B) → 5 is demoted to S0 [5 4 3 2] (5 B, over its share) →
    //      libCacheSim evicts S0's tail 2 inside the hit; here the node does it right after the hit
    //      (overfull), so it is counted: 7 B used
    // 7(1) m: fits without evicting (8 B); S0 is full (4 B), so 7 goes to S1 [7 1 6] (3 + 1 ≤ 4)
    const r = replay(
      slru,
      8,
      [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
        [5, 2],
        [6, 2],
        [1, 1],
        [7, 1],
      ],
      { segments: 2 },
    );
    expect(r.pattern).toBe("mmmmmmHm");
    expect(r.victims).toEqual([2]);
    expect(r.policy.usedBytes).toBe(8);
    expect(r.policy.find(2, false)).toBe(false);
    // S0 [5 4 3], S1 [7 1 6]
    const p = r.policy;
    expect([p.evict(), p.evict(), p.evict(), p.evict(), p.evict(), p.evict()]).toEqual([3, 4, 5, 6, 1, 7]);
  });

  it("with one segment behaves as LRU", () => {
    // cap 3: 1 2 3 | 1 H | 4 evicts 2 | 3 H | 5 evicts 1 | 2 m evicts 4
    const r = replay(slru, 3, [1, 2, 3, 1, 4, 3, 5, 2], { segments: 1 });
    expect(r.pattern).toBe("mmmHmHmm");
    expect(r.victims).toEqual([2, 1, 4]);
  });
});
