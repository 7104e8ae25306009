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

  it("window, admission by frequency, SLRU promotion (hand-worked, objects, libCacheSim's aging)", () => {
    // libcachesimAging 1: libCacheSim's counting. capacity 6, window 0.34 → ⌊2.04⌋ = 2, main 4 with protected 0.5 → probation 2, protected 2.
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
    const r = replay(wtinylfu, 6, [1, 2, 3, 4, 5, 6, 1, 7, 3, 8, 1, 9, 10, 1, 4], {
      window: 0.34,
      protected: 0.5,
      libcachesimAging: 1,
    });
    expect(r.pattern).toBe("mmmmmmHmHmmmmHH");
    expect(r.victims).toEqual([6, 1, 7, 8, 2]);
    const p = r.policy as WTinyLfu;
    expect(est(p, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([5, 2, 3, 3, 2, 2, 2, 2, 1, 1]);
    expect(p.count).toBe(6);
    // state W=[10,9] P=[3,5] R=[4,1]: next offer is 9 (est 1) against probation tail 5 (est 2) → 9 goes
    expect(p.victim()).toBe(9);
  });

  it("makes libCacheSim's extra evictions in bytes right after the hit or insert (hand-worked)", () => {
    // capacity 10 bytes, window 0.3 → 3, main 7, protected 0.5 → probation 3, protected 3. [id, size]:
    // r1–r4  1(2) 2(2) 3(2) 4(3) miss: W=[4,3,2,1], 9 bytes
    // r5     5(2): 9+2 > 10. Offer 1 → probation (P=[1]); offer 2: probation 2+2 > 3, protected fits → R=[2];
    //        offer 3: no segment has room but the main cache does (4+2 ≤ 7) → probation: P=[3,1] (4 > 3);
    //        offer 4(3): main 6+3 > 7, est(4)=1 vs est(1)=2 → 4 evicted. Insert 5: W=[5], 8 bytes
    // r6     6(1): 9 bytes, no eviction: W=[6,5]
    // r7     1 hit in probation → R=[1,2] is 4 > 3 → 2 demoted: P=[2,3] = 4 bytes > 3. libCacheSim
    //        evicts the probation tail 3 during the hit; here the policy is overfull and the node
    //        evicts 3 through evict() right after the hit: 7 bytes
    // r8     4(3) miss: 7+3 fits: W=[4,6,5]; est(4)=3
    // r9     7(1) miss: 10+1 > 10. Probation is back within bounds (P=[2], 2 bytes). Offer 5(2): main
    //        4+2 ≤ 7, no segment room → P=[5,2]; offer 6(1): main 7, protected 2+1 fits → R=[6,1];
    //        offer 4(3): main 7+3 > 7, est(4)=3 > est(2)=2 → 2 evicted, 4 admitted: P=[4,5], main
    //        5+3 = 8 > 7. libCacheSim evicts another main object right away; here, once 7 is inserted
    //        (W=[7]), the node sheds the main cache's excess: probation tail 5 (2 bytes). 7 bytes
    // r10    8(1), r11 9(1): 9 bytes, no eviction: W=[9,8,7] P=[4] R=[6,1]
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
    const r = replay(wtinylfu, 10, seq, { window: 0.3, protected: 0.5, libcachesimAging: 1 });
    expect(r.pattern).toBe("mmmmmmHmmmm");
    expect(r.victims).toEqual([4, 3, 2, 5]);
    expect(r.policy.usedBytes).toBe(9);
    expect(r.policy.count).toBe(6);
  });

  it("victim() predicts evict() without changing the sketch or the queues", () => {
    // libCacheSim's aging (window moves count). capacity 6 full of never-hit objects, all still in the window W=[6,5,4,3,2,1], each est 1.
    // The next eviction walks the window: 1, 2 → probation, 3, 4 → protected (each move counts +1),
    // then the main cache is full and 5 (est 1) loses against the probation tail 1 (est 2 by then).
    const r = replay(wtinylfu, 6, [1, 2, 3, 4, 5, 6], { window: 0.34, protected: 0.5, libcachesimAging: 1 });
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

  it("refuses an object larger than the window (libCacheSim's WTinyLFU_can_insert)", () => {
    // capacity 10 bytes, window 0.3 → 3: a 4-byte object is a miss, not inserted, nothing evicted
    const r = replay(
      wtinylfu,
      10,
      [
        [1, 3],
        [2, 3],
        [3, 3],
        [4, 4],
        [4, 4],
      ],
      { window: 0.3, protected: 0.5 },
    );
    expect(r.pattern).toBe("mmmmm");
    expect(r.victims).toEqual([]);
    expect(r.policy.find(4, false)).toBe(false);
    expect(r.policy.usedBytes).toBe(9);
  });

  it("Caffeine's aging (default): every access counts, window hits included, and the sketch halves after the sample", () => {
    // capacity 100 objects: 4-bit counters; the sample is 10 × 64 = 640 recorded accesses until the
    // cache has held 64 objects, then 10 × the most it has held
    const p = wtinylfu.create({ ...wtinylfu.defaults }, { capacity: 100, ids: 1000, seed: 1 }) as WTinyLfu;
    expect(p.sketch.maxCount).toBe(15);
    expect(p.find(1, true)).toBe(false); // a miss counts
    p.insert(1, 1); // the insertion does not count again
    expect(p.sketch.estimate(1)).toBe(1);
    expect(p.find(1, true)).toBe(true); // a window hit counts
    expect(p.sketch.estimate(1)).toBe(2);
    for (let i = 0; i < 13; i++) p.find(1, true);
    expect(p.sketch.estimate(1)).toBe(15); // saturates at 15
    // 640 − 15 more accesses of other, never-inserted ids reach the sample: every counter is halved
    for (let i = 0; i < 625; i++) p.find(2 + (i % 50), true);
    expect(p.sketch.estimate(1)).toBe(7);
    // libCacheSim's aging: window hits and misses count nothing
    const l = wtinylfu.create(
      { ...wtinylfu.defaults, libcachesimAging: 1 },
      { capacity: 100, ids: 1000, seed: 1 },
    ) as WTinyLfu;
    expect(l.sketch.maxCount).toBe(65535);
    l.find(1, true);
    l.insert(1, 1);
    l.find(1, true);
    expect(l.sketch.estimate(1)).toBe(1);
  });

  it("adaptive: Caffeine's hill climber moves the window after each sample", () => {
    // capacity 1000 objects: window 10, main 990 (protected 792); sample 10 × 1000 accesses once full.
    // The first sample's hit rate rises from 0, so the climber takes its first (negative) step of
    // 6.25 % × 1000 = 62: the window cannot go below 1 object, so it shrinks to 1 and the protected
    // share grows by 9; objects leave the window for probation.
    const p = wtinylfu.create(
      { ...wtinylfu.defaults, adaptive: 1 },
      { capacity: 1000, ids: 5000, seed: 1 },
    ) as WTinyLfu;
    const fixed = wtinylfu.create({ ...wtinylfu.defaults }, { capacity: 1000, ids: 5000, seed: 1 }) as WTinyLfu;
    let x = 1;
    for (let i = 0; i < 20000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const id = (x >>> 8) % 1500;
      for (const q of [p, fixed]) {
        if (q.find(id, true)) continue;
        while (q.usedBytes + 1 > 1000) q.evict();
        q.insert(id, 1);
      }
    }
    expect(fixed.windowCapacity).toBe(10);
    expect(p.windowCapacity).not.toBe(10);
    expect(p.windowCapacity + p.mainCapacity).toBe(1000);
    expect(p.probationCapacity + p.protectedCapacity).toBe(p.mainCapacity);
    expect(p.usedBytes).toBeLessThanOrEqual(1000);
  });
});
