import { describe, expect, it } from "vitest";
import { twoq } from "../../../src/policies/eviction/twoq.js";
import { replay } from "./harness.js";

// Notation: queues are written head first (newest … oldest); the victim end is on the right.
describe("twoq", () => {
  it("keeps new objects in A1in, and only ghost-remembered ones in Am (hand-worked)", () => {
    // cap 4 objects: A1in share floor(4 * 0.25) = 1, Am share 3, A1out ghost holds floor(4 * 0.5) = 2.
    // 1 2 3 4 m          → A1in [4 3 2 1]                  (the cache is not full: no eviction yet)
    // 5 m: full; A1in (4) > 1 → evict 1 → A1out [1];        A1in [5 4 3 2]
    // 6 m: evict 2 → A1out [2 1];                           A1in [6 5 4 3]
    // 1 m: A1out remembers 1 (ghost hit, forgotten: A1out [2]); evict A1in's 3 → A1out [3 2];
    //      1 goes to Am [1];                                A1in [6 5 4]
    // 2 m: ghost hit (A1out [3]); evict 4 → A1out [4 3]; Am [2 1]; A1in [6 5]
    // 1 H: Am hit → Am [1 2]
    // 7 m: A1in (2) > 1 → evict 5 → A1out full: drop 3 → [5 4]; A1in [7 6]
    // 3 m: 3 was dropped from A1out, so a plain miss: evict 6 → A1out [6 5]; A1in [3 7]
    // 8 m: evict 7 → A1out [7 6];                           A1in [8 3]
    // 6 m: ghost hit (A1out [7]); evict 3 → A1out [3 7]; Am [6 1 2]; A1in [8]
    // 9 m: A1in (1) is within its share → evict Am's LRU end, 2; Am [6 1]; A1in [9 8]
    // 8 H: a hit in A1in changes nothing
    const r = replay(twoq, 4, [1, 2, 3, 4, 5, 6, 1, 2, 1, 7, 3, 8, 6, 9, 8]);
    expect(r.pattern).toBe("mmmmmmmmHmmmmmH");
    expect(r.victims).toEqual([1, 2, 3, 4, 5, 6, 7, 3, 2]);
    // A1in [9 8] is over its share again: its oldest, 8, is next although it was just hit
    expect(r.policy.victim()).toBe(8);
    expect(r.policy.count).toBe(4);
  });

  it("keeps a ghost on remove() of a non-resident id, so the object still goes to Am", () => {
    const p = replay(twoq, 4, [1, 2, 3, 4, 5, 6, 1, 2, 1, 7, 3, 8, 6, 9, 8]).policy;
    // state: A1in [9 8], Am [6 1], A1out [3 7]
    expect(p.remove(7)).toBe(false); // only a ghost: not resident, and A1out keeps it
    expect(p.remove(8)).toBe(true); // A1in [9]
    expect(p.find(7, true)).toBe(false); // a ghost hit: A1out [3]
    p.insert(7, 1); // → Am [7 6 1] (had remove() forgotten it: A1in [7 9], and the victim 9)
    // A1in [9] is within its share of 1: the victim is Am's LRU end
    expect(p.victim()).toBe(1);
    expect(p.remove(6)).toBe(true); // Am [7 1]
    expect(p.find(3, true)).toBe(false); // a ghost hit too: A1out []
    p.insert(3, 1); // Am [3 7 1]
    // Am's LRU end while it has objects (A1in is within its share), then A1in's 9
    expect([p.evict(), p.evict(), p.evict(), p.evict(), p.evict()]).toEqual([1, 7, 3, 9, -1]);
  });

  it("counts bytes in every queue, the ghost included", () => {
    // cap 8 bytes: A1in share 2, Am share 6, A1out 4 bytes. Items are [id, size].
    // 1(2) 2(2) 3(4) m   → A1in [3 2 1] = 8 bytes, full
    // 4(2) m: A1in 8 > 2 → evict 1 → A1out [1] (2 B); A1in [4 3 2]
    // 1(2) m: ghost hit; evict A1in's 2 → A1out [2]; Am [1]; A1in [4 3] (6 B)
    // 2(2) m: ghost hit; evict 3 (4 B) → A1out [3] (4 B, full); Am [2 1]; A1in [4]; used 6
    // 3(4) m: ghost hit; 6 + 4 > 8 and A1in (2) is within its share → evict Am's 1; Am [3 2]; used 8
    // 1(2) m: a plain miss (1 left Am, which has no ghost) → evict Am's 2; A1in [1 4]; used 8
    // 4(2) H
    const r = replay(twoq, 8, [
      [1, 2],
      [2, 2],
      [3, 4],
      [4, 2],
      [1, 2],
      [2, 2],
      [3, 4],
      [1, 2],
      [4, 2],
    ]);
    expect(r.pattern).toBe("mmmmmmmmH");
    expect(r.victims).toEqual([1, 2, 3, 1, 2]);
    expect(r.policy.usedBytes).toBe(8);
    expect(r.policy.victim()).toBe(4); // A1in [1 4] holds 4 B > 2
  });
});
