import { describe, expect, it } from "vitest";
import { lhd } from "../../../src/policies/eviction/lhd.js";
import { replay } from "./harness.js";

// Facts used below (see lhd.ts). Before the first reconfiguration (2^20 accesses) the density of an
// object of size 1 is (17 + class) / (age + 1): age = accesses since its last access >> 10, class 15
// once it has been hit (its last two hit ages sum to 0), class 0 while never hit (that sum is 20000).
// So a hit object has density 32, a never-hit one 17, for the first 1024 accesses of their lives.
// Each eviction samples 8 residents at random (with replacement) and takes the first lowest one.
// Random numbers are libCacheSim's 64-bit LCG; from seed 0 its k-th draw is ≡ −k (mod 4), and every
// access (hit or insertion) uses one draw (the explorer coin; capacity < 100 gives explorers no
// budget), every eviction 8. With 4 residents, candidate = draw mod 4, so an eviction samples each
// resident twice, in the order of slots −k mod 4 (the slot list is insertion order, an evicted slot
// takes the last one's place).

describe("lhd", () => {
  it("evicts never-hit objects first, in sampling order (hand-worked, seed 0)", () => {
    // r1–r4  1 2 3 4 inserted: slots [1,2,3,4]; draws 1–4
    // r5     1 hit → density 32; draw 5
    // r6     5 miss: draws 6–13 → slots 2,1,0,3,…: 3 (17) first, 2 (17) not lower, 1 (32), 4 (17) → evict 3;
    //        slots [1,2,4]; insert 5 → [1,2,4,5]; draw 14
    // r7     6 miss: draws 15–22 → slots 1,0,3,2: 2 (17) first → evict 2; slots [1,5,4]; 6 → [1,5,4,6]; draw 23
    // r8     4 hit → 32; draw 24
    // r9     7 miss: draws 25–32 → slots 3,2,1,0: 6 (17) first → evict 6; slots [1,5,4]; 7 → [1,5,4,7]; draw 33
    // r10    3 miss: draws 34–41 → slots 2,1,0,3: 4 (32), 5 (17) → evict 5; slots [1,7,4]; 3 → [1,7,4,3]
    const r = replay(lhd, 4, [1, 2, 3, 4, 1, 5, 6, 4, 7, 3], {}, { seed: 0 });
    expect(r.pattern).toBe("mmmmHmmHmm");
    expect(r.victims).toEqual([3, 2, 6, 5]);
    expect(r.policy.count).toBe(4);
  });

  it("lets an object that was hit but then idled for 1024 accesses go before a newcomer (hand-worked)", () => {
    // r1–r3 1 2 3 inserted (timestamps 0–2); r4 1 hit at timestamp 3 → class 15.
    // Then 2 and 3 are hit alternately 520 times each (timestamps 4–1043), 4 is inserted (1044).
    // The next miss (5) sees, at timestamp 1045: 1 age (1045 − 3) >> 10 = 1 → 32 / 2 = 16;
    // 2 and 3 age 0, class 15 → 32; 4 age 0, never hit → 17. All four are sampled; 1 is the lowest.
    const seq = [1, 2, 3, 1];
    for (let i = 0; i < 520; i++) seq.push(2, 3);
    seq.push(4, 5);
    const r = replay(lhd, 4, seq, {}, { seed: 0 });
    expect(r.pattern).toBe(`mmmH${"H".repeat(1040)}mm`);
    expect(r.victims).toEqual([1]);
  });

  it("keeps byte accounting and victim() free of side effects", () => {
    const r = replay(lhd, 10, [
      [1, 4],
      [2, 4],
      [3, 2],
      [4, 6],
    ]);
    expect(r.policy.usedBytes).toBeLessThanOrEqual(10);
    expect(r.policy.usedBytes).toBe(
      [1, 2, 3, 4].filter((id) => r.policy.find(id, false)).reduce((s, id) => s + [0, 4, 4, 2, 6][id], 0),
    );
    const v = r.policy.victim();
    expect(r.policy.victim()).toBe(v);
    expect(r.policy.evict()).toBe(v);
    expect(r.policy.remove(4)).toBe(v !== 4);
  });
});
