import { describe, expect, it } from "vitest";
import { beladySize } from "../../../src/policies/eviction/belady-size.js";
import { nextAccess } from "../../../src/sim/oracle.js";
import { nodeOf, request } from "../../engine/replay.js";
import { type Req, replayOracle } from "./harness.js";

// index: 0:1(2) 1:2(5) 2:3(3) 3:4(4) 4:1(2) 5:2(5) 6:3(3) 7:5(1) 8:3(3)     cap 10 bytes
// next use: 1@0→4, 1@4→never; 2@1→5, 2@5→never; 3@2→6, 3@6→8, 3@8→never; 4, 5: never
// 0-2: 1 2 3 m, inserted (10 bytes)
// 3: 4(4) m: room first (libCacheSim's order). Scores size × (next − now), now = 3:
//    1: 2×(4−3) = 2; 2: 5×(5−3) = 10; 3: 3×(6−3) = 9 → evict 2 (plain Belady would evict 3,
//    whose next use is farther). 4 is never used again: it goes on the dead list (9 bytes used)
// 4: 1 H, its last use: 1 joins the dead list
// 5: 2(5) m: 9 + 5 > 10 → evict the oldest dead object, 4 (5 used); 2 (never again) → dead list
// 6: 3 H (next 8)
// 7: 5(1) m: 10 + 1 > 10 → evict the oldest dead, 1 (8 used); 5 → dead list
// 8: 3 H, its last use: dead list. Left: 2, 5, 3, all dead, 9 bytes.
// (libCacheSim bypasses the dead objects instead; the misses are the same: they only ever occupy
// space the bypass would leave free, and leave before any live object.)
const SEQ: Req[] = [
  [1, 2],
  [2, 5],
  [3, 3],
  [4, 4],
  [1, 2],
  [2, 5],
  [3, 3],
  [5, 1],
  [3, 3],
];

describe("beladySize", () => {
  it("evicts the largest size × time to next use and skips dead objects (hand-worked, exact scan)", () => {
    const r = replayOracle(beladySize, 10, SEQ, { samples: 0 });
    expect(r.pattern).toBe("mmmmHmHmH");
    expect(r.victims).toEqual([2, 4, 1]);
    expect([r.policy.count, r.policy.usedBytes]).toEqual([3, 9]);
    expect(r.policy.victim()).toBe(2);
  });

  it("sampling finds the same victim when the samples cover the few residents", () => {
    // 128 draws over 3 residents miss the best one with probability (2/3)^128
    const r = replayOracle(beladySize, 10, SEQ);
    expect(r.pattern).toBe("mmmmHmHmH");
    expect(r.victims).toEqual([2, 4, 1]);
  });

  it("in objects, behaves as Belady with never-again objects evicted first", () => {
    // cap 2: 1 2 3 1 2 3 → next: 1@0→3, 2@1→4, 3@2→5; 1@3, 2@4, 3@5 are last uses
    // 2: 3 m: now 2, scores 1: 1×(3−2)=1, 2: 1×(4−2)=2 → evict 2; insert 3 (next 5)
    // 3: 1 H, its last use: dead    4: 2 m: evict the dead 1; 2 is never used again: dead
    // 5: 3 H
    const r = replayOracle(beladySize, 2, [1, 2, 3, 1, 2, 3], { samples: 0 });
    expect(r.pattern).toBe("mmmHmH");
    expect(r.victims).toEqual([2, 1]);
  });

  it("victim() at any moment, even with no eviction after it, changes nothing (sampled)", () => {
    // 40 objects of sizes 1–9 in a cache of 60 bytes, 600 requests: the sampled victims of a run
    // that calls victim() twice before every request equal those of a run that never calls it
    let s = 7;
    const rnd = (n: number) => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return Math.floor((s / 4294967296) * n);
    };
    const seq = Array.from({ length: 600 }, () => {
      const id = rnd(40);
      return [id, 1 + (id % 9)] as const;
    });
    const keys = Uint32Array.from(seq.map((r) => r[0]));
    const run = (peeks: boolean) => {
      const p = beladySize.create(
        { samples: 4 },
        { capacity: 60, ids: 4, seed: 5, nextAccess: nextAccess(keys, 600, 40) },
      );
      const victims: number[] = [];
      const evict = p.evict.bind(p);
      p.evict = () => {
        const v = evict();
        victims.push(v);
        return v;
      };
      const cache = nodeOf(p, 60);
      for (const [id, size] of seq) {
        if (peeks) {
          p.victim();
          p.victim();
        }
        request(cache, id, size);
      }
      return victims;
    };
    const plain = run(false);
    expect(plain.length).toBeGreaterThan(100);
    expect(run(true)).toEqual(plain);
  });

  it("removes live and dead objects", () => {
    // the first four requests of SEQ (with SEQ's whole future): live 1(2) 3(3), dead 4(4)
    const keys = Uint32Array.from(SEQ.map((r) => (typeof r === "number" ? r : r[0])));
    const p = beladySize.create({ samples: 0 }, { capacity: 10, ids: 4, seed: 1, nextAccess: nextAccess(keys, 9, 6) });
    const cache = nodeOf(p, 10);
    for (const r of SEQ.slice(0, 4)) if (typeof r !== "number") request(cache, r[0], r[1]);
    expect([p.count, p.usedBytes, p.victim()]).toEqual([3, 9, 4]);
    expect(p.remove(4)).toBe(true);
    expect(p.remove(4)).toBe(false);
    expect(p.remove(1)).toBe(true);
    expect([p.count, p.usedBytes, p.victim()]).toEqual([1, 3, 3]);
    expect([p.evict(), p.evict(), p.count, p.usedBytes]).toEqual([3, -1, 0, 0]);
  });

  it("refuses to run without the oracle", () => {
    expect(() => beladySize.create({ samples: 128 }, { capacity: 3, ids: 4, seed: 1 })).toThrow(/oracle/);
  });
});
