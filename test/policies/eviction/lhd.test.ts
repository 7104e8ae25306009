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

  it("divides density by size, counts bytes, and peeks without side effects (hand-worked, seed 0)", () => {
    // cap 10 bytes (no explorer budget). An object never hit, of age 0, has density 17 / size.
    // r1–r3 1(4) 2(4) 3(2) inserted: 10 bytes, slots [1,2,3]; draws 1–3.
    // r4 4(6) m: 10 + 6 > 10 → eviction 1 samples slot = draw mod 3 for draws 4–11, which from seed
    //    0 are 0 1 0 1 0 2 0 1 (libCacheSim's LCG worked out with exact integers): 1 (17/4) first,
    //    2 (17/4) is not lower, 3 (17/2) neither → evict 1; the last slot fills the hole: [3,2].
    //    6 + 6 > 10 → eviction 2, draws 12–19 mod 2 = 0 1 0 1 …: 3 (17/2), then 2 (17/4) → evict 2: [3].
    //    2 + 6 ≤ 10 → 4 inserted: [3,4], 8 bytes; draw 20.
    // victim(): draws 21–28 mod 2 = 1 0 1 0 …: 4 (17/6 ≈ 2.8) is below 3 (8.5) → 4, as often as asked.
    const r = replay(
      lhd,
      10,
      [
        [1, 4],
        [2, 4],
        [3, 2],
        [4, 6],
      ],
      {},
      { seed: 0 },
    );
    const p = r.policy;
    expect(r.pattern).toBe("mmmm");
    expect(r.victims).toEqual([1, 2]);
    expect([p.count, p.usedBytes]).toEqual([2, 8]);
    expect([1, 2, 3, 4].map((id) => p.find(id, false))).toEqual([false, false, true, true]);
    expect([p.victim(), p.victim(), p.victim()]).toEqual([4, 4, 4]);
    expect(p.evict()).toBe(4);
    expect([p.count, p.usedBytes]).toEqual([1, 2]);
    expect(p.remove(4)).toBe(false); // evicted already
    expect(p.remove(3)).toBe(true);
    expect([p.count, p.usedBytes, p.victim(), p.evict()]).toEqual([0, 0, -1, -1]);
  });
});
