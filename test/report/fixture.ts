// Small hand-made results for the report tests: every field a real result has (they pass
// src/report/read.ts's schema), with counts chosen so that every ratio and delta the reports print
// can be worked out by hand.
import type { RowEnergy } from "../../src/energy/model.js";
import { parseResult } from "../../src/report/read.js";
import type { Result } from "../../src/report/schema.js";
import type { ResultRow, RunResult } from "../../src/sim/result.js";

export interface RowSpec {
  eviction: string;
  capacity: number;
  capacityText?: string;
  requests?: number;
  misses: number;
  byteRequests?: number;
  byteMisses?: number;
  unit?: "objects" | "bytes";
  series?: number[];
  window?: number;
  energy?: RowEnergy;
  extra?: Record<string, unknown>;
}

export function row(s: RowSpec): ResultRow {
  const requests = s.requests ?? 1000;
  const byteRequests = s.byteRequests ?? requests;
  const byteMisses = s.byteMisses ?? s.misses;
  const policy = s.eviction.replace(/\(.*$/, "");
  return {
    eviction: s.eviction,
    policy,
    params: {},
    admission: null,
    capacity: s.capacity,
    capacityText: s.capacityText ?? String(s.capacity),
    unit: s.unit ?? "objects",
    requests,
    hits: requests - s.misses,
    misses: s.misses,
    hitRatio: (requests - s.misses) / requests,
    missRatio: s.misses / requests,
    byteRequests,
    byteMisses,
    byteMissRatio: byteMisses / byteRequests,
    evictions: 0,
    bypasses: 0,
    expirations: 0,
    series: { window: s.window ?? 100, missRatio: s.series ?? [] },
    timing: { elapsedMs: 1, requestsPerSec: 1e6 },
    ...(s.energy ? { energy: s.energy } : {}),
    ...(s.extra ?? {}),
  };
}

/** An energy record whose facility kWh parts are cpu 1, memory 1, network 2, backend 4 (total 8). */
export function energy(joulesPerRequest: number): RowEnergy {
  const parts = { cpu: 1, memory: 1, network: 2, backend: 4, total: 8 };
  const est = { itKwh: parts, kWh: parts, gCO2e: 1, cost: null, currency: null };
  return {
    profile: "test",
    cloud: "aws",
    region: "world",
    backend: "kv",
    requestRatePerS: 1000,
    basis: { durationS: 1, vcpus: 1, cpuSeconds: 1, memoryGB: 1, networkGB: 1, backendRequests: 1 },
    joulesPerRequest,
    run: est,
    perMonth: est,
  };
}

export function simResult(o: {
  name?: string;
  rows: ResultRow[];
  requests?: number;
  objects?: number;
  warmup?: number;
  startedAt?: string;
}): RunResult {
  return {
    schemaVersion: 1,
    tool: { name: "cachelab", version: "0.1.0" },
    kind: "simulate",
    name: o.name ?? "small",
    seed: 42,
    source: { type: "synthetic", scenario: "small.yaml", sha256: "0".repeat(64), hashScope: "file" },
    trace: { requests: o.requests ?? 1000, objects: o.objects ?? 200, requestedBytes: 1000, workingSetBytes: 200 },
    warmupRequests: o.warmup ?? 0,
    results: o.rows,
    run: {
      startedAt: o.startedAt ?? "2026-12-02T10:00:00.000Z",
      elapsedMs: 10,
      node: "v20",
      platform: "linux",
      cpu: "test",
      cpus: 2,
      threads: 1,
      maxRssBytes: 1,
    },
  };
}

/**
 * lru, s3fifo and belady at 10 and 50 objects over 1,000 requests and 200 objects:
 *   at 10: 600, 500, 400 misses; at 50: 400, 300, 250 misses.
 */
export function small(): RunResult {
  return simResult({
    rows: [
      row({ eviction: "lru", capacity: 10, misses: 600, energy: energy(0.06) }),
      row({ eviction: "s3fifo", capacity: 10, misses: 500, energy: energy(0.05) }),
      row({ eviction: "belady", capacity: 10, misses: 400, energy: energy(0.04) }),
      row({ eviction: "lru", capacity: 50, misses: 400, energy: energy(0.04) }),
      row({ eviction: "s3fifo", capacity: 50, misses: 300, energy: energy(0.03) }),
      row({ eviction: "belady", capacity: 50, misses: 250, energy: energy(0.025) }),
    ],
  });
}

/** Through the schema, as `cachelab report` reads it. */
export function loaded(r: object, path = "small.json"): { path: string; result: Result } {
  return { path, result: parseResult(JSON.parse(JSON.stringify(r)), path) };
}

/** An exact LRU curve over 100 requests and 10 objects: 1.0 at 0, 0.5 at 2, 0.2 at 8 objects. */
export function lruCurve(policy = "lru", method: "exact-lru" | "simulated" = "exact-lru") {
  const pt = (capacity: number, misses: number) => ({
    capacity,
    requests: 100,
    misses,
    missRatio: misses / 100,
    byteMisses: misses,
    byteMissRatio: misses / 100,
  });
  return {
    policy,
    method,
    unit: "objects" as const,
    requests: 100,
    byteRequests: 100,
    objects: 10,
    workingSetBytes: 10,
    maxObjectBytes: 1,
    compulsoryMisses: 10,
    floorMissRatio: 0.1,
    exact: method === "exact-lru",
    notes: [],
    points: [pt(0, 100), pt(2, 50), pt(8, 20)],
    timing: { elapsedMs: 1 },
  };
}

const header = (kind: string, name: string) => ({
  schemaVersion: 1,
  tool: { name: "cachelab", version: "0.1.0" },
  kind,
  name,
  seed: 42,
  source: { type: "trace", path: "t.bin", format: "oracleGeneral", sha256: "0".repeat(64), hashScope: "file" },
  run: simResult({ rows: [] }).run,
});

export function mrcResult() {
  return {
    ...header("mrc", "curves"),
    unit: "objects",
    requests: 100,
    objects: 10,
    workingSetBytes: 10,
    compulsoryMisses: 10,
    floorMissRatio: 0.1,
    curves: [lruCurve(), lruCurve("sieve", "simulated")],
  };
}

/** A plan for a 0.75 hit ratio: lru needs 8 objects (8 kWh/month), sieve 6 (4 kWh/month at half the energy). */
export function planResult() {
  const half = (e: RowEnergy): RowEnergy => {
    const p = { cpu: 0.5, memory: 0.5, network: 1, backend: 2, total: 4 };
    return { ...e, joulesPerRequest: e.joulesPerRequest / 2, perMonth: { ...e.perMonth, kWh: p, itKwh: p } };
  };
  const point = (capacity: number, hitRatio: number, e: RowEnergy) => ({
    capacity,
    capacityBytes: capacity,
    hitRatio,
    nodes: 1,
    energy: e,
  });
  return {
    ...header("plan", "sizing"),
    unit: "objects",
    targetHitRatio: 0.75,
    nodeMemoryBytes: 1 << 30,
    requestRatePerS: 1000,
    requestRateFrom: "flag",
    requests: 100,
    objects: 10,
    workingSetBytes: 10,
    meanObjectBytes: 1,
    maxObjectBytes: 1,
    compulsoryMisses: 10,
    maxHitRatio: 0.9,
    notes: [],
    rows: [
      { policy: "lru", ...point(8, 0.8, energy(0.2)), basis: "exact-lru", energyOptimal: point(8, 0.8, energy(0.2)) },
      {
        policy: "sieve",
        ...point(6, 0.76, half(energy(0.2))),
        basis: "simulated",
        energyOptimal: point(6, 0.76, half(energy(0.2))),
      },
    ],
    curves: [lruCurve(), lruCurve("sieve", "simulated")],
  };
}
