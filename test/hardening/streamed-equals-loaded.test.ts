// Issue 7, group 2: a run's result must not depend on where batches split the trace. A streamed
// run (64 Ki-request batches from the reader) and a loaded one (the shared trace) used to disagree
// on byte-unit traces whose SETs come after an all-GET batch: the plain-GET fast loop did not
// record the stored size, so a same-size SET was taken for a resize (remove + insert), resetting
// the object's policy state.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CacheNode } from "../../src/engine/node.js";
import { evictionPolicies } from "../../src/policies/eviction/registry.js";
import type { EvictionSpec } from "../../src/policies/eviction/types.js";
import { drive } from "../../src/sim/drive.js";
import { DELETE, GET, type RequestBatch, SET } from "../../src/workload/types.js";

interface Req {
  time: number;
  key: number;
  size: number;
  op: number;
  ttl: number;
}

function toBatch(reqs: Req[], withTtl: boolean): RequestBatch {
  const n = reqs.length;
  return {
    length: n,
    key: Uint32Array.from(reqs, (r) => r.key),
    size: Uint32Array.from(reqs, (r) => r.size),
    op: Uint8Array.from(reqs, (r) => r.op),
    time: Float64Array.from(reqs, (r) => r.time),
    ttl: withTtl ? Uint32Array.from(reqs, (r) => r.ttl) : undefined,
  };
}

function split(reqs: Req[], cuts: number[], withTtl: boolean): RequestBatch[] {
  const at = [...new Set(cuts.map((c) => c % (reqs.length + 1)))].sort((a, b) => a - b);
  const out: RequestBatch[] = [];
  let from = 0;
  for (const c of [...at, reqs.length]) {
    if (c > from) out.push(toBatch(reqs.slice(from, c), withTtl));
    from = Math.max(from, c);
  }
  return out;
}

function runOn(name: string, batches: RequestBatch[], capacity: number, keys: number) {
  const spec = (evictionPolicies as Record<string, EvictionSpec>)[name];
  const node = new CacheNode(spec.create(spec.defaults, { capacity, ids: keys, seed: 7 }), { capacity });
  const d = drive(node, batches, { bytes: true, ops: true, warmup: 0, window: 0 });
  return { ...d.counters };
}

const req = (keys: number, ops: boolean, sizes: number[]): fc.Arbitrary<Req> =>
  fc.record({
    key: fc.nat(keys - 1),
    size: fc.constantFrom(...sizes),
    op: ops ? fc.constantFrom(GET, GET, SET, SET, DELETE) : fc.constant(GET),
    ttl: fc.constantFrom(0, 0, 5, 50),
    time: fc.constant<number>(0),
  });

const POLICIES = Object.entries(evictionPolicies as Record<string, EvictionSpec>)
  .filter(([, s]) => !s.oracle)
  .map(([n]) => n);

describe("streamed = loaded: batch boundaries never change a result (issue 7, group 2)", () => {
  it("the reported case: GETs, then GET/SET of the same size, sieve in bytes", () => {
    const reqs: Req[] = [];
    let x = 12345;
    const rnd = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x;
    };
    for (let i = 0; i < 7000; i++) reqs.push({ time: i, key: rnd() % 200, size: 100, op: GET, ttl: 0 });
    for (let i = 0; i < 3000; i++)
      reqs.push({ time: i, key: rnd() % 200, size: 100, op: rnd() % 2 ? SET : GET, ttl: 0 });
    const one = runOn("sieve", [toBatch(reqs, false)], 5000, 200);
    const two = runOn("sieve", split(reqs, [7000], false), 5000, 200);
    expect(two.misses).toBe(one.misses);
    expect(two).toEqual(one);
  });

  for (const name of POLICIES) {
    it(`${name}: any trace (SETs, DELETEs, TTLs), any batch sizes`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 40 }),
          fc.boolean(),
          fc.array(fc.nat(400), { maxLength: 8 }),
          fc.integer({ min: 50, max: 3000 }),
          fc.integer({ min: 0, max: 100 }),
          fc.integer({ min: 0, max: 300 }),
          (keys, withTtl, cuts, capacity, getPrefix, mixed) => {
            const sizes = [1, 50, 100, 100, 700];
            const reqs = [
              ...fc.sample(req(keys, false, sizes), { numRuns: getPrefix, seed: keys + mixed }),
              ...fc.sample(req(keys, true, sizes), { numRuns: mixed, seed: keys * 31 + getPrefix }),
            ];
            if (reqs.length === 0) return;
            reqs.forEach((r, i) => {
              r.time = i;
            });
            const whole = runOn(name, [toBatch(reqs, withTtl)], capacity, keys);
            const pieces = runOn(name, split(reqs, [getPrefix, ...cuts], withTtl), capacity, keys);
            expect(pieces).toEqual(whole);
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});
