import { describe, expect, it } from "vitest";
import { arc } from "../../../src/policies/eviction/arc.js";
import { nodeOf, request } from "../../engine/replay.js";
import { replay } from "./harness.js";

// Notation: lists are written head first (MRU … LRU); p is T1's target size.
describe("arc", () => {
  it("adapts p with ghost hits and replaces from T1 or T2 accordingly (hand-worked)", () => {
    // cap 4 objects, p = 0.
    //  1 2 3 4 m      → T1 [4 3 2 1]
    //  1 H            → T1 [4 3 2], T2 [1]
    //  5 m: case IV; T1+B1+1 = 4, not > 4; the directory (4) is under 2c → REPLACE: T1 3 > p 0
    //       → T1's LRU 2 → B1 [2];                                   T1 [5 4 3]
    //  2 m: hit in B1 → p += max(|B2|/|B1|, 1) = 1; REPLACE: T1 3 > 1 → 3 → B1 [3]; 2 → T2 [2 1]
    //  6 m: T1+B1+1 = 4, not > 4 → REPLACE: T1 2 > 1 → 4 → B1 [4 3];  T1 [6 5]
    //  7 m: T1+B1+1 = 5 > 4 and B1 not empty → drop B1's LRU 3; REPLACE: 5 → B1 [5 4]; T1 [7 6]
    //  1 H: T2 [1 2]
    //  8 m: 2+2+1 > 4 → drop 4 from B1; REPLACE: 6 → B1 [6 5];       T1 [8 7]
    //  5 m: hit in B1 → p = 2; REPLACE: T1 2 is not > p → T2's LRU 2 → B2 [2]; 5 → T2 [5 1]
    //  2 m: hit in B2 → p -= max(|B1|/|B2|, 1) = 1 → p = 1; REPLACE: T1 2 > 1 → 7 → B1 [7 6];
    //       2 → T2 [2 5 1];                                          T1 [8]
    //  9 m: T1+B1+1 = 4, not > 4 → REPLACE: T1 1 = p but the miss hit no B2 → T2's LRU 1 → B2 [1];
    //       T1 [9 8]
    const r = replay(arc, 4, [1, 2, 3, 4, 1, 5, 2, 6, 7, 1, 8, 5, 2, 9]);
    expect(r.pattern).toBe("mmmmHmmmmHmmmm");
    expect(r.victims).toEqual([2, 3, 4, 5, 6, 2, 7, 1]);
    // next miss: T1+B1+1 = 5 > 4 → B1 trimmed, REPLACE: T1 2 > p 1 → T1's LRU, 8
    expect(r.policy.victim()).toBe(8);
  });

  it("remove() of a ghost changes nothing: B1 and B2 still remember the id", () => {
    const r = replay(arc, 4, [1, 2, 3, 4, 1, 5, 2, 6, 7, 1, 8, 5, 2, 9]);
    // as in the first test: T1 [9 8], T2 [2 5], B1 [7 6], B2 [1], p = 1
    expect(r.policy.remove(7)).toBe(false);
    expect(r.policy.remove(1)).toBe(false);
    const cache = nodeOf(r.policy, 4);
    // 7 m: hit in B1 → p = 1 + max(1/2, 1) = 2; REPLACE: T1 2 is not > 2 → T2's LRU 5 → B2 [5 1];
    //      7 → T2 [7 2]
    // 1 m: hit in B2 → p = 2 − max(1/2, 1) = 1; REPLACE: T1 2 > 1 → 8 → B1 [8 6]; 1 → T2 [1 7 2]
    // (had remove() forgotten 7 and 1, both would be new objects, entering T1, and the victims 8, 9)
    expect([request(cache, 7, 1), request(cache, 1, 1)]).toEqual([false, false]);
    expect(r.victims.slice(-2)).toEqual([5, 8]);
    // T1 [9], T2 [1 7 2]: the next miss (case IV, 1 + 2 + 1 not > 4) REPLACEs from T2: T1 1 is not > p 1
    expect(r.policy.victim()).toBe(2);
  });

  it("on a B2 hit with |T1| = p, REPLACE takes T1's LRU end", () => {
    // cap 4, p = 0.
    // 1 m, 1 H, 2 m, 2 H → T2 [2 1];  3 4 m → T1 [4 3]
    // 5 m: T1+B1+1 = 3, not > 4 → REPLACE: T1 2 > 0 → 3 → B1 [3];    T1 [5 4]
    // 6 m: 2+1+1 = 4, not > 4 → REPLACE: 4 → B1 [4 3];               T1 [6 5]
    // 3 m: B1 hit → p = 0 + max(0/2, 1) = 1; REPLACE: T1 2 > 1 → 5 → B1 [5 4]; 3 → T2 [3 2 1]; T1 [6]
    // 4 m: B1 hit → p = 2; REPLACE: T1 1 < 2 → T2's LRU 1 → B2 [1]; 4 → T2 [4 3 2]
    // 1 m: B2 hit → p = 2 - max(|B1|/|B2| = 1/1, 1) = 1; REPLACE: T1 1 = p and the miss hit B2
    //      → T1's LRU 6 → B1 [6 5] (T2's 2 would go otherwise); 1 → T2 [1 4 3 2]
    const r = replay(arc, 4, [1, 1, 2, 2, 3, 4, 5, 6, 3, 4, 1]);
    expect(r.pattern).toBe("mHmHmmmmmmm");
    expect(r.victims).toEqual([3, 4, 5, 1, 6]);
    // T1 is empty now: the next REPLACE takes T2's LRU end
    expect(r.policy.victim()).toBe(2);
  });

  it("with bytes, evicts from T1 without a ghost when T1 alone fills the cache", () => {
    // cap 10 bytes. 1(4) 2(4) → T1 [2 1] = 8 B.
    // 3(4) m: never seen, so its size is estimated by the mean inserted size, 4: T1+B1+4 = 12 > 10
    //   and B1 is empty → evict T1's LRU 1 with no ghost; T1 [3 2]
    // 1(4) m: not remembered → the same case: evict 2; T1 [1 3]
    // 3(4) H → T2 [3];  5(2) m: 4 + 4 + 2 = 10 fits, no eviction
    const r = replay(arc, 10, [
      [1, 4],
      [2, 4],
      [3, 4],
      [1, 4],
      [3, 4],
      [5, 2],
    ]);
    expect(r.pattern).toBe("mmmmHm");
    expect(r.victims).toEqual([1, 2]);
    expect(r.policy.usedBytes).toBe(10);
    expect(r.policy.remove(1)).toBe(true);
    expect(r.policy.remove(2)).toBe(false);
  });
});
