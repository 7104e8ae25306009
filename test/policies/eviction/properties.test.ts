// Invariants every registered eviction policy must keep, on random request sequences (fast-check),
// each request replayed through the engine's node (CacheNode.replay, the simulator's loop).
// A sequence mixes requests with removes of any id (resident or not) and, for the twin runs below,
// extra calls that must change nothing. Sizes include 0 in bytes unit; ids are mostly small (so
// objects are hit, evicted and requested again while ghosts remember them) and sometimes up to 2000
// (the policies are created with an ids hint of 4, so they must grow their per-id arrays).
// - invariants: the cache never holds more than its capacity, count and usedBytes agree with what
//   was inserted, evicted and removed, victim() predicts evict(), a found object is really resident,
//   remove() reports whether the object was resident, and hits + misses = requests;
// - twin runs: a copy that also receives remove() calls of ids that are not resident, or victim()
//   calls at arbitrary moments (between requests, whether an eviction follows or not, and between
//   evictions), has exactly the same hits and victims as the copy without them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evictionPolicies } from "../../../src/policies/eviction/registry.js";
import type { EvictionPolicy, EvictionSpec } from "../../../src/policies/eviction/types.js";
import { nextAccess } from "../../../src/sim/oracle.js";
import { nodeOf, request } from "../../engine/replay.js";

const MAX_ID = 2000;
// 150 random sequences per policy, unit and property (4,800 in all); CACHELAB_PROPERTY_RUNS=1000 for a deeper run
const RUNS = Number(process.env.CACHELAB_PROPERTY_RUNS ?? 150);

type Op =
  | { t: "get"; id: number; size: number }
  /** A remove of any id, resident or not: every copy makes it. */
  | { t: "rm"; id: number }
  /**
   * Twin runs only: a remove of an id that is not resident: the `back`-th most recent victim when
   * there is one (ghost lists remember those), else `id`.
   */
  | { t: "absent"; id: number; back: number }
  /** Twin runs only: victim() called (twice) between requests. */
  | { t: "peek" };

const id = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 41, max: MAX_ID }) },
);
const size = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 12 }) },
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ t: fc.constant("get" as const), id, size }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("rm" as const), id }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant("absent" as const), id, back: fc.integer({ min: 0, max: 4 }) }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("peek" as const) }) },
);
const ops = fc.array(op, { maxLength: 300, size: "max" });

function create(spec: EvictionSpec, capacity: number, seq: Op[]): EvictionPolicy {
  // find() is called once per request, so the oracle's positions are those of the requests
  const keys = Uint32Array.from(seq.flatMap((o) => (o.t === "get" ? [o.id] : [])));
  return spec.create(spec.defaults, {
    capacity,
    ids: 4, // deliberately small: policies must grow
    seed: 3,
    nextAccess: spec.oracle ? nextAccess(keys, keys.length, MAX_ID + 1) : undefined,
  });
}

/** A failed invariant (plain throws: `expect` per operation would dominate the file's run time). */
function assert(ok: boolean, what: () => string): void {
  if (!ok) throw new Error(what());
}

