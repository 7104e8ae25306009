import { describe, expect, it } from "vitest";
import { gdsf, IndexedMinHeap } from "../../../src/policies/eviction/gdsf.js";
import { replay } from "./harness.js";

describe("gdsf", () => {
  it("frequency, inflation and ties (hand-worked, objects)", () => {
    // Size 1, so H = L + freq (in units of 10^6). Ties go to the older last request. [id: H, last request]
    // r1–r3 1 2 3 miss: each H = 0 + 1 → {1: 1,r1  2: 1,r2  3: 1,r3}
    // r4    1 hit: freq 2, H = 0 + 2 → {1: 2,r4}
    // r5    4 miss: evict the lowest, 2 (1, r2); L = 1. 4: H = 1 + 1 = 2, r5
    // r6    2 miss: evict 3 (1); L = 1. 2: H = 2, r6          → {1: 2,r4  4: 2,r5  2: 2,r6}
    // r7    5 miss: three-way tie at 2, oldest request first → evict 1; L = 2. 5: H = 3, r7
    // r8    4 hit: freq 2, H = L + 2 = 4, r8                   → {2: 2,r6  5: 3,r7  4: 4,r8}
    // r9    1 miss: evict 2 (2); L = 2. 1: H = 3, r9
    // r10   6 miss: tie at 3 between 5 (r7) and 1 (r9) → evict 5; L = 3. 6: H = 4, r10
    // r11   1 hit: freq 2, H = 3 + 2 = 5
    // r12   7 miss: tie at 4 between 4 (r8) and 6 (r10) → evict 4; L = 4
    const r = replay(gdsf, 3, [1, 2, 3, 1, 4, 2, 5, 4, 1, 6, 1, 7]);
    expect(r.pattern).toBe("mmmHmmmHmmHm");
    expect(r.victims).toEqual([2, 3, 1, 2, 5, 4]);
    expect(r.policy.count).toBe(3);
  });

  it("prefers small objects and counts bytes (hand-worked)", () => {
    // capacity 10 bytes; H = L + freq × 10^6 / size. [id(size)]
    // r1 1(5): H = 200000   r2 2(2): H = 500000   r3 3(2): H = 500000   (9 bytes)
    // r4 4(4): 9+4 > 10 → evict 1 (200000, the large one); L = 200000; 4: H = 200000 + 250000 = 450000
    // r5 1(5): 8+5 > 10 → evict 4 (450000); L = 450000; 1: H = 450000 + 200000 = 650000 (9 bytes)
    // r6 2 hit: freq 2, H = 450000 + 2·10^6/2 = 1450000
    // r7 5(3): 9+3 > 10 → evict 3 (500000); L = 500000; 5: H = 500000 + 333333.3; 10 bytes
    const r = replay(gdsf, 10, [
      [1, 5],
      [2, 2],
      [3, 2],
      [4, 4],
      [1, 5],
      [2, 2],
      [5, 3],
    ]);
    expect(r.pattern).toBe("mmmmmHm");
    expect(r.victims).toEqual([1, 4, 3]);
    expect(r.policy.usedBytes).toBe(10);
    // the next victim is 1 (650000) < 5 (833333) < 2 (1450000)
    expect(r.policy.victim()).toBe(1);
    expect(r.policy.remove(1)).toBe(true);
    expect(r.policy.victim()).toBe(5);
    expect(r.policy.usedBytes).toBe(5);
  });

  it("counts a size of 0 as 1 in the priority (hand-worked)", () => {
    // capacity 2 bytes; H = L + freq × 10^6 / max(size, 1). [id(size)]
    // r1 1(0): H = 1000000 (not 10^6 / 0 = Infinity), r1     r2 2(1): H = 1000000, r2
    // r3 2 hit: freq 2, H = 2000000, r3                      r4 3(1): 1 + 1 ≤ 2, H = 1000000, r4
    // r5 4(1): 2 + 1 > 2 → evict the lowest, 1 (1000000, the older of the tie with 3); L = 1000000;
    //    still 2 + 1 > 2 → evict 3 (1000000); 4: H = 1000000 + 1000000 = 2000000, r5
    // (with an infinite priority 1 would never leave: only 3 would be evicted)
    const r = replay(gdsf, 2, [
      [1, 0],
      [2, 1],
      [2, 1],
      [3, 1],
      [4, 1],
    ]);
    expect(r.pattern).toBe("mmHmm");
    expect(r.victims).toEqual([1, 3]);
    // 2 (2000000, r3) before 4 (2000000, r5); L stayed finite
    expect(r.policy.victim()).toBe(2);
    expect([r.policy.count, r.policy.usedBytes]).toEqual([2, 2]);
  });

  it("IndexedMinHeap pops in (key, tie) order under random pushes, updates and removals", () => {
    const h = new IndexedMinHeap(4);
    const key = new Map<number, number>();
    const tie = new Map<number, number>();
    let s = 12345;
    const rnd = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 4294967296;
    };
    for (let step = 0; step < 3000; step++) {
      const id = Math.floor(rnd() * 200);
      const k = Math.floor(rnd() * 20);
      if (!h.has(id)) {
        h.push(id, k, step);
        key.set(id, k);
        tie.set(id, step);
      } else if (rnd() < 0.5) {
        h.update(id, k, step);
        key.set(id, k);
        tie.set(id, step);
      } else {
        h.remove(id);
        key.delete(id);
      }
      if (h.length > 0) expect(h.peekKey()).toBe(Math.min(...key.values()));
    }
    const expected = [...key.keys()].sort((a, b) => key.get(a)! - key.get(b)! || tie.get(a)! - tie.get(b)!);
    const got: number[] = [];
    while (h.length > 0) got.push(h.pop());
    expect(got).toEqual(expected);
  });
});
