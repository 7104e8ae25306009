import { describe, expect, it } from "vitest";
import { fifo } from "../../../src/policies/eviction/fifo.js";
import { replay } from "./harness.js";

describe("fifo", () => {
  it("evicts in insertion order and ignores hits (hand-worked)", () => {
    // cap 3, queue written oldest → newest:
    // 1 m [1] · 2 m [1 2] · 3 m [1 2 3]
    // 1 H: nothing moves (LRU would now evict 2) [1 2 3]
    // 4 m: evict 1 → [2 3 4]   · 1 m: evict 2 → [3 4 1]
    // 5 m: evict 3 → [4 1 5]   · 2 m: evict 4 → [1 5 2]
    const r = replay(fifo, 3, [1, 2, 3, 1, 4, 1, 5, 2]);
    expect(r.pattern).toBe("mmmHmmmm");
    expect(r.victims).toEqual([1, 2, 3, 4]);
    expect(r.policy.count).toBe(3);
    expect(r.policy.victim()).toBe(1);
  });

  it("counts bytes and evicts until the new object fits", () => {
    // cap 10: 1(4) 2(4) 3(2) = 10; 1 H changes nothing; 4(6) evicts 1 (→6 used) then 2 (→2 used)
    const r = replay(fifo, 10, [
      [1, 4],
      [2, 4],
      [3, 2],
      [1, 4],
      [4, 6],
    ]);
    expect(r.pattern).toBe("mmmHm");
    expect(r.victims).toEqual([1, 2]);
    expect(r.policy.usedBytes).toBe(8);
  });

  it("removes an object from the middle of the queue", () => {
    const r = replay(fifo, 3, [1, 2, 3]);
    const p = r.policy;
    expect(p.remove(1)).toBe(true);
    expect(p.remove(1)).toBe(false);
    expect(p.victim()).toBe(2);
    expect(p.remove(3)).toBe(true);
    expect([p.evict(), p.evict(), p.count, p.usedBytes]).toEqual([2, -1, 0, 0]);
  });

  it("accepts ids beyond the sizing hint", () => {
    const r = replay(fifo, 2, [1000, 5000, 1000, 70000]);
    expect(r.pattern).toBe("mmHm");
    expect(r.victims).toEqual([1000]);
  });
});
