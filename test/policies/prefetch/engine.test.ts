// The node's prefetch hook, hand-worked: a scripted prefetcher fetches exactly what each test
// says, and every counter is checked against values worked out by hand (LRU, objects unit unless
// said otherwise).
import { describe, expect, it } from "vitest";
import { CacheNode } from "../../../src/engine/node.js";
import { lru } from "../../../src/policies/eviction/lru.js";
import type { Prefetcher, PrefetchSink } from "../../../src/policies/prefetch/types.js";
import type { RequestBatch } from "../../../src/workload/types.js";

/** After the request at position i, fetches script[i] (ids with sizes). */
class Scripted implements Prefetcher {
  i = 0;
  seen: [number, number, number, number, boolean][] = [];
  evictedIds: number[] = [];
  constructor(private readonly script: [number, number][][]) {}
  access(id: number, size: number, time: number, ctx: number, hit: boolean, sink: PrefetchSink): void {
    this.seen.push([id, size, time, ctx, hit]);
    for (const [k, s] of this.script[this.i++] ?? []) sink.fetch(k, s);
  }
  evicted(id: number): void {
    this.evictedIds.push(id);
  }
}

function batch(keys: number[], sizes?: number[], ctx?: number[]): RequestBatch {
  const n = keys.length;
  const b: RequestBatch = {
    length: n,
    key: Uint32Array.from(keys),
    size: Uint32Array.from(sizes ?? keys.map(() => 1)),
    op: new Uint8Array(n),
    time: Float64Array.from(keys.map((_, i) => i * 10)),
  };
  if (ctx) b.ctx = Uint16Array.from(ctx);
  return b;
}

function node(capacity: number, p: Prefetcher | null, bytes = false, idLimit = 1000): CacheNode {
  return new CacheNode(lru.create({}, { capacity, ids: 8, seed: 1 }), {
    capacity,
    prefetcher: p,
    prefetchIdLimit: idLimit,
    bytes,
  });
}

describe("prefetching in the node", () => {
  it("a prefetched object's first request is a hit and counts as used; unused ones are wasted on eviction", () => {
    // capacity 2. req 1 (miss) → fetch 2 [1,2]; req 2: hit, used → fetch 3 evicts 1 [2,3];
    // req 1: miss, evicts 2 (LRU: 3 came in after 2's hit) [3,1]; req 4: miss, evicts 3 (prefetched,
    // never requested: wasted) [1,4]
    const p = new Scripted([[[2, 1]], [[3, 1]], [], []]);
    const n = node(2, p);
    n.replay(batch([1, 2, 1, 4]), 0, 4, false, false);
    const v = n.counters.values;
    expect([v.requests, v.misses, v.evictions]).toEqual([4, 3, 3]);
    expect([v.prefetches, v.prefetchBytes, v.prefetchUsed, v.prefetchWasted, v.prefetchWastedBytes]).toEqual([
      2, 2, 1, 1, 1,
    ]);
    expect(p.seen.map((s) => s[4])).toEqual([false, true, false, false]);
    expect(p.evictedIds).toEqual([1, 2, 3]);
  });

  it("a second hit on a used prefetch counts once", () => {
    const p = new Scripted([[[2, 1]]]);
    const n = node(4, p);
    n.replay(batch([1, 2, 2, 2]), 0, 4, false, false);
    expect([n.counters.values.misses, n.counters.values.prefetchUsed]).toEqual([1, 1]);
  });

  it("resident, negative, fractional, NaN, huge and out-of-range ids, and impossible sizes, change nothing", () => {
    const absurd: [number, number][] = [
      [-1, 1],
      [2.5, 1],
      [Number.NaN, 1],
      [Number.POSITIVE_INFINITY, 1],
      [2 ** 40, 1],
      [1000, 1], // = idLimit
      [3, -1],
      [3, Number.NaN],
      [3, 1e6], // larger than the cache (bytes)
      [3, 0.5],
    ];
    // the id just requested (resident) and every absurd one, after every request
    const withAbsurd: Prefetcher = {
      access(id, size, _t, _c, _h, sink) {
        sink.fetch(id, size);
        for (const [k, sz] of absurd) sink.fetch(k, sz);
      },
    };
    const a = node(10, withAbsurd, true);
    const b = node(10, null, true);
    const t = batch([1, 5, 1, 7, 5], [3, 4, 3, 4, 4]);
    a.replay(t, 0, 5, true, false);
    b.replay(t, 0, 5, true, false);
    const va = a.counters.values;
    expect([va.requests, va.misses, va.evictions, va.byteMisses]).toEqual([
      b.counts().requests,
      b.counts().misses,
      b.counts().evictions,
      b.counts().byteMisses,
    ]);
    expect(va.prefetches).toBe(0);
    expect(a.policy.usedBytes).toBe(b.policy.usedBytes);
  });

  it("sizes are the prefetcher's in bytes, 1 in objects unit; a prefetch evicts as a miss does", () => {
    // bytes, capacity 10: req 1 (4 B) → fetch 2 (5 B) [1,2]=9; req 3 (3 B) miss evicts 1 → [2,3]=8
    const p = new Scripted([[[2, 5]], []]);
    const n = node(10, p, true);
    n.replay(batch([1, 3], [4, 3]), 0, 2, true, false);
    expect([n.counters.values.prefetchBytes, n.counters.values.evictions, n.policy.usedBytes]).toEqual([5, 1, 8]);
    const o = node(10, new Scripted([[[2, 5]]]), false);
    o.replay(batch([1], [4]), 0, 1, false, false);
    expect([o.counters.values.prefetchBytes, o.policy.usedBytes]).toEqual([1, 2]);
  });

  it("the prefetcher sees each request's key, size, time, context and outcome", () => {
    const p = new Scripted([]);
    const n = node(4, p);
    n.replay(batch([3, 3], [1, 1], [2, 5]), 0, 2, false, false);
    expect(p.seen).toEqual([
      [3, 1, 0, 2, false],
      [3, 1, 10, 5, true],
    ]);
  });

  it("a counter reset (end of warm-up) clears the marks: only later prefetches are judged", () => {
    const p = new Scripted([[[2, 1]]]);
    const n = node(4, p);
    const t = batch([1, 2]);
    n.replay(t, 0, 1, false, false);
    n.counters.reset();
    n.replay(t, 1, 2, false, false);
    expect([n.counters.values.requests, n.counters.values.misses, n.counters.values.prefetchUsed]).toEqual([1, 0, 0]);
  });

  it("a deleted or expired prefetched object is wasted", () => {
    const p = new Scripted([[[2, 1]]]);
    const n = node(4, p);
    n.replay(batch([1]), 0, 1, false, false);
    n.remove(2);
    expect([n.counters.values.prefetchWasted, n.counters.values.prefetchUsed]).toEqual([1, 0]);
  });

  it("request by request: lookup + store + afterRequest prefetches as replay does", () => {
    const script: [number, number][][] = [[[2, 1]], [[3, 1]], [], []];
    const a = node(2, new Scripted(script));
    a.replay(batch([1, 2, 1, 4]), 0, 4, false, false);
    const b = node(2, new Scripted(script));
    for (const k of [1, 2, 1, 4]) {
      const hit = b.lookup(k, 1);
      if (!hit) b.store(k, 1);
      b.afterRequest(k, 1, 0, 0, hit);
    }
    expect(b.counters.snapshot()).toEqual(a.counters.snapshot());
  });

  it("without a prefetcher the node defines no prefetch counters", () => {
    const n = node(2, null);
    expect(n.counters.has("prefetches")).toBe(false);
  });
});
