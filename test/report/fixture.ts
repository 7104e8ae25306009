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
