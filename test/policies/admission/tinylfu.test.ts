import { describe, expect, it } from "vitest";
import { type TinyLfuAdmission, tinylfu } from "../../../src/policies/admission/tinylfu.js";
import { Lru } from "../../../src/policies/eviction/lru.js";
import { nodeOf, request } from "../../engine/replay.js";

const make = (params = {}, capacity = 2) =>
  tinylfu.create({ ...tinylfu.defaults, ...params }, { capacity, ids: 16, seed: 3 }) as TinyLfuAdmission;

describe("tinylfu admission", () => {
  it("admits only candidates more frequent than the LRU victim (hand-worked)", () => {
    // LRU of 2 objects behind TinyLFU (doorkeeper on). Every request is recorded first: a key's first
    // occurrence only enters the doorkeeper (estimate 1), later ones count in the sketch (+1 each).
    // r1 1: est 1, room → admitted            LRU [1]
    // r2 2: est 1, room → admitted            LRU [2,1]
    // r3 3: est 1, victim 1 est 1 → 1 > 1 is false: refused
    // r4 3: est 2 > est(1) = 1 → admitted, 1 evicted             LRU [3,2]
    // r5 1: est 2 > est(2) = 1 → admitted, 2 evicted             LRU [1,3]
    // r6 2: est 2, victim 3 est 2 → tie keeps 3: refused
    // r7 3: hit (est 3)                                          LRU [3,1]
    // r8 4: est 1 vs victim 1 est 2 → refused
    const adm = make();
    const lru = new Lru({ capacity: 2, ids: 16, seed: 3 });
    const cache = nodeOf(lru, 2, { admission: adm });
    const hits = [1, 2, 3, 3, 1, 2, 3, 4].map((id) => (request(cache, id, 1) ? "H" : "m")).join("");
    expect(hits).toBe("mmmmmmHm");
    expect([cache.counts().misses, cache.counts().bypasses, cache.counts().evictions]).toEqual([7, 3, 2]);
    expect([1, 2, 3, 4].map((id) => lru.find(id, false))).toEqual([true, false, true, false]);
    expect([1, 2, 3, 4].map((id) => adm.sketch.estimate(id))).toEqual([2, 2, 3, 1]);
  });

  it("ages after W samples: halves the counters and the sample count, clears the doorkeeper", () => {
    // entries = max(16, min(capacity 2, 2^20)) = 16; sampleFactor 0.25 → W = 4
    const adm = make({ sampleFactor: 0.25 });
    expect(adm.sampleSize).toBe(4);
    adm.record(5); // doorkeeper                       est 1, samples 1
    adm.record(5); // sketch 1                         est 2, samples 2
    adm.record(5); // sketch 2                         est 3, samples 3
    expect(adm.sketch.estimate(5)).toBe(3);
    adm.record(5); // sketch 3, samples 4 = W → sketch 1, doorkeeper empty, samples 2
    expect(adm.sketch.estimate(5)).toBe(1);
    adm.record(5); // doorkeeper again                 est 2, samples 3
    expect(adm.sketch.estimate(5)).toBe(2);
    adm.record(6); // samples 4 → age: 5's counter 1 → 0, doorkeeper empty
    expect([adm.sketch.estimate(5), adm.sketch.estimate(6)]).toEqual([0, 0]);
  });

  it("is sized by the capacity alone: the ids hint (streamed vs loaded run) changes no decision", () => {
    // a streamed run does not know how many ids there are (a small hint), a loaded one does; the
    // sketch and its aging period must not depend on that. LRU of 64 objects behind TinyLFU, 5,000
    // requests over 400 ids (skewed), so admissions are refused and the sketch ages several times.
    const decisions = (ids: number) => {
      const adm = tinylfu.create(tinylfu.defaults, { capacity: 64, ids, seed: 3 }) as TinyLfuAdmission;
      const lru = new Lru({ capacity: 64, ids, seed: 3 });
      const cache = nodeOf(lru, 64, { admission: adm });
      let s = 11;
      let out = "";
      for (let i = 0; i < 5000; i++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        const u = s / 4294967296;
        const bypasses = cache.counts().bypasses;
        const hit = request(cache, Math.floor(400 * u * u), 1);
        out += hit ? "H" : cache.counts().bypasses > bypasses ? "r" : "a";
      }
      return { sampleSize: adm.sampleSize, width: adm.sketch.width, out };
    };
    const loaded = decisions(400);
    expect(loaded.sampleSize).toBe(640); // entries = capacity 64, W = 10 × 64
    expect(loaded.out).toContain("r");
    for (const ids of [1, 16, 100, 100_000]) expect(decisions(ids)).toEqual(loaded);
  });

  it("in bytes, caps the entries at 2^20 whatever the capacity", () => {
    const adm = make({}, 1e12) as TinyLfuAdmission;
    expect(adm.sampleSize).toBe(10 * 2 ** 20);
    expect(adm.sketch.width).toBe(16 * 2 ** 20);
  });

  it("admits whenever no eviction is needed", () => {
    const adm = make();
    expect(adm.admit(9, 1, -1)).toBe(true);
  });
});
