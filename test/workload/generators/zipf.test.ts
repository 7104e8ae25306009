import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/core/rng.js";
import { Scatter } from "../../../src/workload/generators/scatter.js";
import { Zipf, ZipfKeys } from "../../../src/workload/generators/zipf.js";
import { chiSquare, chiSquareCritical, shareError } from "./check.js";

/** Counts of ranks 1..n (index = rank) from `samples` draws. */
function rankCounts(zipf: Zipf, rng: Rng, samples: number): Float64Array {
  const counts = new Float64Array(zipf.n + 1);
  for (let i = 0; i < samples; i++) counts[zipf.sample(rng)]++;
  return counts;
}

/** H(n, a) = Σ k^-a, exactly for the first 10^4 terms, Euler–Maclaurin for the rest. */
function harmonic(n: number, a: number): number {
  const K = Math.min(n, 10_000);
  let sum = 0;
  for (let k = K; k >= 1; k--) sum += k ** -a;
  if (n === K) return sum;
  const integral = a === 1 ? Math.log(n / K) : (n ** (1 - a) - K ** (1 - a)) / (1 - a);
  const f = (x: number) => x ** -a;
  const df = (x: number) => -a * x ** (-a - 1);
  return sum + integral - f(K) / 2 + f(n) / 2 + (df(n) - df(K)) / 12;
}

describe("Zipf rejection-inversion", () => {
  const N = 100;
  const SAMPLES = 200_000;

  for (const alpha of [0, 0.5, 0.9, 1, 1.5, 3]) {
    it(`matches the exact pmf for N=${N}, alpha=${alpha} (chi-square)`, () => {
      const counts = rankCounts(new Zipf(N, alpha), new Rng(1000 + alpha * 10), SAMPLES);
      expect(counts[0]).toBe(0);
      const { stat, df } = chiSquare(counts.subarray(1), Zipf.pmf(N, alpha).subarray(1));
      expect(df).toBeGreaterThan(alpha >= 3 ? 10 : 90);
      expect(stat).toBeLessThan(chiSquareCritical(df));
    });
  }

  it("the chi-square check has power: a neighbouring alpha is rejected", () => {
    const counts = rankCounts(new Zipf(N, 1), new Rng(7), SAMPLES);
    for (const wrong of [0.95, 1.05]) {
      const { stat, df } = chiSquare(counts.subarray(1), Zipf.pmf(N, wrong).subarray(1));
      expect(stat).toBeGreaterThan(chiSquareCritical(df));
    }
  });

  it("is exact at the head of a 10^8-object range (alpha 0.8, 1, 1.2)", () => {
    const n = 1e8;
    const samples = 400_000;
    for (const alpha of [0.8, 1, 1.2]) {
      const zipf = new Zipf(n, alpha);
      const rng = new Rng(99);
      let r1 = 0;
      let r2 = 0;
      let upTo1000 = 0;
      for (let i = 0; i < samples; i++) {
        const k = zipf.sample(rng);
        if (k === 1) r1++;
        else if (k === 2) r2++;
        if (k <= 1000) upTo1000++;
      }
      const h = harmonic(n, alpha);
      const head = harmonic(1000, alpha) / h;
      expect(shareError(r1, samples, 1 / h, `rank 1, alpha ${alpha}`)).toBeNull();
      expect(shareError(r2, samples, 2 ** -alpha / h, `rank 2, alpha ${alpha}`)).toBeNull();
      expect(shareError(upTo1000, samples, head, `ranks ≤ 1000, alpha ${alpha}`)).toBeNull();
    }
  });

  it("draws ranks in [1, n] for any n ≤ 10^8 and alpha ≥ 0 (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(1, 2, 3, 1e8), fc.integer({ min: 1, max: 1e8 })),
        fc.oneof(fc.constantFrom(0, 1, 1 - 1e-12, 1 + 1e-12), fc.double({ min: 0, max: 8, noNaN: true })),
        fc.integer(),
        (n, alpha, seed) => {
          const zipf = new Zipf(n, alpha);
          const rng = new Rng(seed);
          for (let i = 0; i < 300; i++) {
            const k = zipf.sample(rng);
            if (!Number.isInteger(k) || k < 1 || k > n) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("rejects bad parameters", () => {
    expect(() => new Zipf(0, 1)).toThrow(RangeError);
    expect(() => new Zipf(10, -0.1)).toThrow(RangeError);
    expect(() => new Zipf(10, Number.NaN)).toThrow(RangeError);
  });
});

describe("ZipfKeys", () => {
  it("without scatter, id = rank - 1 (id 0 is the hottest)", () => {
    const keys = new ZipfKeys(50, 1.2, false, 5, new Rng(5));
    const key = new Uint32Array(100_000);
    keys.fill(key, new Float64Array(key.length), 0, key.length);
    const counts = new Float64Array(50);
    for (const id of key) counts[id]++;
    const { stat, df } = chiSquare(counts, Zipf.pmf(50, 1.2).subarray(1));
    expect(stat).toBeLessThan(chiSquareCritical(df));
    expect(counts[0]).toBeGreaterThan(counts[1]);
  });

  it("with scatter, the id of rank k is Scatter.map(k - 1) and the pmf holds per id", () => {
    const n = 100;
    const seed = 11;
    const keys = new ZipfKeys(n, 1, true, seed, new Rng(seed));
    const key = new Uint32Array(200_000);
    keys.fill(key, new Float64Array(key.length), 0, key.length);
    const scatter = new Scatter(n, seed);
    const pmf = Zipf.pmf(n, 1);
    const byId = new Float64Array(n);
    for (let r = 0; r < n; r++) byId[scatter.map(r)] = pmf[r + 1];
    const counts = new Float64Array(n);
    for (const id of key) counts[id]++;
    const { stat, df } = chiSquare(counts, byId);
    expect(stat).toBeLessThan(chiSquareCritical(df));
    expect(scatter.map(0)).not.toBe(0); // this seed moves the hottest object away from id 0
  });

  it("alpha = 0 is uniform (fast path) and fills only the requested range", () => {
    const keys = new ZipfKeys(20, 0, true, 3, new Rng(3));
    const key = new Uint32Array(100_010).fill(12345);
    keys.fill(key, new Float64Array(key.length), 5, 100_005);
    expect([...key.subarray(0, 5), ...key.subarray(100_005)]).toEqual(new Array(10).fill(12345));
    const counts = new Float64Array(20);
    for (const id of key.subarray(5, 100_005)) counts[id]++;
    const { stat, df } = chiSquare(counts, new Float64Array(20).fill(1 / 20));
    expect(stat).toBeLessThan(chiSquareCritical(df));
  });

  it("keeps ids in [0, n) for any range and seed (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e8 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.boolean(),
        fc.integer(),
        (n, alpha, scatter, seed) => {
          const key = new Uint32Array(256);
          new ZipfKeys(n, alpha, scatter, seed, new Rng(seed)).fill(key, new Float64Array(256), 0, 256);
          return key.every((id) => id < n);
        },
      ),
      { numRuns: 200 },
    );
  });
});
