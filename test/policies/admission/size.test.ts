import { describe, expect, it } from "vitest";
import { size } from "../../../src/policies/admission/size.js";
import { Lru } from "../../../src/policies/eviction/lru.js";
import { nodeOf, request } from "../../engine/replay.js";

describe("size admission", () => {
  it("refuses objects above maxSize even when there is room (hand-worked, bytes)", () => {
    // capacity 10 bytes, maxSize 4. [id, size]
    // r1 [1,3] admitted (3 bytes) · r2 [2,5] refused (5 > 4), cache has room · r3 [1,3] hit
    // r4 [3,4] admitted (7 bytes) · r5 [2,5] refused again, miss · r6 [4,4] admitted: 11 > 10 → LRU evicts 1
    const lru = new Lru({ capacity: 10, ids: 8, seed: 1 });
    const cache = nodeOf(lru, 10, { admission: size.create({ maxSize: 4 }, { capacity: 10, ids: 8, seed: 1 }) });
    const seq: [number, number][] = [
      [1, 3],
      [2, 5],
      [1, 3],
      [3, 4],
      [2, 5],
      [4, 4],
    ];
    const hits = seq.map(([id, s]) => (request(cache, id, s) ? "H" : "m")).join("");
    expect(hits).toBe("mmHmmm");
    expect([cache.counts().bypasses, cache.counts().evictions]).toEqual([2, 1]);
    expect([1, 2, 3, 4].map((id) => lru.find(id, false))).toEqual([false, false, true, true]);
    expect(lru.usedBytes).toBe(8);
  });

  it("admits everything in objects unit once maxSize >= 1", () => {
    const lru = new Lru({ capacity: 2, ids: 8, seed: 1 });
    const cache = nodeOf(lru, 2, { admission: size.create({ maxSize: 1 }, { capacity: 2, ids: 8, seed: 1 }) });
    expect([1, 2, 1, 3].map((id) => (request(cache, id, 1) ? "H" : "m")).join("")).toBe("mmHm");
    expect(cache.counts().bypasses).toBe(0);
  });
});
