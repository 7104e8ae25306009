// Slot mode is exact: a node whose policy sees node-local slots (reused once the policy has let go
// of them) gives exactly the same hits, misses, bypasses, expirations and eviction sequence (mapped
// back to keys, with sizes) as the same node in dense mode, where the policy sees the trace's ids —
// for every policy except the oracles (they index the future by trace position, not by id; the
// simulator runs them in dense mode), W-TinyLFU included: its frequency sketch cannot forget an id,
// so the node hands it its slot map (ctx.keys) and it hashes keys, not slots (without the map a
// reused slot inherits counts: checked separately, with a tolerance). The TinyLFU admission filter
// (also a sketch) is checked the same way in front of LRU and SIEVE. Random traces mix
// GET, SET and DELETE, TTLs, sizes in bytes (0 included, some larger than the cache) and in objects,
// keys mostly from a small hot set (so objects come back while ghosts remember them) and sometimes
// from a large range (so slots are freed and handed to other keys).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CacheNode, OUT_HIT } from "../../src/engine/node.js";
import { SlotMap } from "../../src/engine/slots.js";
import { tinylfu } from "../../src/policies/admission/tinylfu.js";
import { evictionPolicies } from "../../src/policies/eviction/registry.js";
import type { EvictionSpec } from "../../src/policies/eviction/types.js";
import { DELETE, GET, SET } from "../../src/workload/types.js";
import { batchOf } from "./replay.js";

const RUNS = 200;
const EXACT = (Object.values(evictionPolicies) as EvictionSpec[]).filter((s) => !s.oracle);

interface Req {
  op: number;
  key: number;
  size: number;
  dt: number;
  ttl: number;
}

const key = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 30 }) },
  { weight: 2, arbitrary: fc.integer({ min: 31, max: 5000 }) },
);
const req: fc.Arbitrary<Req> = fc.record({
  op: fc.oneof(
    { weight: 8, arbitrary: fc.constant(GET) },
    { weight: 2, arbitrary: fc.constant(SET) },
    { weight: 1, arbitrary: fc.constant(DELETE) },
  ),
  key,
  size: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 8, arbitrary: fc.integer({ min: 1, max: 14 }) }),
  dt: fc.integer({ min: 0, max: 2 }),
  ttl: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }) }),
});
const trace = fc.array(req, { minLength: 1, maxLength: 300, size: "max" });

interface Run {
  outcome: number[];
  victims: string[];
  counts: ReturnType<CacheNode["counts"]>;
  count: number;
  usedBytes: number;
  forced: number;
  slotsUsed: number;
}

function run(
  spec: EvictionSpec,
  capacity: number,
  reqs: Req[],
  bytes: boolean,
  slots: boolean,
  minGhosts?: number,
  admission = false,
): Run {
  let t = 0;
  const times = reqs.map((r) => (t += r.dt));
  const b = batchOf(
    reqs.map((r) => r.key),
    reqs.map((r) => r.size),
    reqs.map((r) => r.op),
    times,
    reqs.map((r) => r.ttl),
  );
  const map = slots ? new SlotMap(4) : undefined;
  const policy = spec.create(spec.defaults, { capacity, ids: 4, seed: 5, keys: map });
  const adm = admission ? tinylfu.create(tinylfu.defaults, { capacity, ids: 4, seed: 5, keys: map }) : undefined;
  const node = new CacheNode(policy, {
    capacity,
    admission: adm,
    slots: map ?? false,
    minGhosts,
    ghostFactor: minGhosts === undefined ? 4 : 1,
  });
  const victims: string[] = [];
  node.onEvict = (k, size) => victims.push(`${k}:${size}`);
  const outcome = new Uint8Array(b.length);
  // in two ranges, as drive() splits batches at window boundaries
  const mid = b.length >> 1;
  node.replay(b, 0, mid, bytes, true, outcome);
  node.replay(b, mid, b.length, bytes, true, outcome);
  return {
    outcome: [...outcome],
    victims,
    counts: node.counts(),
    count: policy.count,
    usedBytes: policy.usedBytes,
    forced: node.counters.values.forcedForgets,
    slotsUsed: node.slots ? node.slots.highWater : 0,
  };
}

const units = [
  { unit: "objects", bytes: false, capacity: fc.integer({ min: 1, max: 12 }) },
  { unit: "bytes", bytes: true, capacity: fc.integer({ min: 1, max: 60 }) },
] as const;

