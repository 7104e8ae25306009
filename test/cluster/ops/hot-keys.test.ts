// Space-Saving (src/cluster/hot-keys.ts) by hand and against exact counts: a hand-worked stream
// with a full table, and for random streams (fast-check) the algorithm's guarantees — every key
// counted more than N/capacity times is monitored, each monitored count overestimates the true
// count by at most its error, the counts sum to N.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HotKeys } from "../../../src/cluster/hot-keys.js";

describe("HotKeys (Space-Saving)", () => {
  it("a hand-worked stream with two counters", () => {
    const h = new HotKeys(2);
    for (const k of ["a", "b", "a", "c", "a", "d"]) h.add(k);
    // a:1 b:1 → a:2 → c replaces b (min 1): c:2 err 1 → a:3 → d replaces c (min 2): d:3 err 2
    expect(h.top(5)).toEqual([
      { key: "a", count: 3, error: 0 },
      { key: "d", count: 3, error: 2 },
    ]);
    expect(h.total).toBe(6);
    expect(h.top(1)).toEqual([{ key: "a", count: 3, error: 0 }]);
  });

  it("keeps the guarantees on random streams", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 400 }),
        (capacity, stream) => {
          const h = new HotKeys(capacity);
          const exact = new Map<string, number>();
          for (const x of stream) {
            const k = `k${x}`;
            h.add(k);
            exact.set(k, (exact.get(k) ?? 0) + 1);
          }
          const top = h.top(capacity);
          expect(top.reduce((a, t) => a + t.count, 0)).toBe(stream.length);
          for (const t of top) {
            const truth = exact.get(t.key) ?? 0;
            expect(t.count).toBeGreaterThanOrEqual(truth);
            expect(t.count - t.error).toBeLessThanOrEqual(truth);
          }
          const monitored = new Set(top.map((t) => t.key));
          for (const [k, n] of exact) if (n > stream.length / capacity) expect(monitored.has(k)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
