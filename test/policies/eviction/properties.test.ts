// Invariants every registered eviction policy must keep, on random request sequences (fast-check):
// the cache never holds more than its capacity, count and usedBytes agree with what was inserted
// and evicted, victim() predicts evict(), a found object is really resident, and hits + misses =
// requests.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evictionPolicies } from "../../../src/policies/eviction/registry.js";
import type { EvictionSpec } from "../../../src/policies/eviction/types.js";
import { Cache } from "../../../src/sim/cache.js";
import { nextAccess } from "../../../src/sim/oracle.js";

const request = fc.record({ id: fc.integer({ min: 0, max: 40 }), size: fc.integer({ min: 1, max: 12 }) });

function check(spec: EvictionSpec, capacity: number, reqs: { id: number; size: number }[], bytes: boolean) {
  const keys = Uint32Array.from(reqs.map((r) => r.id));
  const policy = spec.create(spec.defaults, {
    capacity,
    ids: 4, // deliberately small: policies must grow
    seed: 3,
    nextAccess: spec.oracle ? nextAccess(keys, keys.length, 41) : undefined,
  });
  // a model of what is resident, maintained from the engine's point of view
  const resident = new Map<number, number>();
  const evict = policy.evict.bind(policy);
  policy.evict = () => {
    const peek = policy.victim();
    const v = evict();
    expect(v).toBe(peek);
    expect(resident.has(v)).toBe(true);
    resident.delete(v);
    return v;
  };
  const insert = policy.insert.bind(policy);
  policy.insert = (id, size) => {
    expect(resident.has(id)).toBe(false);
    resident.set(id, size);
    insert(id, size);
  };
  const cache = new Cache(policy, capacity);
  let hits = 0;
  for (const r of reqs) {
    const size = bytes ? r.size : 1;
    const wasResident = resident.has(r.id);
    const hit = cache.get(r.id, size);
    expect(hit).toBe(wasResident);
    if (hit) hits++;
    expect(policy.usedBytes).toBeLessThanOrEqual(capacity);
    expect(policy.count).toBe(resident.size);
    expect(policy.usedBytes).toBe([...resident.values()].reduce((a, b) => a + b, 0));
  }
  const c = cache.counters;
  expect(c.requests).toBe(reqs.length);
  expect(hits + c.misses).toBe(c.requests);
  // remove() takes a resident object out and reports whether it was there
  for (const id of [...resident.keys()].slice(0, 3)) {
    expect(policy.remove(id)).toBe(true);
    expect(policy.remove(id)).toBe(false);
    expect(policy.find(id, false)).toBe(false);
  }
}

describe("eviction policy invariants (property-based)", () => {
  for (const spec of Object.values(evictionPolicies) as EvictionSpec[]) {
    it(`${spec.name}: objects unit`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 12 }), fc.array(request, { maxLength: 300 }), (cap, reqs) =>
          check(spec, cap, reqs, false),
        ),
        { numRuns: 150 },
      );
    });
    it(`${spec.name}: bytes unit`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 60 }), fc.array(request, { maxLength: 300 }), (cap, reqs) =>
          check(spec, cap, reqs, true),
        ),
        { numRuns: 150 },
      );
    });
  }
});
