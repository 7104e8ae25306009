import { describe, expect, it } from "vitest";
import { s3fifo } from "../../../src/policies/eviction/s3fifo.js";
import { nodeOf, request } from "../../engine/replay.js";
import { replay } from "./harness.js";

// Notation: queues are written head first (newest … oldest); f is an object's counter (capped at 3).
describe("s3fifo", () => {
  it("filters through the small FIFO, moving objects hit twice to main (hand-worked)", () => {
    // cap 10 objects, defaults: small share 1, main share 9, ghost 9.
    // 1..10 m → small [10 … 1] (the small queue fills the empty cache; nothing is evicted yet)
    // 1 H, 1 H → f(1) = 2;  2 H → f(2) = 1;  3 H ×4 → f(3) = 3 (capped)
    // 11 m: main (0) is within its share and small is not empty → sweep small from its oldest:
    //       1 (f 2 ≥ 2) moves to main [1] with f 0; 2 (f 1 < 2) is evicted → ghost [2]
    // 12 m: 3 (f 3) moves → main [3 1]; 4 evicted → ghost [4 2]
    //  2 m: the ghost remembers 2 (forgotten: ghost [4]); evict small's 5 → ghost [5 4];
    //       2 goes straight to main [2 3 1]
    //  1 H: f(1) = 1 in main
    const r = replay(s3fifo, 10, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 1, 2, 3, 3, 3, 3, 11, 12, 2, 1]);
    expect(r.pattern).toBe("mmmmmmmmmmHHHHHHHmmmH");
    expect(r.victims).toEqual([2, 4, 5]);
    expect(r.policy.victim()).toBe(6); // small [12 11 10 9 8 7 6]: its oldest, f 0
    expect(r.policy.count).toBe(10);
  });

  it("moves after one hit with moveToMainThreshold 1", () => {
    // as above but the threshold is 1: at 11 m, 1 (f 1) moves to main and 2 is evicted;
    // with the default threshold 2, 1 (f 1) itself is evicted
    const seq = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 11];
    expect(replay(s3fifo, 10, seq, { moveToMainThreshold: 1 }).victims).toEqual([2]);
    expect(replay(s3fifo, 10, seq).victims).toEqual([1]);
  });

  it("reinserts main objects with a non-zero counter, CLOCK-like (hand-worked)", () => {
    // cap 4, smallSizeRatio 0.25: small share 1, main share 3, ghost floor(4 × 0.9) = 3.
    //  1 2 3 4 m → small [4 3 2 1];  1 1 2 2 3 3 H → f 2 for 1, 2 and 3
    //  5 m: sweep small: 1, 2, 3 move to main [3 2 1] (f 0); 4 evicted → ghost [4]; small [5]
    //  1 H → f(1) = 1;  3 H, 3 H → f(3) = 2
    //  6 m: main (3) is not over its share and small is not empty → evict small's 5 → ghost [5 4]
    //  4 m: ghost hit (ghost [5]); evict small's 6 → ghost [6 5]; 4 → main [4 3 2 1]; small empty
    //  7 m: main (4) > 3 → sweep main: 1 (f 1) back to the head with f 0 → [1 4 3 2]; 2 (f 0) evicted
    //  8 m: main (3) within its share → evict small's 7 → ghost [7 6 5]; small [8]
    //  5 m: ghost hit (ghost [7 6]); evict small's 8 → ghost [8 7 6]; 5 → main [5 1 4 3]
    //  9 m: main (4) > 3 → sweep: 3 (f 2) back with f 1 → [3 5 1 4]; 4 (f 0) evicted
    const r = replay(s3fifo, 4, [1, 2, 3, 4, 1, 1, 2, 2, 3, 3, 5, 1, 3, 3, 6, 4, 7, 8, 5, 9], {
      smallSizeRatio: 0.25,
    });
    expect(r.pattern).toBe("mmmmHHHHHHmHHHmmmmmm");
    expect(r.victims).toEqual([4, 5, 6, 2, 7, 8, 4]);
    expect(r.policy.victim()).toBe(9); // small [9] is not empty and main (3) is within its share
  });

  it("predicts the victim when every small object moves to main", () => {
    // cap 4, small share 1: 1 2 3 4 m, each hit twice → all f 2. The sweep moves 1 2 3 4 to main,
    // the small queue is empty, so the main sweep starts and evicts 1 (moved first, f 0).
    const seq = [1, 2, 3, 4, 1, 1, 2, 2, 3, 3, 4, 4];
    const before = replay(s3fifo, 4, seq, { smallSizeRatio: 0.25 });
    expect(before.policy.victim()).toBe(1);
    const after = replay(s3fifo, 4, [...seq, 5], { smallSizeRatio: 0.25 });
    expect(after.victims).toEqual([1]);
    // main [4 3 2], small [5]: main is within its share → small's 5 is next
    expect(after.policy.victim()).toBe(5);
  });

  it("counts bytes, in the ghost too", () => {
    // cap 50 bytes: small share 5, main 45, ghost 45. Items are [id, size].
    // 1..10 (5 B each) → small, 50 B
    // 11(5) m: evict small's 1 → ghost [1] (5 B); 11 → small
    // 1(5) m: ghost hit; evict small's 2 → ghost [2]; 1 → main
    const seq: [number, number][] = [];
    for (let id = 1; id <= 11; id++) seq.push([id, 5]);
    seq.push([1, 5]);
    const r = replay(s3fifo, 50, seq);
    expect(r.victims).toEqual([1, 2]);
    expect(r.policy.usedBytes).toBe(50);
    // small [11 10 … 3], main [1], ghost [2]
    expect(r.policy.remove(2)).toBe(false); // a ghost: not resident, and the ghost keeps it
    expect(r.policy.remove(1)).toBe(true); // main [] (45 B used)
    // 2(5) m: still remembered → main [2], no eviction (50 B). 12(5) … 15(5) m: main is within its
    // share, so each evicts small's oldest (3, 4, 5, then 6) and 2 stays. Had remove() forgotten 2,
    // it would have entered small and been the fourth victim.
    const cache = nodeOf(r.policy, 50);
    expect([2, 12, 13, 14, 15].map((id) => request(cache, id, 5))).toEqual([false, false, false, false, false]);
    expect(r.victims).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.policy.find(2, false)).toBe(true);
  });

  it("does not cache an object larger than the small queue (libCacheSim's S3FIFO_can_insert)", () => {
    // cap 50 bytes: small share 5. A 6-byte object is a miss every time, is never inserted and
    // evicts nothing, even once the cache is full; a 5-byte one is cached.
    const seq: [number, number][] = [];
    for (let id = 1; id <= 10; id++) seq.push([id, 5]);
    seq.push([20, 6], [20, 6], [21, 5], [21, 5]);
    const r = replay(s3fifo, 50, seq);
    expect(r.pattern).toBe("mmmmmmmmmmmmmH");
    expect(r.victims).toEqual([1]); // only 21 needed room
    expect(r.policy.find(20, false)).toBe(false);
    expect(r.policy.usedBytes).toBe(50);
  });
});
