import { describe, expect, it } from "vitest";
import { belady } from "../../../src/policies/eviction/belady.js";
import { nextAccess } from "../../../src/sim/oracle.js";
import { nodeOf, request } from "../../engine/replay.js";
import { replayOracle } from "./harness.js";

describe("belady", () => {
  it("evicts the object requested farthest in the future (hand-worked)", () => {
    // index:   0 1 2 3 4 5 6 7 8 9
    // request: 1 2 3 4 2 1 5 3 2 4          cap 3
    // next use: 1@0→5, 1@5→never; 2@1→4, 2@4→8, 2@8→never; 3@2→7, 3@7→never;
    //           4@3→9, 4@9→never; 5@6→never
    // 0-2: 1 2 3 m → next uses 1:5 2:4 3:7
    // 3: 4 m (next 9): farthest of 1:5 2:4 3:7 is 3 → evict 3
    // 4: 2 H (now 2:8)   5: 1 H (now 1:never)
    // 6: 5 m (next never): residents 1:never 2:8 4:9 → evict 1
    // 7: 3 m (next never): residents 2:8 4:9 5:never → evict 5 (inserted at 6, never used)
    // 8: 2 H   9: 4 H
    // 6 misses (LRU would miss 9 times on this sequence)
    const r = replayOracle(belady, 3, [1, 2, 3, 4, 2, 1, 5, 3, 2, 4]);
    expect(r.pattern).toBe("mmmmHHmmHH");
    expect(r.victims).toEqual([3, 1, 5]);
  });

  it("gets Belady's anomaly sequence with the optimal 7 faults in 3 frames", () => {
    // 1 2 3 4 1 2 5 1 2 3 4 5: FIFO faults 9 times with 3 frames, MIN 7 times
    const r = replayOracle(belady, 3, [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]);
    expect(r.hits.filter((h) => !h).length).toBe(7);
    // 3: 4 m evicts 3 (next 9; 1 at 4, 2 at 5); 6: 5 m evicts 4 (next 10; 1 at 7, 2 at 8)
    expect(r.victims.slice(0, 2)).toEqual([3, 4]);
  });

  it("with bytes, inserts even a never-again object and evicts farthest-first until it fits", () => {
    // cap 10, index: 0:1(4) 1:2(4) 2:3(2) 3:4(6) 4:1(4)
    // next use: 1 at 4; 2, 3 and 4 never again
    // 3: 4(6) m with 10 used: farthest-first among 1:4 2:never 3:never. The two never-again
    //    objects tie; whichever goes first (the heap's choice), freeing 6 bytes takes both → {2,3};
    //    4 is inserted although it is never used again, and 1 stays for its hit
    const r = replayOracle(belady, 10, [
      [1, 4],
      [2, 4],
      [3, 2],
      [4, 6],
      [1, 4],
    ]);
    expect(r.pattern).toBe("mmmmH");
    expect([...r.victims].sort()).toEqual([2, 3]);
    expect(r.policy.usedBytes).toBe(10);
  });

  it("evicts a useful object to make room for a never-again one, as libCacheSim's belady does", () => {
    // cap 10, index: 0:1(4) 1:2(4) 2:3(2) 3:4(6) 4:1(4) 5:2(4)
    // next use: 1:4, 2:5, 3:never, 4:never
    // 3: 4(6) m: evict 3 (never; 8 used), then 2 (next 5, farther than 1's 4; 4 used); insert 4
    // 4: 1 H    5: 2 m (the optimal byte schedule would have skipped 4 and hit here)
    const r = replayOracle(belady, 10, [
      [1, 4],
      [2, 4],
      [3, 2],
      [4, 6],
      [1, 4],
      [2, 4],
    ]);
    expect(r.pattern).toBe("mmmmHm");
    expect(r.victims.slice(0, 2)).toEqual([3, 2]);
  });

  it("refuses to run without the oracle", () => {
    expect(() => belady.create({}, { capacity: 3, ids: 4, seed: 1 })).toThrow(/oracle/);
  });

  it("removes objects from the middle of the heap", () => {
    // cap 4: 1 2 3 4 m, next uses 1:4 2:5 3:6 4:7 — then remove 4 (the top) and 2
    const r = replayOracle(belady, 4, [1, 2, 3, 4, 1, 2, 3, 4]);
    const p = r.policy;
    // after the replay all four are resident with no future: remove two and check the rest
    expect(p.remove(4)).toBe(true);
    expect(p.remove(2)).toBe(true);
    expect(p.remove(2)).toBe(false);
    expect([p.count, p.usedBytes]).toEqual([2, 2]);
    expect([p.evict(), p.evict()].sort()).toEqual([1, 3]);
    expect(p.victim()).toBe(-1);
  });

  it("re-sifts the heap after removing from its middle (distinct next uses, hand-worked)", () => {
    // Requests 1..7 fill a cache of 7; the oracle knows the rest of the sequence, which is never
    // replayed here: it only fixes each object's next use. Every key is below its parent's, so the
    // max-heap (by next use) is in insertion order, slots 0..6 = ids 1..7 (slot s has children
    // 2s+1 and 2s+2). Then one remove(), and evict() until empty: farthest next use first.
    const evictAll = (seq: number[], removed: number) => {
      const keys = Uint32Array.from(seq);
      const p = belady.create({}, { capacity: 7, ids: 4, seed: 1, nextAccess: nextAccess(keys, keys.length, 8) });
      const cache = nodeOf(p, 7);
      for (const id of seq.slice(0, 7)) expect(request(cache, id, 1)).toBe(false);
      expect(p.remove(removed)).toBe(true);
      expect(p.remove(removed)).toBe(false);
      expect([p.count, p.usedBytes]).toEqual([6, 6]);
      return [p.evict(), p.evict(), p.evict(), p.evict(), p.evict(), p.evict(), p.evict()];
    };
    // down: 7 6 5 4 3 2 1 next → next uses 1:13 2:12 3:11 4:10 5:9 6:8 7:7.
    // remove 2 (slot 1): the last entry, 7 (key 7), fills slot 1; its children 4 (10) and 5 (9) are
    // larger → it sinks below 4: heap [1 4 3 7 5 6]. Evictions: 1 3 4 5 6 7. (Left at slot 1
    // without sinking, 7 sits above 4 and 5, and 5 comes out before 4.)
    expect(evictAll([1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1], 2)).toEqual([1, 3, 4, 5, 6, 7, -1]);
    // up: 4 5 6 2 7 3 1 next → next uses 1:13 2:10 3:12 4:7 5:8 6:9 7:11.
    // remove 4 (slot 3, under 2): the last entry, 7 (key 11, under 3 until now), fills slot 3; it is
    // larger than its new parent 2 (10) → it rises: heap [1 7 3 2 5 6]. Evictions: 1 3 7 2 6 5.
    // (Left at slot 3, 7 sits below 2, and 2 comes out before 7.)
    expect(evictAll([1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 2, 7, 3, 1], 4)).toEqual([1, 3, 7, 2, 6, 5, -1]);
  });
});
