// The engine's live-node paths added for the reference node: `setCapacity` (CONFIG SET maxmemory:
// shrinking evicts through the policy, exact victims) and `fill` (the look-aside fill of a GET miss
// stores without a second request, so a live node's GET-miss-then-SET is the simulator's GET miss).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CacheNode } from "../../src/engine/node.js";
import { SlotMap } from "../../src/engine/slots.js";
import { evictionPolicies } from "../../src/policies/eviction/registry.js";
import type { EvictionSpec } from "../../src/policies/eviction/types.js";
import { batchOf } from "./replay.js";

function node(name: string, capacity: number, slotMode: boolean): CacheNode {
  const spec = (evictionPolicies as Record<string, EvictionSpec>)[name];
  const keys = new SlotMap(16);
  const policy = spec.create(spec.defaults, { capacity, ids: 64, seed: 3, keys: slotMode ? keys : undefined } as never);
  return new CacheNode(policy, { capacity, slots: slotMode ? keys : false });
}

describe("setCapacity", () => {
  for (const slotMode of [false, true]) {
    it(`LRU (${slotMode ? "slot" : "dense"} mode): shrinking evicts the least recent first, exactly until it fits; growing evicts nothing`, () => {
      const n = node("lru", 100, slotMode);
      const victims: number[] = [];
      n.onEvict = (k, size) => victims.push(k * 1000 + size);
      for (const k of [1, 2, 3, 4, 5]) {
        expect(n.lookup(k, 20)).toBe(false);
        expect(n.store(k, 20)).toBe(true);
      }
      expect(n.lookup(2, 20)).toBe(true); // recency order now 1 3 4 5 2
      expect(n.setCapacity(50)).toBe(3);
      // 100 → 80 → 60 → 40 ≤ 50: keys 1, 3, 4 leave, each with its size
      expect(victims).toEqual([1020, 3020, 4020]);
      expect(n.policy.usedBytes).toBe(40);
      expect(n.counters.values.evictions).toBe(3);
      expect(n.capacity).toBe(50);
      expect(n.lookup(5, 20)).toBe(true);
      expect(n.lookup(1, 20)).toBe(false);
      // a write now needs room within the new limit: 40 + 20 > 50 evicts the LRU (2)
      expect(n.store(1, 20)).toBe(true);
      expect(victims).toEqual([1020, 3020, 4020, 2020]);
      expect(n.setCapacity(200)).toBe(0);
      for (const k of [6, 7, 8, 9, 10, 11, 12]) n.fill(k, 20);
      expect(n.policy.usedBytes).toBe(180);
      expect(victims).toHaveLength(4);
    });
  }

  it("shrinking to 0 empties the cache; a bad capacity is refused", () => {
    const n = node("s3fifo", 1000, true);
    for (let k = 0; k < 40; k++) n.fill(k, 10);
    const held = n.policy.count;
    expect(held).toBeGreaterThan(0);
    expect(n.setCapacity(0)).toBe(held);
    expect(n.policy.usedBytes).toBe(0);
    expect(() => n.setCapacity(-1)).toThrow(/capacity -1/);
    expect(() => n.setCapacity(1.5)).toThrow(/whole number/);
  });
});

describe("fill: a GET miss and its fill are the simulator's one GET", () => {
  it("S3-FIFO: the fill of a ghost-hit miss goes to the main queue (a lookup in between would lose that)", () => {
    // capacity 10 objects: small queue 1, ghost 9. Keys 1…10 fill the small queue; key 11 needs
    // room, the small queue is over its share, so its oldest (1, never re-read) goes to the ghost.
    // 1's next GET misses on the ghost: its fill goes to the main queue and outlives keys 12…30
    // passing through the small queue; with a second lookup before the store it goes to the small
    // queue and is pushed out by them.
    const viaFill = node("s3fifo", 10, true);
    const viaSet = node("s3fifo", 10, true);
    for (const [n, useFill] of [
      [viaFill, true],
      [viaSet, false],
    ] as const) {
      for (let k = 1; k <= 11; k++) if (!n.lookup(k, 1)) n.store(k, 1);
      expect(n.lookup(1, 1)).toBe(false); // in the ghost
      if (useFill) n.fill(1, 1);
      else {
        n.lookup(1, 1); // what the node's SET did before: a second request clears the ghost hit
        n.store(1, 1);
      }
    }
    // fill counted no request beyond the GET miss; lookup + store counted one more
    expect(viaFill.counters.values.requests).toBe(12);
    expect(viaSet.counters.values.requests).toBe(13);
    for (const n of [viaFill, viaSet]) for (let k = 12; k <= 30; k++) if (!n.lookup(k, 1)) n.fill(k, 1);
    expect(viaFill.lookup(1, 1)).toBe(true); // in main: survived
    expect(viaSet.lookup(1, 1)).toBe(false); // in small: pushed out
  });

  it("a fill that does not follow a miss of its key is a request of its own (lookup + store)", () => {
    const n = node("lru", 10, true);
    n.fill(1, 1);
    expect(n.counters.values.requests).toBe(1);
    expect(n.lookup(2, 1)).toBe(false);
    n.fill(1, 1); // the last miss was key 2: a SET of 1, a hit
    expect(n.counters.values.requests).toBe(3);
    expect(n.counters.values.misses).toBe(2);
  });

  for (const name of ["s3fifo", "lru", "arc", "twoq", "sieve"]) {
    it(`${name}: GET, and on a miss fill, gives exactly the simulator's hits (fast-check)`, () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 300 }), (keys) => {
          const live = node(name, 12, true);
          const sim = node(name, 12, false);
          const b = batchOf(keys);
          sim.replay(b, 0, b.length, false, false);
          let misses = 0;
          for (const k of keys) {
            if (!live.lookup(k, 1)) {
              misses++;
              live.fill(k, 1);
            }
          }
          expect(misses).toBe(sim.counters.values.misses);
          expect(live.counters.values.requests).toBe(keys.length);
        }),
        { numRuns: 60 },
      );
    });
  }
});
