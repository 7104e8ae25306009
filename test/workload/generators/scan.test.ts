import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/core/rng.js";
import type { KeyProcess } from "../../../src/workload/generators/keys.js";
import { ScanKeys } from "../../../src/workload/generators/scan.js";
import { syntheticWorkload } from "../../../src/workload/generators/schema.js";
import { synthetic } from "../../../src/workload/generators/synthetic.js";
import { collect, shareError } from "./check.js";

/** A base process that always asks for one id outside the scan range, so scan requests are obvious. */
class Marker implements KeyProcess {
  calls = 0;
  constructor(
    readonly range: number,
    readonly id: number,
  ) {}
  fill(key: Uint32Array, _t: Float64Array, from: number, to: number): void {
    this.calls++;
    key.fill(this.id, from, to);
  }
}

/**
 * 5 standard deviations of the share of scan requests among n: the stream is a renewal process of
 * cycles (geometric gap + one scan), so the count of cycles in n requests has variance n·σ²/μ³.
 */
function scanShareTolerance(fraction: number, length: number, n: number): number {
  const q = fraction / (fraction + length * (1 - fraction));
  const gapVariance = (1 - q) / (q * q);
  const mu = length + (1 - q) / q;
  return (5 * length * Math.sqrt((n * gapVariance) / mu ** 3)) / n;
}

function run(scan: ScanKeys, n: number, chunk = 4096): Uint32Array {
  const key = new Uint32Array(n);
  const time = new Float64Array(n);
  for (let i = 0; i < n; i += chunk) scan.fill(key, time, i, Math.min(n, i + chunk));
  return key;
}

/** The scan requests (ids < range) in order, and whether each scan's requests were contiguous. */
function scans(key: Uint32Array, range: number, length: number) {
  const ids: number[] = [];
  const at: number[] = [];
  key.forEach((id, i) => {
    if (id < range) {
      ids.push(id);
      at.push(i);
    }
  });
  const runs: { ids: number[]; contiguous: boolean }[] = [];
  for (let s = 0; s + length <= ids.length; s += length) {
    runs.push({ ids: ids.slice(s, s + length), contiguous: at[s + length - 1] - at[s] === length - 1 });
  }
  return { count: ids.length, runs, tail: ids.length % length };
}

describe("scans", () => {
  const n = 400_000;

  it("are runs of `length` consecutive ids, uninterrupted, covering the expected share of requests", () => {
    for (const [fraction, length] of [
      [0.2, 100],
      [0.5, 1000],
      [0.05, 10],
    ]) {
      const scan = new ScanKeys(new Marker(1_000_000, 999_999), 5000, fraction, length, "random", new Rng(4));
      const key = run(scan, n);
      const s = scans(key, 5000, length);
      let broken = 0;
      for (const r of s.runs) {
        if (!r.contiguous) broken++;
        for (let j = 1; j < length; j++) if (r.ids[j] !== (r.ids[j - 1] + 1) % 5000) broken++;
      }
      expect(s.runs.length).toBeGreaterThan(10);
      expect(broken).toBe(0);
      expect(Math.abs(s.count / n - fraction)).toBeLessThan(scanShareTolerance(fraction, length, n));
    }
  });

  it("start at random positions in random mode", () => {
    const scan = new ScanKeys(new Marker(1_000_000, 999_999), 100_000, 0.3, 50, "random", new Rng(9));
    const s = scans(run(scan, n), 100_000, 50);
    const starts = new Set(s.runs.map((r) => r.ids[0]));
    expect(starts.size).toBeGreaterThan(s.runs.length * 0.95);
  });

  it("resume where the last one stopped in loop mode, sweeping the range in order", () => {
    const range = 777;
    const scan = new ScanKeys(new Marker(10_000, 9999), range, 0.4, 100, "loop", new Rng(2));
    const key = run(scan, n, 333);
    const all: number[] = [];
    for (const id of key) if (id < range) all.push(id);
    expect(all.length).toBeGreaterThan(n * 0.35);
    expect(all.filter((id, i) => id !== i % range)).toEqual([]);
  });

  it("fraction 1 is all scans and fraction 0 none", () => {
    const base = new Marker(1000, 999);
    const key = run(new ScanKeys(base, 1000, 1, 10, "loop", new Rng(1)), 10_000);
    expect([...key].filter((id, i) => id !== i % 1000)).toEqual([]);
    expect(base.calls).toBe(0);
    const none = run(new ScanKeys(new Marker(1000, 999), 1000, 0, 10, "loop", new Rng(1)), 10_000);
    expect(none.every((id) => id === 999)).toBe(true);
  });

  it("stay sequential through the full generator, with one-hit wonders interleaved", () => {
    const w = syntheticWorkload.parse({
      type: "synthetic",
      requests: 300_000,
      objects: 1_000_000,
      keys: { dist: "uniform" },
      scans: { fraction: 0.3, length: 200, range: 1000, mode: "loop" },
      oneHitWonders: 0.2,
    });
    const { key } = collect(synthetic(w, 17));
    // base ids < 1000 are possible but rare (uniform over 10^6): identify scans as runs in the
    // sequence of non-wonder requests, and check the share of requests they make up
    const ids: number[] = [];
    for (const id of key) if (id < 1_000_000) ids.push(id);
    let inScans = 0;
    let expectNext = 0;
    for (const id of ids) {
      if (id === expectNext) {
        inScans++;
        expectNext = (expectNext + 1) % 1000;
      }
    }
    // the key process sees 80 % of the requests, of which 0.3 / 0.8 are scans
    const tol = (scanShareTolerance(0.3 / 0.8, 200, ids.length) * ids.length) / key.length;
    expect(Math.abs(inScans / key.length - 0.3)).toBeLessThan(tol);
    expect(shareError(key.length - ids.length, key.length, 0.2, "one-hit wonders")).toBeNull();
  });
});
