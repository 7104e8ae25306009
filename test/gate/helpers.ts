// Hand-made results for the gate's tests, written by the real result writer (src/report/result.ts)
// so they are exactly what `simulate --out` would produce for these rows, and read back by the real
// reader. Values are chosen by hand: the tests state the expected verdicts from them.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Rng } from "../../src/core/rng.js";
import { writeJsonAtomic } from "../../src/report/result.js";
import type { ResultRow, RunResult } from "../../src/sim/result.js";

export const tmp = (): string => mkdtempSync(join(tmpdir(), "cachelab-gate-"));

/** One row: eviction × capacity with `misses` of 1,000 requests (object unit). */
export function row(eviction: string, capacityText: string, misses: number, extra: Partial<ResultRow> = {}): ResultRow {
  const requests = 1000;
  const policy = eviction.replace(/\(.*$/, "");
  return {
    eviction,
    policy,
    params: {},
    admission: null,
    capacity: capacityText.endsWith("%") ? Number(capacityText.slice(0, -1)) * 10 : Number(capacityText),
    capacityText,
    unit: "objects",
    requests,
    hits: requests - misses,
    misses,
    hitRatio: (requests - misses) / requests,
    missRatio: misses / requests,
    byteRequests: requests * 100,
    byteMisses: misses * 100,
    byteMissRatio: misses / requests,
    evictions: Math.max(0, misses - 10),
    bypasses: 0,
    expirations: 0,
    series: { window: 500, missRatio: [misses / requests, misses / requests] },
    timing: { elapsedMs: 10, requestsPerSec: 100_000 },
    ...extra,
  };
}

export function result(rows: ResultRow[], name = "hand"): RunResult {
  return {
    schemaVersion: 1,
    tool: { name: "cachelab", version: "0.1.0" },
    kind: "simulate",
    name,
    seed: 42,
    source: { type: "synthetic", sha256: "0".repeat(64), hashScope: "config" },
    trace: { requests: 1000, objects: 500, requestedBytes: 100_000, workingSetBytes: 50_000 },
    warmupRequests: 0,
    results: rows,
    run: {
      startedAt: "2026-01-01T00:00:00.000Z",
      elapsedMs: 100,
      node: "v20",
      platform: "linux",
      cpu: "test",
      cpus: 2,
      threads: 1,
      maxRssBytes: 1,
    },
  };
}

/** Writes a result with the real writer; returns its path. */
export function write(dir: string, name: string, r: unknown): string {
  return writeJsonAtomic(join(dir, name), r);
}

/** The standard pair of hand-made rows: LRU and SIEVE at 1 % and 10 %. */
export function standard(overrides: Record<string, number> = {}): RunResult {
  const m = { "lru@1%": 600, "lru@10%": 400, "sieve@1%": 550, "sieve@10%": 350, ...overrides };
  return result([
    row("lru", "1%", m["lru@1%"]),
    row("lru", "10%", m["lru@10%"]),
    row("sieve", "1%", m["sieve@1%"]),
    row("sieve", "10%", m["sieve@10%"]),
  ]);
}

/** n normal samples with this mean and coefficient of variation (Box–Muller on a seeded Rng). */
export function normalSamples(rng: Rng, n: number, mean: number, cv: number): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const u = 1 - rng.next();
    const v = rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    out.push(mean * (1 + cv * r * Math.cos(2 * Math.PI * v)));
    if (out.length < n) out.push(mean * (1 + cv * r * Math.sin(2 * Math.PI * v)));
  }
  return out;
}