function check(spec: EvictionSpec, capacity: number, seq: Op[], bytes: boolean) {
  const policy = create(spec, capacity, seq);
  // a model of what is resident, maintained from the engine's point of view
  const resident = new Map<number, number>();
  let used = 0;
  const evict = policy.evict.bind(policy);
  policy.evict = () => {
    const peek = policy.victim();
    const v = evict();
    assert(v === peek, () => `victim() said ${peek}, evict() removed ${v}`);
    const size = resident.get(v);
    assert(size !== undefined, () => `evicted ${v}, which is not resident`);
    used -= size!;
    resident.delete(v);
    return v;
  };
  const insert = policy.insert.bind(policy);
  policy.insert = (id, size) => {
    assert(!resident.has(id), () => `insert(${id}) of a resident id`);
    resident.set(id, size);
    used += size;
    insert(id, size);
  };
  const cache = nodeOf(policy, capacity);
  let hits = 0;
  let requests = 0;
  seq.forEach((o, k) => {
    if (o.t === "get") {
      const wasResident = resident.has(o.id);
      const hit = request(cache, o.id, bytes ? o.size : 1);
      assert(hit === wasResident, () => `op ${k}: get(${o.id}) hit=${hit}, resident=${wasResident}`);
      if (hit) hits++;
      requests++;
    } else if (o.t === "peek") {
      const v = policy.victim();
      assert(v === -1 ? resident.size === 0 : resident.has(v), () => `op ${k}: victim() = ${v}`);
    } else {
      // (an absent remove here is of `id`: the twin runs below target ghosts)
      const was = resident.get(o.id);
      const removed = policy.remove(o.id);
      assert(removed === (was !== undefined), () => `op ${k}: remove(${o.id}) = ${removed}, resident=${!removed}`);
      // find() is a request to an oracle (it counts positions): only ask the others
      assert(spec.oracle || !policy.find(o.id, false), () => `op ${k}: ${o.id} found after remove()`);
      if (was !== undefined) {
        used -= was;
        resident.delete(o.id);
      }
    }
    assert(policy.usedBytes <= capacity, () => `op ${k}: usedBytes ${policy.usedBytes} > capacity ${capacity}`);
    assert(policy.count === resident.size, () => `op ${k}: count ${policy.count}, model ${resident.size}`);
    assert(policy.usedBytes === used, () => `op ${k}: usedBytes ${policy.usedBytes}, model ${used}`);
  });
  const c = cache.counts();
  expect(c.requests).toBe(requests);
  expect(hits + c.misses).toBe(c.requests);
  // remove() takes a resident object out and reports whether it was there
  for (const id of [...resident.keys()].slice(0, 3)) {
    expect(policy.remove(id)).toBe(true);
    expect(policy.remove(id)).toBe(false);
    expect(policy.find(id, false)).toBe(false);
  }
}

/** Replays `seq`; `extra` says which twin-only operations this copy makes. */
function outcome(
  spec: EvictionSpec,
  capacity: number,
  seq: Op[],
  bytes: boolean,
  extra: "none" | "absent" | "peek",
): string {
  const policy = create(spec, capacity, seq);
  const resident = new Set<number>();
  const victims: number[] = [];
  const evict = policy.evict.bind(policy);
  policy.evict = () => {
    const v = evict();
    victims.push(v);
    resident.delete(v);
    // between two evictions, or between the last one and the insert
    if (extra === "peek") policy.victim();
    return v;
  };
  const insert = policy.insert.bind(policy);
  policy.insert = (id, size) => {
    resident.add(id);
    insert(id, size);
  };
  const cache = nodeOf(policy, capacity);
  let hits = "";
  for (const o of seq) {
    if (o.t === "get") hits += request(cache, o.id, bytes ? o.size : 1) ? "H" : "m";
    else if (o.t === "rm") {
      cache.remove(o.id);
      resident.delete(o.id);
    } else if (o.t === "absent") {
      if (extra !== "absent") continue;
      const target = o.back > 0 && o.back <= victims.length ? victims[victims.length - o.back] : o.id;
      if (!resident.has(target)) assert(!policy.remove(target), () => `remove(${target}) of an absent id = true`);
    } else if (extra === "peek") {
      policy.victim();
      policy.victim();
    }
  }
  // hits in request order, victims in eviction order, and what is left
  return `hits ${hits} victims ${victims.join(" ")} count ${policy.count} usedBytes ${policy.usedBytes}`;
}

const units = [
  { unit: "objects", bytes: false, capacity: fc.integer({ min: 1, max: 12 }) },
  { unit: "bytes", bytes: true, capacity: fc.integer({ min: 1, max: 60 }) },
] as const;

describe("eviction policy invariants (property-based)", () => {
  for (const spec of Object.values(evictionPolicies) as EvictionSpec[]) {
    for (const { unit, bytes, capacity } of units) {
      it(`${spec.name}: ${unit} unit`, () => {
        fc.assert(
          fc.property(capacity, ops, (cap, seq) => check(spec, cap, seq, bytes)),
          { numRuns: RUNS },
        );
      });
      it(`${spec.name}: ${unit} unit, remove() of an absent id changes nothing`, () => {
        fc.assert(
          fc.property(capacity, ops, (cap, seq) => {
            expect(outcome(spec, cap, seq, bytes, "absent")).toBe(outcome(spec, cap, seq, bytes, "none"));
          }),
          { numRuns: RUNS },
        );
      });
      it(`${spec.name}: ${unit} unit, victim() at any moment changes nothing`, () => {
        fc.assert(
          fc.property(capacity, ops, (cap, seq) => {
            expect(outcome(spec, cap, seq, bytes, "peek")).toBe(outcome(spec, cap, seq, bytes, "none"));
          }),
          { numRuns: RUNS },
        );
      });
    }
  }
});
