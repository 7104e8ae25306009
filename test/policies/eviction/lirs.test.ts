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

  it("counts bytes in the LIR and HIR shares", () => {
    // cap 10 bytes, hirRatio 0.2: HIR share 2 B, LIR share 8 B. Items are [id, size].
    // 1(4) 2(4) → LIR 8 B: S [2L 1L];  3(2) → HIR: Q [3]; used 10
    // 4(1) m: evict 3 (→ ghost); 4 → HIR: Q [4]; used 9
    // 3(2) m: ghost in S; 9 + 2 > 10 → evict 4 (→ ghost); 3 becomes LIR: 8 + 2 > 8 → the bottom LIR 1
    //         (4 B) is demoted to Q [1], over the HIR share until the next eviction; used 10
    // 5(1) m: evict Q's 1 → used 6; the LIR set (6 B) has room → 5 is LIR; used 7
    const r = replay(
      lirs,
      10,
      [
        [1, 4],
        [2, 4],
        [3, 2],
        [4, 1],
        [3, 2],
        [5, 1],
      ],
      { hirRatio: 0.2 },
    );
    expect(r.pattern).toBe("mmmmmm");
    expect(r.victims).toEqual([3, 4, 1]);
    expect(r.policy.usedBytes).toBe(7);
    // no resident HIR object is left, so the bottom LIR object goes next: S [5L 3L 4g 2L] → 2
    expect(r.policy.victim()).toBe(2);
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
