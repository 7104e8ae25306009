import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/core/rng.js";
import { Arrivals } from "../../../src/workload/generators/arrivals.js";
import { OpMix } from "../../../src/workload/generators/ops.js";
import { syntheticWorkload } from "../../../src/workload/generators/schema.js";
import { synthetic } from "../../../src/workload/generators/synthetic.js";
import { TtlModel } from "../../../src/workload/generators/ttl.js";
import { DELETE, GET, SET } from "../../../src/workload/types.js";
import { collect, max, min, shareError, Z } from "./check.js";

const N = 200_000;

describe("op mix", () => {
  it("draws GET/SET/DELETE with the configured fractions", () => {
    const op = new Uint8Array(N);
    new OpMix({ get: 0.7, set: 0.25, delete: 0.05 }, new Rng(3)).fill(op, N);
    const count = (o: number) => op.filter((x) => x === o).length;
    expect(shareError(count(GET), N, 0.7, "get")).toBeNull();
    expect(shareError(count(SET), N, 0.25, "set")).toBeNull();
    expect(shareError(count(DELETE), N, 0.05, "delete")).toBeNull();
  });

  it("a single-operation mix fills the column without drawing", () => {
    const rng = new Rng(3);
    const op = new Uint8Array(10).fill(9);
    new OpMix({ get: 0, set: 1, delete: 0 }, rng).fill(op, 10);
    expect([...op]).toEqual(new Array(10).fill(SET));
    expect(rng.nextU32()).toBe(new Rng(3).nextU32());
  });

  it("rejects fractions that do not add up to 1", () => {
    expect(() => new OpMix({ get: 0.5, set: 0.2, delete: 0 }, new Rng(1))).toThrow(/add up to 1/);
  });
});

describe("ttl", () => {
  it("none leaves the batch without a ttl column; fixed sets every request", () => {
    const base = { type: "synthetic", requests: 1000, objects: 10 } as const;
    for (const b of synthetic(syntheticWorkload.parse(base), 1)) expect(b.ttl).toBeUndefined();
    const { ttl } = collect(synthetic(syntheticWorkload.parse({ ...base, ttl: "5m" }), 1));
    expect(ttl?.every((t) => t === 300)).toBe(true);
  });

  it("uniform: whole seconds on [min, max] with the right mean", () => {
    const ttl = new Uint32Array(N);
    new TtlModel({ dist: "uniform", min: 60, max: 120 }, new Rng(5)).fill(ttl, N);
    expect(min(ttl)).toBe(60);
    expect(max(ttl)).toBe(120);
    const mean = ttl.reduce((a, b) => a + b, 0) / N;
    const sd = Math.sqrt((61 * 61 - 1) / 12);
    expect(Math.abs(mean - 90)).toBeLessThan((Z * sd) / Math.sqrt(N));
  });

  it("exponential: mean and median of the rounded draws, never 0", () => {
    const ttl = new Uint32Array(N);
    const mean = 300;
    new TtlModel({ dist: "exponential", mean }, new Rng(6)).fill(ttl, N);
    expect(min(ttl)).toBeGreaterThanOrEqual(1);
    const avg = ttl.reduce((a, b) => a + b, 0) / N;
    expect(Math.abs(avg - mean)).toBeLessThan((Z * mean) / Math.sqrt(N) + 0.5);
    // P(round(X) ≤ m) = P(X < m + 0.5) = 1 - e^{-(m+0.5)/mean} for the exponential
    const m = 208;
    const below = ttl.filter((t) => t <= m).length;
    expect(shareError(below, N, 1 - Math.exp(-(m + 0.5) / mean), "exponential cdf")).toBeNull();
  });
});

describe("arrivals", () => {
  it("fixed: request i at i / rate, continuing across batches", () => {
    const a = new Arrivals(4, "fixed", new Rng(1));
    const t = new Float64Array(3);
    a.fill(t, 3);
    expect([...t]).toEqual([0, 0.25, 0.5]);
    a.fill(t, 2);
    expect([...t.subarray(0, 2)]).toEqual([0.75, 1]);
  });

  it("poisson: increasing times, exponential gaps of mean 1/rate, Poisson counts per second", () => {
    const rate = 1000;
    const t = new Float64Array(N);
    new Arrivals(rate, "poisson", new Rng(2)).fill(t, N);
    let increasing = true;
    for (let i = 1; i < N; i++) if (!(t[i] > t[i - 1])) increasing = false;
    expect(increasing).toBe(true);
    const meanGap = t[N - 1] / N;
    expect(Math.abs(meanGap - 1 / rate)).toBeLessThan((Z * (1 / rate)) / Math.sqrt(N));
    // counts per one-second window: mean ≈ variance ≈ rate (index of dispersion 1)
    const windows = Math.floor(t[N - 1]);
    const counts = new Float64Array(windows);
    for (const x of t) if (x < windows) counts[Math.floor(x)]++;
    const mean = counts.reduce((a, b) => a + b, 0) / windows;
    const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (windows - 1);
    expect(Math.abs(variance / mean - 1)).toBeLessThan(Z * Math.sqrt(2 / (windows - 1)));
  });

  it("rejects a rate that is not positive", () => {
    expect(() => new Arrivals(0, "fixed", new Rng(1))).toThrow(RangeError);
  });
});
