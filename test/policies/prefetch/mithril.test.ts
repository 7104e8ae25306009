// Mithril, hand-worked (src/policies/prefetch/mithril.ts). Small tables so that mining happens
// within a few requests: minSupport 2 and miningThreshold 4 (mining at 2 waiting objects),
// blockSize 5000 so that a 2-object cache gets a recording table of ⌊2·5000·0.02/14⌋ = 14 rows.
// The clock t is the request's position.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors.js";
import { CacheNode } from "../../../src/engine/node.js";
import { lru } from "../../../src/policies/eviction/lru.js";
import { mithril } from "../../../src/policies/prefetch/mithril.js";
import { prefetchers } from "../../../src/policies/prefetch/registry.js";
import type { Prefetcher, PrefetchSink } from "../../../src/policies/prefetch/types.js";
import { DELETE, type RequestBatch } from "../../../src/workload/types.js";

const SMALL = { ...mithril.defaults, minSupport: 2, miningThreshold: 4, blockSize: 5000 };
const CTX = { capacity: 2, bytes: false, ids: 16, idLimit: 16, seed: 1, contexts: [] };

/** A sink with no cache behind it: records what is fetched, nothing is ever resident. */
function recorder() {
  const fetched: number[] = [];
  const sink: PrefetchSink = { fetch: (id) => fetched.push(id), resident: () => false };
  return { fetched, sink };
}

/** Feeds a trace to a prefetcher, every request a miss; returns how many fetches after each. */
function feed(p: Prefetcher, trace: number[], sink: PrefetchSink, fetched: number[]): number[] {
  const after: number[] = [];
  for (let t = 0; t < trace.length; t++) {
    p.access(trace[t], 1, t, 0, false, sink);
    after.push(fetched.length);
  }
  return after;
}

function batch(keys: number[]): RequestBatch {
  const n = keys.length;
  return {
    length: n,
    key: Uint32Array.from(keys),
    size: new Uint32Array(n).fill(1),
    op: new Uint8Array(n),
    time: Float64Array.from(keys.map((_, i) => i)),
  };
}

function run(keys: number[], params: Partial<typeof SMALL> | null) {
  const node = new CacheNode(lru.create({}, { capacity: 2, ids: 16, seed: 1 }), {
    capacity: 2,
    prefetcher: params === null ? null : mithril.create({ ...SMALL, ...params }, CTX),
    prefetchIdLimit: 16,
    bytes: false,
  });
  node.replay(batch(keys), 0, keys.length, false, false);
  return node.counters.values;
}

