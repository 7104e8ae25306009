// The keyspace against a model: for random writes, appends, deletes and reads (fast-check), under
// every registered non-oracle eviction policy, what the keyspace holds is exactly what was last
// written for each key it holds, its accounting is key + value + OVERHEAD per entry, it never holds
// more than maxmemory, and keys are found by their bytes only. Plus hand-worked LRU evictions.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Arena, DEDICATED } from "../../../src/cluster/node/arena.js";
import { Keyspace, OVERHEAD } from "../../../src/cluster/node/keyspace.js";
import { evictionFactory } from "../../../src/cluster/node/options.js";
import { evictionPolicies } from "../../../src/policies/eviction/registry.js";

async function keyspace(policy: string, max: number, seed = 1): Promise<Keyspace> {
  return new Keyspace(await evictionFactory(policy, max), max, "test", seed);
}

function set(ks: Keyspace, key: string, value: Buffer, expireAt = 0): number {
  const k = Buffer.from(key);
  const s = ks.find(k, 0, k.length, 0);
  return ks.write(s, k, 0, k.length, value, 0, value.length, expireAt);
}

function get(ks: Keyspace, key: string, now = 0): Buffer | null {
  const k = Buffer.from(key);
  const s = ks.find(k, 0, k.length, now);
  ks.read(s);
  if (s < 0) return null;
  const v = ks.valueStart(s);
  return Buffer.from(ks.page(s).subarray(v, v + ks.valueLength(s)));
}

function del(ks: Keyspace, key: string): boolean {
  const k = Buffer.from(key);
  const s = ks.find(k, 0, k.length, 0);
  if (s >= 0) ks.delete(s);
  return s >= 0;
}

