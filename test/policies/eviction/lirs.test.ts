import { describe, expect, it } from "vitest";
import { lirs } from "../../../src/policies/eviction/lirs.js";
import { replay } from "./harness.js";

// Notation: S is written top first (most recent … bottom), Q head first (… LRU end = next victim).
// L = LIR object, h = resident HIR object, g = ghost (non-resident HIR, kept in S only).
describe("lirs", () => {
  it("promotes HIR objects reused within S and demotes the bottom LIR object (hand-worked)", () => {
    // cap 5 with hirRatio 0.4: HIR share 2, LIR share 3.
    //  1 2 3 m  → LIR set not full: S [3L 2L 1L]
    //  4 5 m    → HIR: S [5h 4h 3L 2L 1L], Q [5 4]; full
    //  6 m: evict Q's LRU 4 (stays in S as a ghost); 6 → S [6h 5h 4g 3L 2L 1L], Q [6 5]
    //  4 m: a ghost in S: to the top; evict Q's 5 (→ ghost); 4 becomes LIR, so the bottom LIR 1 is
    //       demoted to Q: S [4L 6h 5g 3L 2L], Q [1 6]
    //  2 H: LIR hit → top: S [2L 4L 6h 5g 3L]
    //  6 H: HIR in S → LIR; bottom LIR 3 demoted to Q; S is pruned down to an LIR bottom (ghost 5
    //       dropped): S [6L 2L 4L], Q [3 1]
    //  1 H: HIR only in Q → Q's head; the LIR set is full, so the bottom LIR 4 is demoted (Q [4 1 3]
    //       now exceeds its share until the next eviction); 1 goes back on S as HIR: S [1h 6L 2L]
    //  7 m: evict Q's LRU 3 (not in S: forgotten); the LIR set has room → 7 is LIR: S [7L 1h 6L 2L]
    //  3 m: a plain miss; evict Q's 1 (→ ghost in S); 3 → HIR: S [3h 7L 1g 6L 2L], Q [3 4]
    //  1 m: ghost in S → top; evict Q's 4; 1 becomes LIR, bottom LIR 2 demoted:
    //       S [1L 3h 7L 6L], Q [2 3]
    const r = replay(lirs, 5, [1, 2, 3, 4, 5, 6, 4, 2, 6, 1, 7, 3, 1], { hirRatio: 0.4 });
    expect(r.pattern).toBe("mmmmmmmHHHmmm");
    expect(r.victims).toEqual([4, 5, 3, 1, 4]);
    expect(r.policy.victim()).toBe(3);
    expect(r.policy.count).toBe(5);
  });

  it("bounds the ghosts kept in S by stackRatio", () => {
    // cap 3 (default hirRatio: HIR share max(1, floor(0.03)) = 1, LIR share 2)
    // 1 2 m → S [2L 1L];  3 m → S [3h 2L 1L], Q [3]
    // 4 m: evict 3 (→ ghost); S [4h 3g 2L 1L], Q [4]
    // 5 m: evict 4 (→ ghost); S [5h 4g 3g 2L 1L], Q [5]
    // 3 m with stackRatio 2 (S up to 6 entries): 3 is a ghost in S → evict 5, 3 becomes LIR and the
    //      bottom LIR 1 is demoted: Q [1]
    const seq = [1, 2, 3, 4, 5, 3];
    const kept = replay(lirs, 3, seq);
    expect(kept.victims).toEqual([3, 4, 5]);
    expect(kept.policy.victim()).toBe(1);
    // with stackRatio 1, S holds at most 3 entries: each new ghost pushes S over and the oldest ghost
    // goes (4 m drops 3, 5 m drops 4), so 3 returns as a new HIR object: Q [3], and is next out
    const bounded = replay(lirs, 3, seq, { stackRatio: 1 });
    expect(bounded.victims).toEqual([3, 4, 5]);
    expect(bounded.policy.victim()).toBe(3);
  });

  it("counts bytes in the LIR and HIR shares, and refuses objects larger than the HIR share", () => {
    // cap 20 bytes, hirRatio 0.2: HIR share 4 B, LIR share 16 B. Items are [id, size].
    // 1..4 (4 B) → LIR 16 B: S [4L 3L 2L 1L];  5(2) 6(2) → HIR: Q [6 5]; used 20
    // 7(1) m: evict Q's 5 (→ ghost in S); 7 → HIR: Q [7 6]; used 19
    // 5(2) m: ghost in S; 19 + 2 > 20 → evict Q's 6 (→ ghost); 5 becomes LIR: 16 + 2 > 16 → the
    //         bottom LIR 1 (4 B) is demoted to Q [1 7] (5 B, over the HIR share until the next
    //         eviction); used 19
    // 8(2) m: 19 + 2 > 20 → evict Q's LRU 7 → 17 B; the LIR set (14 B) has room → 8 is LIR; used 20
    // 9(5) m: larger than the HIR share → not inserted and nothing evicted (libCacheSim's
    //         LIRS_can_insert), however much room there is
    const r = replay(
      lirs,
      20,
      [
        [1, 4],
        [2, 4],
        [3, 4],
        [4, 4],
        [5, 2],
        [6, 2],
        [7, 1],
        [5, 2],
        [8, 2],
        [9, 5],
        [9, 5],
      ],
      { hirRatio: 0.2 },
    );
    expect(r.pattern).toBe("mmmmmmmmmmm");
    expect(r.victims).toEqual([5, 6, 7]);
    expect(r.policy.usedBytes).toBe(20);
    expect(r.policy.find(9, false)).toBe(false);
    expect(r.policy.victim()).toBe(1); // Q [1]
  });

  it("removes residents and keeps ghosts: remove() of a ghost changes nothing", () => {
    const p = replay(lirs, 5, [1, 2, 3, 4, 5, 6], { hirRatio: 0.4 }).policy;
    // LIR share 3, HIR share 2. S [6h 5h 4g 3L 2L 1L], Q [6 5]
    expect(p.remove(4)).toBe(false); // a ghost: not resident; it stays in S
    expect(p.remove(6)).toBe(true); // S [5h 4g 3L 2L 1L], Q [5]
    expect(p.count).toBe(4);
    // 4's miss finds the ghost (moved to S's top); inserted, it becomes LIR although the LIR set is
    // full: the bottom LIR object 1 is demoted → S [4L 5h 3L 2L], Q [1 5]. (Had remove() forgotten
    // 4, it would be a new object: HIR, Q [4 5], and the victims 5, 4, 1, 2, 3.)
    expect(p.find(4, true)).toBe(false);
    p.insert(4, 1);
    // Q's 5 (a ghost now) and 1, then the bottom LIR objects: 2, 3 (5's ghost is pruned), 4
    expect([p.evict(), p.evict(), p.evict(), p.evict(), p.evict(), p.evict()]).toEqual([5, 1, 2, 3, 4, -1]);
  });
});
