import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/core/rng.js";
import { type ProbabilisticAdmission, probabilistic } from "../../../src/policies/admission/probabilistic.js";
import { Lru } from "../../../src/policies/eviction/lru.js";
import { nodeOf, request } from "../../engine/replay.js";

// The filter draws Rng(seed).next() once per admission check (every miss that fits the cache).
// Rng(7) draws: 0.7418 0.0902 0.8717 0.9474 0.7179 0.9163 0.9146 0.0353 (checked below).
const SEED = 7;

function setup(params: Record<string, number>, capacity: number) {
  const lru = new Lru({ capacity, ids: 8, seed: SEED });
  const adm = probabilistic.create(
    { ...probabilistic.defaults, ...params },
    { capacity, ids: 8, seed: SEED },
  ) as ProbabilisticAdmission;
  return { lru, adm, cache: nodeOf(lru, capacity, { admission: adm }) };
}

describe("probabilistic admission", () => {
  it("draws from the seeded generator", () => {
    const r = new Rng(SEED);
    expect(Array.from({ length: 8 }, () => r.next().toFixed(4)).join(" ")).toBe(
      "0.7418 0.0902 0.8717 0.9474 0.7179 0.9163 0.9146 0.0353",
    );
  });

  it("admits with a fixed probability p (hand-worked, p = 0.75)", () => {
    // LRU of 2 objects; admit iff draw < 0.75.
    // r1 1: .7418 admit [1] · r2 2: .0902 admit [2,1] · r3 3: .8717 refuse · r4 3: .9474 refuse
    // r5 3: .7179 admit, evicts 1 → [3,2] · r6 1: .9163 refuse · r7 4: .9146 refuse
    // r8 4: .0353 admit, evicts 2 → [4,3] · r9 4: hit (no draw)
    const { lru, cache } = setup({ mode: 0, p: 0.75 }, 2);
    const hits = [1, 2, 3, 3, 3, 1, 4, 4, 4].map((id) => (request(cache, id, 1) ? "H" : "m")).join("");
    expect(hits).toBe("mmmmmmmmH");
    expect([cache.counts().bypasses, cache.counts().evictions]).toEqual([4, 2]);
    expect([1, 2, 3, 4].map((id) => lru.find(id, false))).toEqual([false, false, true, true]);
  });

  it("admits with probability e^(-size/c) in mode 1 (hand-worked, c = 8, bytes)", () => {
    // capacity 10 bytes. P(admit) = e^(-1/8) = .8825 for size 1, e^(-4/8) = .6065 for 4, e^(-1) = .3679 for 8.
    // r1 [1,1] .7418 admit · r2 [2,4] .0902 admit · r3 [3,8] .8717 refuse · r4 [3,8] .9474 refuse
    // r5 [4,1] .7179 admit (6 bytes) · r6 [3,8] .9163 refuse · r7 [5,4] .9146 refuse
    // r8 [3,8] .0353 admit: 6 + 8 > 10 → LRU evicts 1, then 2 → [3,4], 9 bytes
    const { lru, adm, cache } = setup({ mode: 1, c: 8 }, 10);
    expect([1, 4, 8].map((s) => adm.probability(s).toFixed(4))).toEqual(["0.8825", "0.6065", "0.3679"]);
    const seq: [number, number][] = [
      [1, 1],
      [2, 4],
      [3, 8],
      [3, 8],
      [4, 1],
      [3, 8],
      [5, 4],
      [3, 8],
    ];
    const hits = seq.map(([id, s]) => (request(cache, id, s) ? "H" : "m")).join("");
    expect(hits).toBe("mmmmmmmm");
    expect([cache.counts().bypasses, cache.counts().evictions]).toEqual([4, 2]);
    expect([1, 2, 3, 4, 5].map((id) => lru.find(id, false))).toEqual([false, false, true, true, false]);
    expect(lru.usedBytes).toBe(9);
  });

  it("p = 0 never admits, p = 1 always does", () => {
    const never = setup({ mode: 0, p: 0 }, 2);
    expect([1, 1, 1].map((id) => request(never.cache, id, 1))).toEqual([false, false, false]);
    const always = setup({ mode: 0, p: 1 }, 2);
    expect([1, 1, 1].map((id) => request(always.cache, id, 1))).toEqual([false, true, true]);
  });
});