describe("Keyspace", () => {
  it("evicts the least recently used entries under LRU, by bytes (hand-worked)", async () => {
    // entries of 1-byte keys and 36-byte values cost 1 + 36 + 64 = 101 bytes: 3 fit in 310
    const ks = await keyspace("lru", 310);
    const v = (c: string) => Buffer.alloc(36, c);
    set(ks, "a", v("a"));
    set(ks, "b", v("b"));
    set(ks, "c", v("c"));
    expect(ks.used).toBe(303);
    expect(get(ks, "a")).toEqual(v("a")); // a is now the most recent
    set(ks, "d", v("d")); // evicts b
    expect(get(ks, "b")).toBeNull();
    expect(ks.evictions).toBe(1);
    expect([get(ks, "a"), get(ks, "c"), get(ks, "d")]).toEqual([v("a"), v("c"), v("d")]);
    // a, c, d were just read in that order, so a is the least recent; growing d to 1 + 50 + 64 =
    // 115 bytes makes 317 > 310: the write evicts a
    set(ks, "d", Buffer.alloc(50, "D"));
    expect(get(ks, "a")).toBeNull();
    expect(ks.count).toBe(2);
    expect(ks.used).toBe(101 + 115);
    expect(ks.evictions).toBe(2);
    expect(ks.stats).toEqual({ hits: 4, misses: 2, expired: 0 });
  });

  it("prefetch reads the keys' memory and changes nothing: present, absent, deleted and flushed keys", async () => {
    const ks = await keyspace("lru", 1 << 20);
    for (let i = 0; i < 50; i++) set(ks, `key:${i}`, Buffer.alloc(i * 40, 0x61 + (i % 26)));
    ks.delete(ks.find(Buffer.from("key:7"), 0, 5, 0));
    const keys = Buffer.from(Array.from({ length: 60 }, (_, i) => `key:${i}`).join(""));
    const starts = new Int32Array(64);
    const ends = new Int32Array(64);
    let at = 0;
    for (let i = 0; i < 60; i++) {
      starts[i] = at;
      at += `key:${i}`.length;
      ends[i] = at;
    }
    const snapshot = () => Array.from({ length: 60 }, (_, i) => get(ks, `key:${i}`)?.toString("latin1") ?? null);
    const before = snapshot();
    const counts = { ...ks.stats, used: ks.used, count: ks.count };
    ks.prefetch(keys, starts, ends, 60);
    expect(snapshot()).toEqual(before);
    expect(before[7]).toBeNull();
    expect(before[55]).toBeNull();
    expect(before[12]).toBe("m".repeat(480));
    // the snapshot's reads were counted (hits and misses); prefetch added none
    expect(ks.stats.hits - counts.hits).toBe(49);
    expect(ks.used).toBe(counts.used);
    ks.flush();
    ks.prefetch(keys, starts, ends, 60);
    expect(ks.count).toBe(0);
  });

  it("refuses an entry larger than maxmemory (OOM) and keeps the rest", async () => {
    const ks = await keyspace("lru", 1000);
    set(ks, "a", Buffer.alloc(10));
    expect(set(ks, "big", Buffer.alloc(1000))).toBe(-1);
    expect(ks.lastWrite).toBe("oom");
    expect(ks.count).toBe(1);
  });

  it("expires an entry on access once its time has passed", async () => {
    const ks = await keyspace("lru", 10_000);
    set(ks, "t", Buffer.from("v"), 1000);
    expect(get(ks, "t", 999)).toEqual(Buffer.from("v"));
    expect(get(ks, "t", 1000)).toBeNull();
    expect(ks.stats.expired).toBe(1);
    expect(ks.count).toBe(0);
    expect(ks.used).toBe(0);
  });

  const policies = Object.values(evictionPolicies)
    .filter((s) => !(s as { oracle?: boolean }).oracle)
    .map((s) => s.name);

  it.each(policies)("%s: holds exactly the last write of each key it holds, within maxmemory", async (name) => {
    const op = fc.oneof(
      fc.record({ t: fc.constant("set" as const), k: fc.nat(40), n: fc.nat(300), c: fc.nat(255) }),
      fc.record({ t: fc.constant("append" as const), k: fc.nat(40), n: fc.nat(100), c: fc.nat(255) }),
      fc.record({ t: fc.constant("del" as const), k: fc.nat(40) }),
      fc.record({ t: fc.constant("get" as const), k: fc.nat(40) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 200 }), fc.integer({ min: 400, max: 6000 }), async (ops, max) => {
        const ks = await keyspace(name, max, 7);
        const model = new Map<string, Buffer>();
        for (const o of ops) {
          // keys whose hashes collide often: short, similar byte strings
          const key = `k${o.k}`;
          if (o.t === "set") {
            const value = Buffer.alloc(o.n, o.c);
            set(ks, key, value);
            model.set(key, value);
          } else if (o.t === "append") {
            const k = Buffer.from(key);
            const s = ks.find(k, 0, k.length, 0);
            const old =
              s >= 0
                ? Buffer.from(ks.page(s).subarray(ks.valueStart(s), ks.valueStart(s) + ks.valueLength(s)))
                : Buffer.alloc(0);
            const value = Buffer.concat([old, Buffer.alloc(o.n, o.c)]);
            ks.write(s, k, 0, k.length, value, 0, value.length, -1);
            model.set(key, value);
          } else if (o.t === "del") {
            del(ks, key);
            model.delete(key);
          } else get(ks, key);
          expect(ks.used).toBeLessThanOrEqual(max);
        }
        let used = 0;
        let count = 0;
        for (let k = 0; k <= 40; k++) {
          const key = `k${k}`;
          const got = get(ks, key);
          if (got !== null) {
            expect(got.equals(model.get(key)!), key).toBe(true);
            used += key.length + got.length + OVERHEAD;
            count++;
          }
        }
        expect(ks.used).toBe(used);
        expect(ks.count).toBe(count);
      }),
      { numRuns: 10, seed: 42 },
    );
  });
});

describe("Arena", () => {
  it("reuses a freed chunk of the same class first, and gives large entries a page of their own", () => {
    const a = new Arena();
    const c = a.classOf(100);
    expect(a.sizes[c]).toBe(104);
    const x = a.alloc(c, 100);
    const y = a.alloc(c, 100);
    expect(y - x).toBe(104);
    a.release(c, x);
    expect(a.alloc(c, 100)).toBe(x);
    expect(a.classOf(1 << 20)).toBe(DEDICATED);
    const big = a.alloc(DEDICATED, 1 << 20);
    expect(a.page(big).length).toBe(1 << 20);
    const before = a.pageBytes;
    a.release(DEDICATED, big);
    expect(a.pageBytes).toBe(before - (1 << 20));
  });
});