describe("mithril", () => {
  it("is registered", () => {
    expect(prefetchers.mithril).toBe(mithril);
  });

  it("associates two objects whose miss times line up, and prefetches the later one", () => {
    // t0 1, t1 2: recorded. t2 1: its 2nd record moves it to the mining table (times 0, 2); t3 2:
    // likewise (1, 3); 2 objects wait: mining. Sorted by first time: 1 (0), 2 (1), 1 apart ≤ 20,
    // same count, the first candidate: 1 → 2. t4: a request for 1 fetches 2; 2 has no associate.
    const p = mithril.create(SMALL, CTX);
    const { fetched, sink } = recorder();
    const after = feed(p, [1, 2, 1, 2, 1, 2], sink, fetched);
    expect(fetched).toEqual([2]);
    expect(after).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it("does not associate objects whose first times are more than lookaheadRange apart", () => {
    // same as above with 1 and 2 three requests apart: first times 0 and 3, lookaheadRange 2
    const p = mithril.create({ ...SMALL, lookaheadRange: 2 }, CTX);
    const { fetched, sink } = recorder();
    feed(p, [1, 7, 8, 2, 1, 2, 1], sink, fetched);
    // 7 and 8 were recorded once only; mining at t5 saw 1 (0, 4) and 2 (3, 5): 3 > 2, no pair
    expect(fetched).toEqual([]);
  });

  it("drops an object recorded more than maxSupport times: too frequent to mine", () => {
    // miningThreshold 6: mining at 3 waiting objects. Trace 1 1 1 2 3 2 3 4 4, then 1 2 3.
    // maxSupport 2: 1 enters the mining table at t1 (0, 1); its 3rd record (t2) drops it. 2 (3, 5),
    // 3 (4, 6), 4 (7, 8) are mined at t8: 2 → 3 (first candidate, and 1 apart), 3 → 4 (first);
    // 2 → 4 not (neither first nor 1 apart). Requests 1, 2, 3 then fetch nothing, 3, 4.
    const trace = [1, 1, 1, 2, 3, 2, 3, 4, 4, 1, 2, 3];
    const dropped = mithril.create({ ...SMALL, maxSupport: 2, miningThreshold: 6 }, CTX);
    const a = recorder();
    feed(dropped, trace, a.sink, a.fetched);
    expect(a.fetched).toEqual([3, 4]);
    // maxSupport 8: 1 stays (0, 1, 2) and mining runs at t6 over 1, 2, 3: 1 → 2 (counts 3 and 2
    // differ by 1 ≤ confidence; first candidate), 2 → 3; 4 is mined later. Fetched: 2, 3.
    const kept = mithril.create({ ...SMALL, maxSupport: 8, miningThreshold: 6 }, CTX);
    const b = recorder();
    feed(kept, trace, b.sink, b.fetched);
    expect(b.fetched).toEqual([2, 3]);
  });

  it("in a cache: a prefetch hit, a second chance for an unused prefetched object, exact counters", () => {
    // LRU of 2 objects, every request below worked by hand ([older, newer] after each request):
    //  t0 1 m [1]  t1 2 m [1,2]  t2 3 m [2,3]  t3 4 m [3,4]  t4 1 m [4,1]  t5 2 m [1,2]: mining, 1 → 2
    //  t6 3 m [2,3]  t7 1 m [3,1], then 2 is fetched [1,2]  t8 2 HIT (prefetch used)
    //  t9 5 m [2,5]  t10 1 m [5,1] (mining: 3 → 1), 2 fetched again [1,2]  t11 6 m [2,6]
    //  t12 7 m: 2 is evicted unused, gets its second chance (back in, then 6 goes) [2,7]
    //  t13 2 HIT
    const keys = [1, 2, 3, 4, 1, 2, 3, 1, 2, 5, 1, 6, 7, 2];
    const v = run(keys, {});
    expect([v.requests, v.misses]).toEqual([14, 12]);
    // t7, t10, and the second chance at t12 (the engine counts it as one more fetch, and the
    // eviction before it as one wasted)
    expect([v.prefetches, v.prefetchUsed, v.prefetchWasted]).toEqual([3, 2, 1]);
    // cycleTime 1: no second chance, t12 leaves [6,7] and t13 misses
    const once = run(keys, { cycleTime: 1 });
    expect([once.misses, once.prefetches, once.prefetchUsed, once.prefetchWasted]).toEqual([13, 2, 1, 1]);
    // without a prefetcher every request misses
    expect(run(keys, null).misses).toBe(14);
  });

  it("a DELETE of an unused prefetched object is final: no second chance (only an eviction gets one)", () => {
    // as above up to t10: 2 was fetched at t10 and is unused in [1,2]; then DELETE 2
    const keys = [1, 2, 3, 4, 1, 2, 3, 1, 2, 5, 1, 2];
    const node = new CacheNode(lru.create({}, { capacity: 2, ids: 16, seed: 1 }), {
      capacity: 2,
      prefetcher: mithril.create({ ...SMALL }, CTX),
      prefetchIdLimit: 16,
      bytes: false,
    });
    const b = batch(keys);
    b.op[keys.length - 1] = DELETE;
    node.replay(b, 0, keys.length, false, true);
    const v = node.counters.values;
    // two prefetches (t7, t10); the deleted one is wasted and not fetched back
    expect([v.prefetches, v.prefetchUsed, v.prefetchWasted]).toEqual([2, 1, 1]);
    expect(node.lookup(2, 1, 12)).toBe(false);
  });

  it("refuses minSupport above maxSupport", () => {
    expect(() => mithril.create({ ...SMALL, minSupport: 4, maxSupport: 2 }, CTX)).toThrow(InputError);
  });

  it("property: with small tables it prefetches only requested ids, never overfills, and is deterministic", () => {
    // objects sized 1..8 in a byte cache of 8..40, ids 0..30 mostly requested in pairs (2k, 2k + 1)
    // so that there is something to mine, every recTrigger, cycleTime 1..3
    const reqs = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 14 }), fc.boolean()), { minLength: 40, maxLength: 150 })
      .map((xs) => xs.flatMap(([k, pair]) => (pair ? [2 * k, 2 * k + 1] : [2 * k])));
    let active = 0; // runs where Mithril did fetch something: the property is not vacuous
    fc.assert(
      fc.property(
        reqs,
        fc.integer({ min: 8, max: 40 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (ids, capacity, recTrigger, cycleTime) => {
          const sizeOf = (id: number) => 1 + (id % 8);
          const params = { ...SMALL, blockSize: 20000, lookaheadRange: 100, recTrigger, cycleTime };
          const once = () => {
            const policy = lru.create({}, { capacity, ids: 32, seed: 1 });
            const seen = new Set<number>();
            let overfull = false;
            let unseen = false;
            const inner = mithril.create(params, { ...CTX, capacity, bytes: true });
            const spy: Prefetcher = {
              access(id, size, time, ctx, hit, sink) {
                seen.add(id);
                inner.access(id, size, time, ctx, hit, {
                  fetch(k, s) {
                    if (!seen.has(k) || s !== sizeOf(k)) unseen = true;
                    sink.fetch(k, s);
                    if (policy.usedBytes > capacity) overfull = true;
                  },
                  resident: (k) => sink.resident(k),
                });
              },
              evicted: (id, reason) => inner.evicted?.(id, reason),
            };
            const node = new CacheNode(policy, { capacity, prefetcher: spy, prefetchIdLimit: 32, bytes: true });
            const b = batch(ids);
            b.size = Uint32Array.from(ids.map(sizeOf));
            node.replay(b, 0, ids.length, true, false);
            const v = node.counters.values;
            expect(overfull).toBe(false);
            expect(unseen).toBe(false);
            expect(policy.usedBytes).toBeLessThanOrEqual(capacity);
            expect(v.prefetchUsed + v.prefetchWasted).toBeLessThanOrEqual(v.prefetches);
            return [v.misses, v.byteMisses, v.prefetches, v.prefetchUsed, v.prefetchWasted];
          };
          const first = once();
          expect(once()).toEqual(first);
          if (first[2] > 0) active++;
        },
      ),
      { numRuns: 100 },
    );
    expect(active).toBeGreaterThan(60);
  });
});
