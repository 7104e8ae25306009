// Golden-test helpers: load a fixture trace fully, run one policy over it with the engine, and read
// libCacheSim's reference counts for the same trace × algorithm × size.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { EvictionSpec } from "../../src/policies/eviction/types.js";
import { Cache } from "../../src/sim/cache.js";
import { nextAccess } from "../../src/sim/oracle.js";
import { readOracleGeneral } from "../../src/workload/oracle-general.js";
import type { BatchSource } from "../../src/workload/types.js";

export const FIXTURES = fileURLToPath(new URL("../fixtures/traces/", import.meta.url));

export interface RefRow {
  trace: string;
  algorithm: string;
  cacheSize: number;
  unit: "objects" | "bytes";
  requests: number;
  misses: number;
  byteRequests: number;
  byteMisses: number;
  missRatio: number;
  byteMissRatio: number;
}

export function referenceRows(): RefRow[] {
  const lines = readFileSync(`${FIXTURES}reference-libcachesim.csv`, "utf8").trim().split("\n").slice(1);
  return lines.map((l) => {
    const f = l.split(",");
    return {
      trace: f[0],
      algorithm: f[1],
      cacheSize: Number(f[2]),
      unit: f[3] as "objects" | "bytes",
      requests: Number(f[4]),
      misses: Number(f[5]),
      byteRequests: Number(f[6]),
      byteMisses: Number(f[7]),
      missRatio: Number(f[8]),
      byteMissRatio: Number(f[9]),
    };
  });
}

export interface Loaded {
  keys: Uint32Array;
  sizes: Uint32Array;
  length: number;
  objects: number;
}

const cache = new Map<string, Loaded>();

/** Loads a fixture trace (by file name) through its reader; memoised per test file. */
export function loadFixture(file: string, open: (path: string) => BatchSource = readOracleGeneral): Loaded {
  const hit = cache.get(file);
  if (hit) return hit;
  const src = open(`${FIXTURES}${file}`);
  const keys: number[] = [];
  const sizes: number[] = [];
  for (const b of src) {
    for (let i = 0; i < b.length; i++) {
      keys.push(b.key[i]);
      sizes.push(b.size[i]);
    }
  }
  const loaded = {
    keys: Uint32Array.from(keys),
    sizes: Uint32Array.from(sizes),
    length: keys.length,
    objects: src.objects,
  };
  cache.set(file, loaded);
  return loaded;
}

export interface Outcome {
  requests: number;
  misses: number;
  byteRequests: number;
  byteMisses: number;
  missRatio: number;
  byteMissRatio: number;
}

export function run(
  spec: EvictionSpec,
  t: Loaded,
  capacity: number,
  unit: "objects" | "bytes",
  params: Record<string, number> = {},
): Outcome {
  const policy = spec.create(
    { ...spec.defaults, ...params },
    {
      capacity,
      ids: t.objects,
      seed: 42,
      nextAccess: spec.oracle ? nextAccess(t.keys, t.length, t.objects) : undefined,
    },
  );
  const c = new Cache(policy, capacity);
  const bytes = unit === "bytes";
  for (let i = 0; i < t.length; i++) c.get(t.keys[i], bytes ? t.sizes[i] : 1);
  const k = c.counters;
  return { ...k, missRatio: k.misses / k.requests, byteMissRatio: k.byteMisses / k.byteRequests };
}