describe("slot mode gives exactly dense mode's results", () => {
  for (const spec of EXACT) {
    for (const { unit, bytes, capacity } of units) {
      it(`${spec.name}: ${unit} unit`, () => {
        let reused = 0;
        fc.assert(
          fc.property(capacity, trace, (cap, reqs) => {
            const dense = run(spec, cap, reqs, bytes, false);
            const slot = run(spec, cap, reqs, bytes, true);
            expect(slot.forced).toBe(0);
            const { forced: _a, slotsUsed: _b, ...d } = dense;
            const { forced: _c, slotsUsed, ...s } = slot;
            expect(s).toEqual(d);
            const keys = new Set(reqs.map((r) => r.key)).size;
            if (slotsUsed < keys) reused++;
          }),
          { numRuns: RUNS },
        );
        // the property is only worth something if slots were really handed to other keys
        expect(reused).toBeGreaterThan(RUNS / 4);
      });
    }
  }

  for (const name of ["lru", "sieve"] as const) {
    it(`${name} behind the TinyLFU admission filter, bytes unit`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 60 }), trace, (cap, reqs) => {
          const spec = evictionPolicies[name] as EvictionSpec;
          const dense = run(spec, cap, reqs, true, false, undefined, true);
          const slot = run(spec, cap, reqs, true, true, undefined, true);
          expect(slot.forced).toBe(0);
          expect({ ...slot, forced: 0, slotsUsed: 0 }).toEqual({ ...dense, forced: 0, slotsUsed: 0 });
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("a tiny ghost cap force-forgets, and counts it (S3-FIFO keeps working, inexactly)", () => {
    const s3 = evictionPolicies.s3fifo as EvictionSpec;
    const reqs: Req[] = [];
    for (let i = 0; i < 2000; i++) reqs.push({ op: GET, key: (i * 7919) % 997, size: 1, dt: 0, ttl: 0 });
    const r = run(s3, 50, reqs, false, true, 0);
    expect(r.forced).toBeGreaterThan(0);
    expect(r.count).toBe(50);
    // residents + at most ghostFactor (1) × residents ghosts + the request in flight
    expect(r.slotsUsed).toBeLessThanOrEqual(2 * 50 + 2);
  });
});

describe("slot mode memory follows what the node holds", () => {
  for (const name of ["lru", "s3fifo", "arc", "lirs", "twoq"] as const) {
    it(`${name}: 200,000 requests over a million keys use slots for residents and ghosts only`, () => {
      const spec = evictionPolicies[name] as EvictionSpec;
      const cap = 500;
      const policy = spec.create(spec.defaults, { capacity: cap, ids: 16, seed: 1 });
      const node = new CacheNode(policy, { capacity: cap, slots: true });
      let x = 12345;
      const n = 200_000;
      const keys = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        // half the requests to a hot set of 2,000 keys, half anywhere in a million
        keys[i] = i & 1 ? x % 2000 : x % 1_000_000;
      }
      node.replay(batchOf(keys), 0, n, false, false);
      expect(node.counters.values.forcedForgets).toBe(0);
      // ghosts: at most 2 × capacity (LIRS's stack), plus the ghost list's sweep lag
      expect(node.slots!.highWater).toBeLessThanOrEqual(cap * 4 + 2);
      expect(node.slots!.size).toBeLessThanOrEqual(cap * 4 + 2);
    });
  }
});

// W-TinyLFU's sketch cannot forget an id: without the node's slot map (ctx.keys) a freed slot handed
// to a new key inherits the counts of the key it last held (usually the victim just evicted). Measured on this kind of trace (skewed,
// 300,000 requests; 20,000 … 200,000 keys; caches of 500 … 5,000 objects; sketch seeds 1…3): slot
// mode's miss ratio is +0.005 … +0.012 above dense mode's, while dense mode itself moves by up to
// 0.007 between sketch seeds. Held here to 0.02.
describe("W-TinyLFU in slot mode without the slot map (sketch over reused slots)", () => {
  it("stays within 0.02 of dense mode's miss ratio on a skewed trace", () => {
    const spec = evictionPolicies.wtinylfu as EvictionSpec;
    const n = 300_000;
    const keys = new Uint32Array(n);
    let x = 7;
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const u = x / 4294967296;
      keys[i] = Math.floor(50_000 * u * u * u);
    }
    const ratio = (slots: boolean) => {
      const policy = spec.create(spec.defaults, { capacity: 1000, ids: 16, seed: 1 });
      const node = new CacheNode(policy, { capacity: 1000, slots });
      node.replay(batchOf(keys), 0, n, false, false);
      const c = node.counts();
      return c.misses / c.requests;
    };
    const dense = ratio(false);
    const slot = ratio(true);
    expect(Math.abs(slot - dense)).toBeLessThanOrEqual(0.02);
  });
});

