import { describe, expect, it } from "vitest";
import { random } from "../../../src/policies/eviction/random.js";
import { nodeOf, request } from "../../engine/replay.js";
import { replay } from "./harness.js";

const SEQ = [1, 2, 3, 4, 1, 5, 6, 2, 7, 3, 8, 1, 9, 4, 10, 5, 2, 11, 6, 12];

/** The victims of a run that never calls victim(), or (`peeks`) calls it twice before every request. */
function victimsWithoutPeeking(seed: number, capacity: number, seq: number[], peeks = false): number[] {
  const policy = random.create({}, { capacity, ids: 4, seed });
  const victims: number[] = [];
  const evict = policy.evict.bind(policy);
  policy.evict = () => {
    const v = evict();
    victims.push(v);
    return v;
  };
  const cache = nodeOf(policy, capacity);
  for (const id of seq) {
    if (peeks) {
      policy.victim();
      policy.victim();
    }
    request(cache, id, 1);
  }
  return victims;
}

describe("random", () => {
  it("hits whatever is resident and evicts only when full (hand-worked)", () => {
    // cap 3: 1 2 3 m, 1 2 3 H (nothing evicted yet), 4 m evicts one of 1, 2, 3
    const r = replay(random, 3, [1, 2, 3, 1, 2, 3, 4]);
    expect(r.pattern).toBe("mmmHHHm");
    expect(r.victims).toHaveLength(1);
    expect([1, 2, 3]).toContain(r.victims[0]);
    expect(r.policy.count).toBe(3);
    expect(r.policy.find(r.victims[0], false)).toBe(false);
  });

  it("victim() is stable and peeking does not change the evictions", () => {
    // replay() calls victim() before every evict(); a plain run never peeks: same victims
    for (const seed of [1, 2, 3]) {
      const r = replay(random, 4, SEQ, {}, { seed });
      expect(r.victims).toEqual(victimsWithoutPeeking(seed, 4, SEQ));
      // every miss after the first four (which fill the cache) evicts exactly one object
      expect(r.victims.length).toBe(r.hits.filter((h) => !h).length - 4);
    }
  });

  it("victim() at any moment, even with no eviction after it, changes nothing", () => {
    // most of these peeks are followed by a hit or by an insert with room to spare; the victim of the
    // k-th eviction depends only on the resident array and k, so the victims are the same
    for (let seed = 1; seed <= 20; seed++) {
      expect(victimsWithoutPeeking(seed, 4, SEQ, true)).toEqual(victimsWithoutPeeking(seed, 4, SEQ));
    }
    // the reviewer's case: cap 2, 0 3 m (a peek after each), then 1 m evicts
    for (let seed = 1; seed <= 20; seed++) {
      expect(victimsWithoutPeeking(seed, 2, [0, 3, 1], true)).toEqual(victimsWithoutPeeking(seed, 2, [0, 3, 1]));
    }
  });

  it("is reproducible from the seed and depends on it", () => {
    const a = replay(random, 4, SEQ, {}, { seed: 7 }).victims;
    expect(replay(random, 4, SEQ, {}, { seed: 7 }).victims).toEqual(a);
    const others = [8, 9, 10, 11].map((seed) => replay(random, 4, SEQ, {}, { seed }).victims.join());
    expect(others.some((v) => v !== a.join())).toBe(true);
  });

  it("draws victims uniformly over the residents", () => {
    // 4 residents 0..3; repeatedly evict and re-insert the victim: each id should be drawn ~1/4
    const p = random.create({}, { capacity: 4, ids: 4, seed: 42 });
    for (let id = 0; id < 4; id++) p.insert(id, 1);
    const counts = [0, 0, 0, 0];
    const n = 40_000;
    let unstable = 0;
    for (let i = 0; i < n; i++) {
      const v = p.victim();
      if (p.victim() !== v || p.evict() !== v) unstable++;
      counts[v]++;
      p.insert(v, 1);
    }
    expect(unstable).toBe(0);
    for (const c of counts) expect(Math.abs(c / n - 0.25)).toBeLessThan(0.01);
  });

  it("removes from the middle and keeps the dense array consistent", () => {
    const p = random.create({}, { capacity: 4, ids: 4, seed: 3 });
    for (const id of [10, 20, 30, 40]) p.insert(id, 2);
    expect(p.remove(20)).toBe(true);
    expect(p.remove(20)).toBe(false);
    expect([p.count, p.usedBytes]).toEqual([3, 6]);
    const out = [p.evict(), p.evict(), p.evict()].sort((x, y) => x - y);
    expect(out).toEqual([10, 30, 40]);
    expect([p.evict(), p.victim(), p.count, p.usedBytes]).toEqual([-1, -1, 0, 0]);
  });
});
