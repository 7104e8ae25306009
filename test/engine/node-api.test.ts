// The node's request-by-request API (lookup / store / remove / expire, the eviction hook), the
// counter registry, and chaining a near cache in front of a node with an outcome column.
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CounterRegistry } from "../../src/engine/counters.js";
import {
  CacheNode,
  FORWARD,
  MISSED,
  type NodeCounters,
  OUT_BYPASS,
  OUT_DELETE,
  OUT_HIT,
  OUT_MISS,
  selectRequests,
} from "../../src/engine/node.js";
import { SlotMap } from "../../src/engine/slots.js";
import { evictionPolicies } from "../../src/policies/eviction/registry.js";
import type { EvictionSpec } from "../../src/policies/eviction/types.js";
import { DELETE, GET, newBatch, SET } from "../../src/workload/types.js";
import { batchOf } from "./replay.js";

const make = (name: keyof typeof evictionPolicies, capacity: number, slots = false) => {
  const spec = evictionPolicies[name] as EvictionSpec;
  return new CacheNode(spec.create(spec.defaults, { capacity, ids: 4, seed: 2 }), { capacity, slots });
};

describe("SlotMap", () => {
  it("maps keys to small slots, reuses freed ones, and survives heavy churn", () => {
    const m = new SlotMap(4);
    const live = new Map<number, number>();
    let x = 1;
    for (let i = 0; i < 50_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const key = x % 300;
      if (live.has(key) && (x & 3) === 0) {
        m.release(live.get(key)!);
        live.delete(key);
      } else {
        const s = m.acquire(key);
        if (live.has(key)) expect(s).toBe(live.get(key));
        live.set(key, s);
      }
      if (i % 997 === 0) for (const [k, s] of live) expect(m.get(k)).toBe(s);
    }
    expect(m.size).toBe(live.size);
    expect(m.highWater).toBeLessThanOrEqual(300);
    expect(new Set(live.values()).size).toBe(live.size);
    for (const [k, s] of live) expect(m.keyOf[s]).toBe(k);
    expect(m.get(4_000_000_000)).toBe(-1);
  });
});

describe("CounterRegistry", () => {
  it("holds the node's counters first and takes a tier's own, by name, with metadata", () => {
    const reg = new CounterRegistry<NodeCounters>();
    const node = new CacheNode(evictionPolicies.lru.create({}, { capacity: 2, ids: 4, seed: 1 }), {
      capacity: 2,
      counters: reg,
    });
    reg.define({ name: "latencyMs", unit: "ms", kind: "duration", description: "modelled latency" });
    node.lookup(1, 1);
    reg.add("latencyMs", 0.25);
    reg.values.latencyMs += 0.5;
    expect(reg.snapshot()).toMatchObject({ requests: 1, misses: 1, latencyMs: 0.75 });
    expect(reg.defs.find((d) => d.name === "byteMisses")).toMatchObject({ unit: "bytes", kind: "bytes" });
    expect(() => reg.define({ name: "misses", unit: "requests", kind: "count", description: "" })).toThrow(/already/);
    for (let i = 0; i < 20; i++) reg.define({ name: `c${i}`, unit: "x", kind: "count", description: "" });
    expect(reg.get("latencyMs")).toBe(0.75);
    reg.reset();
    expect(reg.get("requests")).toBe(0);
  });
});

describe("lookup + store is a replayed request", () => {
  // the same trace replayed, and driven request by request (GET: lookup, then store on a miss;
  // SET: lookup, then store; DELETE: remove), in both modes and through the slot API, gives the same
  // counters
  const req = fc.tuple(
    fc.constantFrom(GET, GET, GET, SET, DELETE),
    fc.integer({ min: 0, max: 40 }),
    fc.integer({ min: 1, max: 9 }),
  );
  for (const name of ["lru", "s3fifo", "arc", "twoq", "lirs", "sieve"] as const) {
    for (const mode of ["dense", "slot", "slot API"] as const) {
      const slots = mode !== "dense";
      it(`${name}, ${mode} mode`, () => {
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 40 }), fc.array(req, { maxLength: 200 }), (cap, reqs) => {
            const b = batchOf(
              reqs.map((r) => r[1]),
              reqs.map((r) => r[2]),
              reqs.map((r) => r[0]),
            );
            const replayed = make(name, cap, slots);
            replayed.replay(b, 0, b.length, true, true);
            const live = make(name, cap, slots);
            for (const [op, key, size] of reqs) {
              // "slot API": a key the node has a slot for goes through lookupSlot/storeSlot, as a live
              // node's keyspace drives it
              const id = mode === "slot API" ? live.localId(key) : -1;
              if (op === DELETE) live.remove(key);
              else if (id >= 0) {
                if (!live.lookupSlot(id, size) || op === SET) live.storeSlot(id, size);
              } else if (!live.lookup(key, size) || op === SET) live.store(key, size);
            }
            expect(live.counts()).toEqual(replayed.counts());
            expect(live.policy.count).toBe(replayed.policy.count);
          }),
          { numRuns: 100 },
        );
      });
    }
  }

  it("store reports residency: an object larger than the cache is not stored", () => {
    const n = make("lru", 10, true);
    expect(n.store(1, 4)).toBe(true);
    expect(n.store(2, 11)).toBe(false);
    expect(n.store(1, 8)).toBe(true); // resized in place
    expect(n.policy.usedBytes).toBe(8);
    expect(n.counts()).toMatchObject({ requests: 0, bypasses: 1 });
    expect(n.remove(1)).toBe(true);
    expect(n.remove(1)).toBe(false);
    expect(n.slots!.size).toBe(0);
  });
});

