import { describe, expect, it } from "vitest";
import { seedKey } from "../../../src/workload/generators/hash.js";
import { syntheticWorkload } from "../../../src/workload/generators/schema.js";
import { normalQuantile, type SizeDist, SizeModel } from "../../../src/workload/generators/sizes.js";
import { synthetic } from "../../../src/workload/generators/synthetic.js";
import { chiSquare, chiSquareCritical, collect, max, min, shareError } from "./check.js";

const IDS = 100_000;

function sizesOf(dist: SizeDist, seed = 1, memo = 0): Float64Array {
  const m = new SizeModel(dist, seedKey(seed, 1), memo);
  return Float64Array.from({ length: IDS }, (_, id) => m.sizeOf(id));
}

function shareBelow(sizes: Float64Array, x: number): number {
  let c = 0;
  for (const s of sizes) if (s <= x) c++;
  return c;
}

describe("normalQuantile (AS 241)", () => {
  it("matches reference quantiles", () => {
    // Φ⁻¹ values from CPython's statistics.NormalDist().inv_cdf, which implements the same algorithm
    const cases: [number, number][] = [
      [1e-300, -37.0470962993612],
      [1e-10, -6.361340902404056],
      [0.001, -3.090232306167813],
      [0.025, -1.959963984540054],
      [0.5, 0],
      [0.8413447460685429, 1],
      [0.975, 1.959963984540054],
      [1 - 1e-12, 7.0344869100478356],
    ];
    for (const [p, z] of cases) expect(normalQuantile(p)).toBeCloseTo(z, 9);
  });
});

describe("object sizes", () => {
  const dists: SizeDist[] = [
    { dist: "fixed", size: 4096 },
    { dist: "uniform", min: 100, max: 200 },
    { dist: "lognormal", median: 4096, sigma: 1, min: 1, max: 2 ** 20 },
    { dist: "pareto", min: 512, alpha: 1.2, max: 2 ** 24 },
  ];

  it("are a pure function of (seed, id): memoised or not, across instances", () => {
    for (const d of dists) {
      const a = sizesOf(d, 7, 0);
      const b = sizesOf(d, 7, IDS);
      expect(b).toEqual(a);
      const m = new SizeModel(d, seedKey(7, 1), IDS);
      const key = Uint32Array.from({ length: 1000 }, (_, i) => (i * 7919) % IDS);
      const out = new Uint32Array(1000);
      m.fill(out, key, 1000);
      m.fill(out, key, 1000); // the second pass reads the memo
      expect([...out]).toEqual([...key].map((id) => a[id]));
      if (d.dist !== "fixed") expect(sizesOf(d, 8)).not.toEqual(a);
    }
  });

  it("are the same on every request of an object, and across runs of a workload", () => {
    const w = syntheticWorkload.parse({
      type: "synthetic",
      requests: 100_000,
      objects: 2000,
      sizes: { dist: "lognormal", median: "1KiB", sigma: 1.5, max: "1MiB" },
      oneHitWonders: 0.1,
    });
    const first = collect(synthetic(w, 5));
    const byId = new Map<number, number>();
    let conflicts = 0;
    first.key.forEach((id, i) => {
      const s = byId.get(id);
      if (s !== undefined && s !== first.size[i]) conflicts++;
      byId.set(id, first.size[i]);
    });
    expect(conflicts).toBe(0);
    const again = collect(synthetic(w, 5));
    expect(again.size).toEqual(first.size);
  });

  it("fixed: every object has the size", () => {
    expect(sizesOf(dists[0]).every((s) => s === 4096)).toBe(true);
  });

  it("uniform: integers uniform on [min, max]", () => {
    const sizes = sizesOf({ dist: "uniform", min: 10, max: 19 });
    const counts = new Float64Array(10);
    for (const s of sizes) counts[s - 10]++;
    const { stat, df } = chiSquare(counts, new Float64Array(10).fill(0.1));
    expect(df).toBe(9);
    expect(stat).toBeLessThan(chiSquareCritical(df));
  });

  it("lognormal: median and quantiles match exp(N(ln median, sigma²)), clamped", () => {
    const sizes = sizesOf({ dist: "lognormal", median: 4096, sigma: 1, min: 1, max: 2 ** 20 });
    expect(shareError(shareBelow(sizes, 4096), IDS, 0.5, "below the median")).toBeNull();
    // P(X ≤ median · e^σ) = Φ(1); P(X ≤ median · e^-2σ) = Φ(-2)
    expect(shareError(shareBelow(sizes, 4096 * Math.E), IDS, 0.8413447460685429, "below +1σ")).toBeNull();
    expect(shareError(shareBelow(sizes, 4096 * Math.exp(-2)), IDS, 0.022750131948179195, "below -2σ")).toBeNull();
    const capped = sizesOf({ dist: "lognormal", median: 4096, sigma: 3, min: 1024, max: 65536 });
    expect(min(capped)).toBe(1024);
    expect(max(capped)).toBe(65536);
  });

  it("pareto: P(X ≥ x) = (xm / x)^alpha below the cap, and the cap takes the rest", () => {
    const xm = 512;
    const alpha = 1.2;
    const cap = 512 * 64;
    const sizes = sizesOf({ dist: "pareto", min: xm, alpha, max: cap });
    expect(min(sizes)).toBe(xm);
    for (const x of [2 * xm, 8 * xm]) {
      const above = IDS - shareBelow(sizes, x - 1);
      expect(shareError(above, IDS, (xm / x) ** alpha, `P(X ≥ ${x})`)).toBeNull();
    }
    const atCap = sizes.filter((s) => s === cap).length;
    expect(shareError(atCap, IDS, (xm / cap) ** alpha, "at the cap")).toBeNull();
  });

  it("rejects impossible bounds", () => {
    expect(() => new SizeModel({ dist: "uniform", min: 10, max: 5 }, 1)).toThrow(RangeError);
    expect(() => new SizeModel({ dist: "fixed", size: 0 }, 1)).toThrow(RangeError);
    expect(() => new SizeModel({ dist: "pareto", min: 1, alpha: 1, max: 2 ** 32 }, 1)).toThrow(RangeError);
  });
});
