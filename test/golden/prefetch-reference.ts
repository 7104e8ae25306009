// Golden-test helpers for prefetchers: replay the CloudPhysics oracleGeneral fixture through a
// byte-sized LRU node with a prefetcher attached, the trace's own block addresses available to it
// (OBL's "next block" is address + 1), and read libCacheSim's prefetch reference rows
// (test/fixtures/traces/reference-libcachesim-prefetch.csv, copied from ../shared/traces: the
// values libCacheSim's own prefetch unit test asserts, LRU in bytes, 128 MiB … 1 GiB).
import { readFileSync } from "node:fs";
import { CacheNode } from "../../src/engine/node.js";
import { lru } from "../../src/policies/eviction/lru.js";
import type { KeySpace, PrefetchSpec } from "../../src/policies/prefetch/types.js";
import type { RequestBatch } from "../../src/workload/types.js";
import { FIXTURES, ORACLE_TRACE } from "./reference.js";

export interface PrefetchRow {
  test: string;
  capacity: number;
  requests: number;
  misses: number;
  byteRequests: number;
  byteMisses: number;
}

export function prefetchRows(): PrefetchRow[] {
  return readFileSync(`${FIXTURES}reference-libcachesim-prefetch.csv`, "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => {
      const f = l.split(",");
      return {
        test: f[1],
        capacity: Number(f[3]),
        requests: Number(f[4]),
        misses: Number(f[5]),
        byteRequests: Number(f[6]),
        byteMisses: Number(f[7]),
      };
    });
}

interface Raw {
  batch: RequestBatch;
  keys: KeySpace;
  idLimit: number;
}

let loaded: Raw | null = null;

/**
 * The fixture with its raw block addresses: dense ids in first-seen order (as the reader gives
 * them); an address the trace never requests gets a fresh id above the trace's when first asked.
 */
export function rawTrace(): Raw {
  if (loaded) return loaded;
  const buf = readFileSync(`${FIXTURES}${ORACLE_TRACE}`);
  const n = buf.length / 24;
  const idOf = new Map<number, number>();
  const keyOf: number[] = [];
  const batch: RequestBatch = {
    length: n,
    time: new Float64Array(n),
    key: new Uint32Array(n),
    size: new Uint32Array(n),
    op: new Uint8Array(n),
  };
  const firstSize: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * 24;
    batch.time[i] = buf.readUInt32LE(o);
    const k = Number(buf.readBigUInt64LE(o + 4));
    let id = idOf.get(k);
    if (id === undefined) {
      id = keyOf.length;
      idOf.set(k, id);
      keyOf.push(k);
      firstSize.push(buf.readUInt32LE(o + 12));
    }
    batch.key[i] = id;
    // libCacheSim's oracleGeneral reader: each object keeps the size of its first request
    batch.size[i] = firstSize[id];
  }
  const objects = keyOf.length;
  const keys: KeySpace = {
    keyOf: (id) => (id < keyOf.length ? keyOf[id] : Number.NaN),
    idOf: (key) => {
      let id = idOf.get(key);
      if (id === undefined) {
        id = keyOf.length;
        idOf.set(key, id);
        keyOf.push(key);
      }
      return id;
    },
  };
  loaded = { batch, keys, idLimit: objects * 4 };
  return loaded;
}

/** Replays the fixture through LRU (bytes) at `capacity` with the prefetcher; returns the node's counters. */
export function runPrefetch(spec: PrefetchSpec, capacity: number, params: Record<string, number> = {}) {
  const t = rawTrace();
  const prefetcher = spec.create(
    { ...spec.defaults, ...params },
    { capacity, bytes: true, ids: t.batch.length, idLimit: t.idLimit, seed: 42, contexts: [], keys: t.keys },
  );
  const node = new CacheNode(lru.create({}, { capacity, ids: t.idLimit, seed: 42 }), {
    capacity,
    prefetcher,
    prefetchIdLimit: t.idLimit,
    bytes: true,
  });
  node.replay(t.batch, 0, t.batch.length, true, false);
  return node.counters.values;
}