describe("onEvict", () => {
  it("reports every evicted key with its size, in both modes", () => {
    for (const slots of [false, true]) {
      const n = make("lru", 10, slots);
      const seen: [number, number][] = [];
      n.onEvict = (k, s) => seen.push([k, s]);
      n.replay(batchOf([100, 200, 300, 100], [4, 5, 6, 4]), 0, 4, true, false);
      expect(seen).toEqual([
        [100, 4],
        [200, 5],
      ]);
      expect(n.keyOf(n.policy.victim())).toBe(300);
    }
  });
});

describe("expire", () => {
  it("removes expired objects earliest first, within its budget, and skips rewritten TTLs", () => {
    for (const slots of [false, true]) {
      const n = make("lru", 100, slots);
      for (let k = 0; k < 10; k++) n.store(k, 1, 10 + k, 0); // key k expires at 10 + k
      expect(n.expire(5)).toBe(0);
      expect(n.expire(12, 2)).toBe(2); // keys 0 and 1
      n.store(2, 1, 100, 11); // rewritten: now expires at 111
      n.store(3, 1, 0, 11); // rewritten without TTL
      n.store(50, 1, 1, 11); // set after the heap was built: expires at 12
      expect(n.expire(14)).toBe(2); // keys 50 and 4
      expect(n.expire(30)).toBe(5); // 5..9
      expect(n.policy.count).toBe(2);
      expect(n.lookup(2, 1, 30)).toBe(true);
      expect(n.lookup(3, 1, 30)).toBe(true);
      expect(n.lookup(2, 1, 111)).toBe(false); // on access
      expect(n.counts().expirations).toBe(10);
      if (slots) expect(n.slots!.size).toBe(2); // 3, and 2 pending after its miss
    }
  });
});

describe("a user's policy without forget or retains", () => {
  it("runs in slot mode (examples/mru-policy.js)", async () => {
    const path = fileURLToPath(new URL("../../examples/mru-policy.js", import.meta.url));
    const spec = (await import(path)).default as EvictionSpec;
    const policy = spec.create(spec.defaults, { capacity: 3, ids: 4, seed: 1 });
    expect(typeof policy.forget).toBe("undefined");
    const dense = new CacheNode(spec.create(spec.defaults, { capacity: 3, ids: 4, seed: 1 }), { capacity: 3 });
    const slot = new CacheNode(policy, { capacity: 3, slots: true });
    const b = batchOf([1, 2, 3, 4, 1, 2, 5, 900, 1, 3, 77, 2]);
    dense.replay(b, 0, b.length, false, false);
    slot.replay(b, 0, b.length, false, false);
    expect(slot.counts()).toEqual(dense.counts());
    expect(slot.slots!.highWater).toBeLessThanOrEqual(4);
  });
});

describe("outcome column and selectRequests: a near cache in front of a node", () => {
  it("codes each position", () => {
    const n = make("lru", 10);
    const b = batchOf([1, 1, 2, 1, 3], [4, 4, 11, 4, 1], [GET, GET, GET, DELETE, SET]);
    const out = new Uint8Array(5);
    n.replay(b, 0, 5, true, true, out);
    expect([...out]).toEqual([OUT_MISS, OUT_HIT, OUT_BYPASS, OUT_DELETE, OUT_MISS]);
  });

  it("replaying the near cache's misses into the node equals the node seeing exactly those requests", () => {
    const n = 20_000;
    const keys = new Uint32Array(n);
    let x = 3;
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const u = x / 4294967296;
      keys[i] = Math.floor(5000 * u * u);
    }
    const ops = Array.from(keys, (_, i) => (i % 50 === 0 ? DELETE : i % 7 === 0 ? SET : GET));
    const b = batchOf(keys, undefined, ops);
    const near = make("lru", 100, true);
    const far = make("s3fifo", 1000, true);
    const outcome = new Uint8Array(n);
    const fwd = newBatch(n);
    // in two ranges, to check `from`
    let forwarded = 0;
    for (const [from, to] of [
      [0, 7000],
      [7000, n],
    ]) {
      near.replay(b, from, to, false, true, outcome);
      const m = selectRequests(b, outcome, FORWARD, fwd, from, to);
      forwarded += m;
      far.replay(fwd, 0, m, false, true);
    }
    const nc = near.counts();
    // the far node saw every near miss (bypasses included) as a request, and every DELETE
    expect(far.counts().requests).toBe(nc.misses);
    expect(forwarded).toBe(nc.misses + ops.filter((o) => o === DELETE).length);
    // the same selection made by hand, replayed into a fresh node, gives the same counts
    const idx = [...outcome.keys()].filter((i) => ((1 << outcome[i]) & FORWARD) !== 0);
    const by = batchOf(
      idx.map((i) => keys[i]),
      undefined,
      idx.map((i) => ops[i]),
    );
    const check = make("s3fifo", 1000, true);
    check.replay(by, 0, by.length, false, true);
    expect(check.counts()).toEqual(far.counts());
    // MISSED leaves the deletes out
    expect(selectRequests(b, outcome, MISSED, fwd)).toBe(nc.misses);
    expect(nc.requests - nc.misses).toBeGreaterThan(0);
  });
});