describe("dense mode: the plain-GET fast loop and the general loop agree", () => {
  for (const spec of Object.values(evictionPolicies) as EvictionSpec[]) {
    if (spec.oracle) continue;
    it(spec.name, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 60 }),
          fc.array(fc.tuple(key, fc.integer({ min: 0, max: 14 })), { maxLength: 300 }),
          (cap, reqs) => {
            const b = batchOf(
              reqs.map((r) => r[0]),
              reqs.map((r) => r[1]),
            );
            const fast = new CacheNode(spec.create(spec.defaults, { capacity: cap, ids: 4, seed: 5 }), {
              capacity: cap,
            });
            fast.replay(b, 0, b.length, true, false);
            const general = new CacheNode(spec.create(spec.defaults, { capacity: cap, ids: 4, seed: 5 }), {
              capacity: cap,
            });
            const outcome = new Uint8Array(b.length);
            general.replay(b, 0, b.length, true, false, outcome);
            expect(general.counts()).toEqual(fast.counts());
            expect(outcome.filter((o) => o === OUT_HIT).length).toBe(fast.counts().requests - fast.counts().misses);
          },
        ),
        { numRuns: 100 },
      );
    });
  }
});

// Slot mode's plain-GET loop (GETs, no TTL, no hook, no admission filter) serves policies that keep
// nothing about evicted keys; the others take the general loop. Either way, the outcome of every
// position, the counts, and what the policy holds are dense mode's, across two ranges and with
// sizes larger than the cache (bypassed: the slot is released at once).
describe("slot mode: the plain-GET loop gives dense mode's results", () => {
  for (const spec of EXACT) {
    for (const bytes of [false, true]) {
      it(`${spec.name}: ${bytes ? "bytes" : "objects"} unit`, () => {
        let reused = 0;
        fc.assert(
          fc.property(
            fc.integer({ min: 1, max: bytes ? 60 : 12 }),
            fc.array(fc.tuple(key, fc.integer({ min: 0, max: 14 })), { minLength: 1, maxLength: 300 }),
            (cap, reqs) => {
              const b = batchOf(
                reqs.map((r) => r[0]),
                reqs.map((r) => r[1]),
              );
              const mid = b.length >> 1;
              const play = (slots: boolean) => {
                const map = slots ? new SlotMap(4) : undefined;
                const policy = spec.create(spec.defaults, { capacity: cap, ids: 4, seed: 5, keys: map });
                const node = new CacheNode(policy, { capacity: cap, slots: map ?? false });
                const outcome = new Uint8Array(b.length);
                node.replay(b, 0, mid, bytes, false, outcome);
                node.replay(b, mid, b.length, bytes, false, outcome);
                const held = [...new Set(reqs.map((r) => r[0]))].filter((k) => {
                  const id = node.localId(k);
                  return id >= 0 && policy.find(id, false);
                });
                // a policy that keeps nothing about evicted keys leaves no slot mapped beyond its residents
                if (map && typeof policy.retains !== "function") expect(map.size).toBe(policy.count);
                return {
                  r: {
                    outcome: [...outcome],
                    counts: node.counts(),
                    count: policy.count,
                    used: policy.usedBytes,
                    held,
                  },
                  slotsUsed: node.slots ? node.slots.highWater : 0,
                };
              };
              const dense = play(false);
              const slot = play(true);
              expect(slot.r).toEqual(dense.r);
              if (slot.slotsUsed < new Set(reqs.map((r) => r[0])).size) reused++;
            },
          ),
          { numRuns: 100 },
        );
        // worth something only if slots were handed to other keys (fewer runs reuse them with ghosts kept)
        expect(reused).toBeGreaterThan(10);
      });
    }
  }
});
