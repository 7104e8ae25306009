import { describe, expect, it } from "vitest";
import { type WTinyLfu, wtinylfu } from "../../../src/policies/eviction/wtinylfu.js";
import { replay } from "./harness.js";

const est = (p: WTinyLfu, ids: number[]) => ids.map((id) => p.sketch.estimate(id));

describe("wtinylfu", () => {
  it("sizes window, main and SLRU segments as libCacheSim does", () => {
    const mk = (capacity: number) =>
      wtinylfu.create({ ...wtinylfu.defaults }, { capacity, ids: 100, seed: 1 }) as WTinyLfu;
    // 489 × 0.01 = 4.89 → window 4, main 485, probation ⌊0.2 × 485⌋ = 97, protected ⌊0.8 × 485⌋ = 388
    const a = mk(489);
    expect([a.windowCapacity, a.mainCapacity, a.probationCapacity, a.protectedCapacity]).toEqual([4, 485, 97, 388]);
    // 4897 → window 48, main 4849, probation ⌊969.8⌋ = 969, protected ⌊3879.2⌋ = 3879
    const b = mk(4897);
    expect([b.windowCapacity, b.mainCapacity, b.probationCapacity, b.protectedCapacity]).toEqual([48, 4849, 969, 3879]);
    // the sketch: ⌈14.3776 × min(main = 4849, 2^20)⌉ = 69,717 counters, whatever the ids hint says
    expect(b.sketch.width).toBe(69717);
    const big = wtinylfu.create({ ...wtinylfu.defaults }, { capacity: 4897, ids: 1e6, seed: 1 }) as WTinyLfu;
    expect(big.sketch.width).toBe(69717);
    // below 100 objects the window would round to 0: it keeps one slot
    expect(mk(48).windowCapacity).toBe(1);
  });

  it("window, admission by frequency, SLRU promotion (hand-worked, objects)", () => {
    // capacity 6, window 0.34 → ⌊2.04⌋ = 2, main 4 with protected 0.5 → probation 2, protected 2.
    // The sketch counts +1 on insertion, +1 on a main-cache hit, +1 each time a window object is
    // offered to the main cache; window hits count nothing. Queues are written head (newest) first.
    // r1–r6  1..6 miss: the cache is not full, everything waits in the window W=[6,5,4,3,2,1]; est 1 each
    // r7     1 hit in the window: W=[1,6,5,4,3,2] (no count)
    // r8     7 miss, full: the window's LRU end is offered to the main cache while it has room:
    //        2 → probation, 3 → probation (P=[3,2]), 4 → protected, 5 → protected (R=[5,4]); each est 2.
    //        Then 6: main full, est(6)=1 vs est(main victim = probation tail 2)=2 → 6 is evicted (est 2).
    //        Insert 7: W=[7,1]
    // r9     3 hit in probation → promoted: R=[3,5,4] is over 2, its tail 4 is demoted: P=[4,2], R=[3,5]; est(3)=3
    // r10    8 miss: offer 1: est(1)=1 (window hits did not count) vs est(2)=2 → 1 evicted (est 2). W=[8,7]
    // r11    1 miss: offer 7: est 1 vs 2 → 7 evicted. Insert 1: est(1)=3, W=[1,8]
    // r12    9 miss: offer 8: est 1 vs 2 → 8 evicted. W=[9,1]
    // r13    10 miss: offer 1: est(1)=3 > est(2)=2 → the main victim 2 is evicted and 1 enters probation:
    //        P=[1,4]; est(1)=4. W=[10,9]
    // r14    1 hit in probation → R=[1,3,5] over 2 → 5 demoted: P=[5,4], R=[1,3]; est(1)=5
    // r15    4 hit in probation → R=[4,1,3] → 3 demoted: P=[3,5], R=[4,1]; est(4)=3
    const r = replay(wtinylfu, 6, [1, 2, 3, 4, 5, 6, 1, 7, 3, 8, 1, 9, 10, 1, 4], { window: 0.34, protected: 0.5 });
    expect(r.pattern).toBe("mmmmmmHmHmmmmHH");
    expect(r.victims).toEqual([6, 1, 7, 8, 2]);
    const p = r.policy as WTinyLfu;
    expect(est(p, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([5, 2, 3, 3, 2, 2, 2, 2, 1, 1]);
    expect(p.count).toBe(6);
    // state W=[10,9] P=[3,5] R=[4,1]: next offer is 9 (est 1) against probation tail 5 (est 2) → 9 goes
    expect(p.victim()).toBe(9);
  });

  it("defers libCacheSim's extra evictions in bytes to the next evict() (hand-worked)", () => {
    // capacity 10 bytes, window 0.3 → 3, main 7, protected 0.5 → probation 3, protected 3. [id, size]:
    // r1–r4  1(2) 2(2) 3(2) 4(3) miss: W=[4,3,2,1], 9 bytes
    // r5     5(2): 9+2 > 10. Offer 1 → probation (P=[1]); offer 2: probation 2+2 > 3, protected fits → R=[2];
    //        offer 3: no segment has room but the main cache does (4+2 ≤ 7) → probation: P=[3,1] (4 > 3);
    //        offer 4(3): main 6+3 > 7, est(4)=1 vs est(1)=2 → 4 evicted. Insert 5: W=[5], 8 bytes
    // r6     6(1): 9 bytes, no eviction: W=[6,5]
    // r7     1 hit in probation → R=[1,2] is 4 > 3 → 2 demoted: P=[2,3] = 4 bytes > 3. libCacheSim would
    //        evict the probation tail 3 now, during the hit; here it is owed to the next evict()
    // r8     4(3) miss: 9+3 > 10 → evict() pays the debt first: 3. Now 7+3 fits: W=[4,6,5]; est(4)=3
    // r9     7(1) miss: 10+1 > 10. Probation is back within bounds (P=[2], 2 bytes). Offer 5(2): main
    //        4+2 ≤ 7, no segment room → P=[5,2]; offer 6(1): main 7, protected 2+1 fits → R=[6,1];
    //        offer 4(3): main 7+3 > 7, est(4)=3 > est(2)=2 → 2 evicted, 4 admitted: P=[4,5], main
    //        5+3 = 8 > 7. libCacheSim would evict another main object right away; here the main cache
    //        stays over by 1 until the next evict(). 9 bytes used, 7 fits: W=[7]
    // r10    8(1): 10 bytes, no eviction: W=[8,7]
    // r11    9(1) miss: evict() first sheds the main cache's excess: probation tail 5 (2 bytes). W=[9,8,7]
    const seq = [
      [1, 2],
      [2, 2],
      [3, 2],
      [4, 3],
      [5, 2],
      [6, 1],
      [1, 2],
      [4, 3],
      [7, 1],
      [8, 1],
      [9, 1],
    ] as const;
    const r = replay(wtinylfu, 10, seq, { window: 0.3, protected: 0.5 });
    expect(r.pattern).toBe("mmmmmmHmmmm");
    expect(r.victims).toEqual([4, 3, 2, 5]);
    expect(r.policy.usedBytes).toBe(9);
    expect(r.policy.count).toBe(6);
  });

  it("victim() predicts evict() without changing the sketch or the queues", () => {
    // capacity 6 full of never-hit objects, all still in the window W=[6,5,4,3,2,1], each est 1.
    // The next eviction walks the window: 1, 2 → probation, 3, 4 → protected (each move counts +1),
    // then the main cache is full and 5 (est 1) loses against the probation tail 1 (est 2 by then).
    const r = replay(wtinylfu, 6, [1, 2, 3, 4, 5, 6], { window: 0.34, protected: 0.5 });
    const p = r.policy as WTinyLfu;
    const before = Array.from(p.sketch.table);
    expect(p.victim()).toBe(5);
    expect(p.victim()).toBe(5);
    expect(Array.from(p.sketch.table)).toEqual(before);
    expect(est(p, [1, 2, 3, 4, 5, 6])).toEqual([1, 1, 1, 1, 1, 1]);
    expect(p.evict()).toBe(5);
    expect(est(p, [1, 2, 3, 4, 5, 6])).toEqual([2, 2, 2, 2, 2, 1]);
    expect(p.count).toBe(5);
  });
});
