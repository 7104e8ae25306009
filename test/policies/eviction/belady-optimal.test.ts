// Property: Belady's MIN never misses more than an online policy that must also load every missed
// object. Checked against every simple policy on random short traces in objects unit.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { belady } from "../../../src/policies/eviction/belady.js";
import { clock } from "../../../src/policies/eviction/clock.js";
import { fifo } from "../../../src/policies/eviction/fifo.js";
import { lfu } from "../../../src/policies/eviction/lfu.js";
import { lru } from "../../../src/policies/eviction/lru.js";
import { random } from "../../../src/policies/eviction/random.js";
import { sieve } from "../../../src/policies/eviction/sieve.js";
import type { EvictionSpec } from "../../../src/policies/eviction/types.js";
import { nextAccess } from "../../../src/sim/oracle.js";
import { nodeOf, request } from "../../engine/replay.js";

const ONLINE: Record<string, EvictionSpec> = { lru, fifo, clock, sieve, lfu, random };

function misses(spec: EvictionSpec, capacity: number, keys: Uint32Array, seed: number): number {
  const policy = spec.create(spec.defaults, {
    capacity,
    ids: 10,
    seed,
    nextAccess: spec.oracle ? nextAccess(keys, keys.length, 10) : undefined,
  });
  const cache = nodeOf(policy, capacity);
  for (const k of keys) request(cache, k, 1);
  return cache.counts().misses;
}

describe("belady is optimal", () => {
  it("misses no more than LRU, FIFO, CLOCK, SIEVE, LFU or Random on random traces", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 1000 }),
        (trace, capacity, seed) => {
          const keys = Uint32Array.from(trace);
          const opt = misses(belady, capacity, keys, seed);
          for (const spec of Object.values(ONLINE)) {
            expect(opt, spec.name).toBeLessThanOrEqual(misses(spec, capacity, keys, seed));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("is strictly better than LRU on a loop one larger than the cache", () => {
    // 0..3 repeated with cap 3: LRU misses every time, MIN keeps two of the loop resident
    const keys = Uint32Array.from([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
    expect(misses(lru, 3, keys, 1)).toBe(12);
    expect(misses(belady, 3, keys, 1)).toBeLessThan(12);
  });
});
