import { describe, expect, it } from "vitest";
import { clock } from "../../../src/policies/eviction/clock.js";
import { replay } from "./harness.js";

// Notation: the ring is written starting at the hand, each id with its counter: [1:0 2:1 ...].
// New objects enter with counter 0 just behind the hand (the end of that list).
describe("clock", () => {
  it("gives referenced objects a second chance (1 bit, hand-worked)", () => {
    // cap 3
    // 1 2 3 m → [1:0 2:0 3:0]
    // 1 H → [1:1 2:0 3:0]
    // 4 m: 1 has its bit: clear it, move on; 2 is clear → evict 2. Hand on 3 → [3:0 1:0 4:0]
    // 2 m: 3 is clear → evict 3 → [1:0 4:0 2:0]
    // 4 H → [1:0 4:1 2:0]
    // 5 m: 1 is clear → evict 1 → [4:1 2:0 5:0]
    // 1 m: 4 cleared and passed, evict 2 → [5:0 4:0 1:0]
    const r = replay(clock, 3, [1, 2, 3, 1, 4, 2, 4, 5, 1]);
    expect(r.pattern).toBe("mmmHmmHmm");
    expect(r.victims).toEqual([2, 3, 1, 2]);
    expect(r.policy.victim()).toBe(5);
  });

  it("when every bit is set, sweeps a full round and evicts the object under the hand", () => {
    // cap 3: 1 2 3 then hits on all → [1:1 2:1 3:1]; the sweep clears all and comes back to 1
    const r = replay(clock, 3, [1, 2, 3, 1, 2, 3, 4, 5]);
    expect(r.pattern).toBe("mmmHHHmm");
    // 4 m: evict 1 → [2:0 3:0 4:0]; 5 m: evict 2
    expect(r.victims).toEqual([1, 2]);
  });

  it("with 2 bits an object survives one sweep per recorded hit", () => {
    // bits=2, cap 2
    // 1 m, 1 H, 1 H → [1:2]; 2 m → [1:2 2:0]
    // 3 m: 1 → 1:1, pass; 2 clear → evict 2. Hand on 1 → [1:1 3:0]
    // 4 m: 1 → 1:0, pass; evict 3 → [1:0 4:0]
    // 5 m: evict 1
    const r2 = replay(clock, 2, [1, 1, 1, 2, 3, 4, 5], { bits: 2 });
    expect(r2.pattern).toBe("mHHmmmm");
    expect(r2.victims).toEqual([2, 3, 1]);
    // with 1 bit the counter saturates at 1: 3 m evicts 2 → [1:0 3:0]; 4 m evicts 1; 5 m evicts 3
    const r1 = replay(clock, 2, [1, 1, 1, 2, 3, 4, 5]);
    expect(r1.victims).toEqual([2, 1, 3]);
  });

  it("predicts a multi-round k-bit sweep: the first object with the smallest counter", () => {
    // bits=2, cap 3: 1 2 3, then 1 1 2 3 3 → [1:2 2:1 3:2]. The sweep: 1→1, 2→0, 3→1, 1→0, 2 evicted.
    const r = replay(clock, 3, [1, 2, 3, 1, 1, 2, 3, 3], { bits: 2 });
    expect(r.policy.victim()).toBe(2);
    const r2 = replay(clock, 3, [1, 2, 3, 1, 1, 2, 3, 3, 4], { bits: 2 });
    expect(r2.victims).toEqual([2]);
    // the hand stops on 2's successor, 3, and 4 enters behind it → [3:1 1:0 4:0]: 1 is next
    expect(r2.policy.victim()).toBe(1);
  });

  it("removes objects, including the one under the hand", () => {
    const r = replay(clock, 3, [1, 2, 3, 1, 4]); // evicted 2 → [3:0 1:0 4:0], hand on 3
    const p = r.policy;
    expect(p.remove(3)).toBe(true); // hand moves on to 1
    expect(p.victim()).toBe(1);
    expect(p.remove(7)).toBe(false);
    expect([p.evict(), p.evict(), p.evict(), p.count]).toEqual([1, 4, -1, 0]);
  });

  it("counts bytes and evicts until the new object fits", () => {
    // cap 10: 1(4) 2(4) 3(2); 1 H → [1:1 2:0 3:0]; 4(6): 1 passed, 2 evicted (6 used), 3 evicted (4 used)
    const r = replay(clock, 10, [
      [1, 4],
      [2, 4],
      [3, 2],
      [1, 4],
      [4, 6],
    ]);
    expect(r.victims).toEqual([2, 3]);
    expect(r.policy.usedBytes).toBe(10);
  });
});
