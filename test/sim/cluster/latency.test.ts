// The latency model's hot-path pieces: the sampler reproduces each distribution's closed form and
// is a pure function of (config, seed); the histogram matches hand-computed percentiles and
// hdr-histogram-js itself, merges like one histogram, survives encode/decode, and summarises the
// same multiset of values the same way whatever the merge order.
import fc from "fast-check";
import * as hdr from "hdr-histogram-js";
import { describe, expect, it } from "vitest";
import { defaultLatency, type LatencyConfig, latencySchema, quantile } from "../../../src/scenario/latency.js";
import { HISTOGRAM_MAX_US, LatencyHistogram, LatencySampler } from "../../../src/sim/cluster/latency.js";

const config = (hops: Partial<Record<keyof LatencyConfig, string>>): LatencyConfig => latencySchema.parse(hops);

/** n draws of one hop, sorted. */
function draws(cfg: LatencyConfig, hop: "network" | "backend" | "service" | "l1Hit" | "failover", n: number, seed = 1) {
  const s = new LatencySampler(cfg, seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = s[hop]();
  return out.sort();
}
const at = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const mean = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("LatencySampler", () => {
  const N = 100_000;

  it("lognormal: the p50 and p99 it was given, within 1 % and 3 %", () => {
    const xs = draws(config({ network: "lognormal p50=0.25ms p99=1ms" }), "network", N);
    expect(Math.abs(at(xs, 0.5) / 250 - 1)).toBeLessThan(0.01);
    expect(Math.abs(at(xs, 0.99) / 1000 - 1)).toBeLessThan(0.03);
  });

  it("exponential: the mean and the median within 1.5 %", () => {
    const xs = draws(config({ backend: "exponential mean=5ms" }), "backend", N);
    expect(Math.abs(mean(xs) / 5000 - 1)).toBeLessThan(0.015);
    expect(Math.abs(at(xs, 0.5) / (5000 * Math.LN2) - 1)).toBeLessThan(0.015);
  });

  it("its tail is not cut at the table's end: some draws lie beyond the last tabulated quantile", () => {
    const cfg = config({ backend: "exponential mean=5ms" });
    const xs = draws(cfg, "backend", N);
    const lastTabulated = quantile(cfg.backend, 1 - 1 / 4096);
    const beyond = xs.filter((x) => x > lastTabulated).length;
    // expected N/4096 ≈ 24 draws in the last cell
    expect(beyond).toBeGreaterThan(8);
    expect(beyond).toBeLessThan(50);
    expect(at(xs, 0.9999)).toBeGreaterThan(lastTabulated);
  });

  it("normal: mean and sd; uniform: inside its range with the right mean; constant: exactly", () => {
    const nx = draws(config({ service: "normal mean=1ms sd=0.1ms" }), "service", N);
    const m = mean(nx);
    const sd = Math.sqrt(nx.reduce((a, x) => a + (x - m) ** 2, 0) / nx.length);
    expect(Math.abs(m / 1000 - 1)).toBeLessThan(0.002);
    expect(Math.abs(sd / 100 - 1)).toBeLessThan(0.02);
    const ux = draws(config({ network: "uniform 0.1ms..0.3ms" }), "network", N);
    expect(ux[0]).toBeGreaterThanOrEqual(100);
    expect(ux[ux.length - 1]).toBeLessThanOrEqual(300);
    expect(Math.abs(mean(ux) / 200 - 1)).toBeLessThan(0.005);
    const cx = draws(config({ failoverTimeout: "constant 2s" }), "failover", 1000);
    expect(cx.every((x) => x === 2_000_000)).toBe(true);
  });

  it("bounded Pareto never exceeds its max; empirical hits its given percentiles", () => {
    const px = draws(config({ backend: "pareto min=0.1ms alpha=1.2 max=50ms" }), "backend", N);
    expect(px[0]).toBeGreaterThanOrEqual(100);
    expect(px[px.length - 1]).toBeLessThanOrEqual(50_000);
    const ex = draws(config({ backend: "empirical p0=0.1ms p50=0.2ms p99=1ms p100=5ms" }), "backend", N);
    expect(Math.abs(at(ex, 0.5) / 200 - 1)).toBeLessThan(0.01);
    expect(Math.abs(at(ex, 0.99) / 1000 - 1)).toBeLessThan(0.05);
    expect(ex[0]).toBeGreaterThanOrEqual(100);
    expect(ex[ex.length - 1]).toBeLessThanOrEqual(5000);
  });

  it("is a pure function of (config, seed); another seed gives another sequence", () => {
    const cfg = defaultLatency();
    const seq = (seed: number) => {
      const s = new LatencySampler(cfg, seed);
      return Array.from({ length: 500 }, (_, i) =>
        [s.l1Hit, s.network, s.service, s.backend, s.failover][i % 5].call(s),
      );
    };
    expect(seq(42)).toEqual(seq(42));
    expect(seq(43)).not.toEqual(seq(42));
  });

  it("each hop has its own stream: drawing other hops in between does not change a hop's sequence", () => {
    const cfg = defaultLatency();
    const a = new LatencySampler(cfg, 7);
    const b = new LatencySampler(cfg, 7);
    const alone = Array.from({ length: 200 }, () => a.backend());
    const mixed = Array.from({ length: 200 }, () => {
      b.l1Hit();
      b.network();
      return b.backend();
    });
    expect(mixed).toEqual(alone);
    // and the hops are not copies of one another
    const c = new LatencySampler(config({ network: "uniform 0ms..1ms", service: "uniform 0ms..1ms" }), 7);
    expect(c.network()).not.toBe(c.service());
  });
});

describe("LatencyHistogram", () => {
  it("percentiles of a hand-computed set (values below 2048 ns are exact)", () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.record(i / 1000); // 1 ns … 1000 ns
    expect(h.summary()).toEqual({
      count: 1000,
      meanMs: 500.5e-6,
      p50Ms: 500e-6,
      p90Ms: 900e-6,
      p99Ms: 990e-6,
      p999Ms: 999e-6,
      maxMs: 1000e-6,
    });
  });

  it("larger values: 3 significant digits, the exact max and mean", () => {
    const h = new LatencyHistogram();
    // 100 values 1 ms … 100 ms: p50 = 50 ms, p90 = 90 ms, p99 = 99 ms, p99.9 = max = 100 ms
    for (let i = 1; i <= 100; i++) h.record(i * 1000);
    const s = h.summary();
    expect(s.count).toBe(100);
    expect(s.meanMs).toBe(50.5);
    expect(s.maxMs).toBe(100);
    for (const [got, want] of [
      [s.p50Ms, 50],
      [s.p90Ms, 90],
      [s.p99Ms, 99],
    ]) {
      expect(got).toBeGreaterThanOrEqual(want);
      expect(got / want - 1).toBeLessThan(1 / 1024);
    }
    expect(s.p999Ms).toBe(100); // capped at the exact max
  });

  it("gives hdr-histogram-js's own percentiles for the same values", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 300 }), (ns) => {
        const mine = new LatencyHistogram();
        const lib = hdr.build({ bitBucketSize: 64, numberOfSignificantValueDigits: 3 });
        for (const v of ns) {
          mine.record(v / 1000);
          lib.recordValue(v);
        }
        const max = Math.max(...ns);
        for (const p of [50, 90, 99, 99.9])
          expect(mine.percentileMs(p)).toBe(Math.min(max, lib.getValueAtPercentile(p)) / 1e6);
      }),
      { numRuns: 40 },
    );
  });

  it("values above 2^32 ns (a 2 s failover plus more) land in the right bucket; the sum carries", () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 3; i++) h.record(5_000_000); // 5 s = 5e9 ns, above 2^32
    h.record(2_000_250);
    const s = h.summary();
    expect(s.maxMs).toBe(5000);
    expect(s.meanMs).toBe((3 * 5000 + 2000.25) / 4);
    expect(s.p50Ms / 5000).toBeLessThanOrEqual(1);
    expect(s.p50Ms / 5000).toBeGreaterThan(1 - 1 / 1024);
    expect(h.percentileMs(25) / 2000.25 - 1).toBeLessThan(1 / 1024);
  });

  it("refuses values it cannot hold", () => {
    const h = new LatencyHistogram();
    expect(() => h.record(-1)).toThrow(RangeError);
    expect(() => h.record(Number.NaN)).toThrow(RangeError);
    expect(() => h.record(HISTOGRAM_MAX_US)).toThrow(/outside 0/);
    h.record(HISTOGRAM_MAX_US - 1);
    h.record(0);
    expect(h.count).toBe(2);
  });

  it("an empty histogram: zeros, and it encodes", () => {
    const h = new LatencyHistogram();
    expect(h.summary()).toEqual({ count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 });
    expect(LatencyHistogram.decode(h.encode()).summary()).toEqual(h.summary());
    const other = new LatencyHistogram();
    other.record(3);
    h.merge(other);
    expect(h.summary().maxMs).toBe(0.003);
  });

  const values = fc.array(fc.double({ min: 0, max: 3_000_000, noNaN: true }), { maxLength: 200 });
  const filled = (xs: number[]) => {
    const h = new LatencyHistogram();
    h.recordMany(Float64Array.from(xs));
    return h;
  };

  it("merge = recording everything in one, in either order (property)", () => {
    fc.assert(
      fc.property(values, values, values, (a, b, c) => {
        const one = filled([...a, ...b, ...c]);
        const ab = filled(a);
        ab.merge(filled(b));
        ab.merge(filled(c));
        const cb = filled(c);
        cb.merge(filled(b));
        cb.merge(filled(a));
        expect(ab.summary()).toEqual(one.summary());
        expect(cb.summary()).toEqual(one.summary());
        expect(cb.encode()).toBe(one.encode());
      }),
      { numRuns: 60 },
    );
  });

  it("encode/decode round-trips (property), and a bad string is refused", () => {
    fc.assert(
      fc.property(values, (a) => {
        const h = filled(a);
        const back = LatencyHistogram.decode(h.encode());
        expect(back.summary()).toEqual(h.summary());
        expect(back.encode()).toBe(h.encode());
      }),
      { numRuns: 60 },
    );
    expect(() => LatencyHistogram.decode("hello")).toThrow(/not an encoded latency histogram/);
    expect(() => LatencyHistogram.decode("hdr1 1 0 x 1 AAAA")).toThrow(/bad numbers/);
  });

  it("its summary is monotone: p50 ≤ p90 ≤ p99 ≤ p99.9 ≤ max, mean ≤ max (property)", () => {
    fc.assert(
      fc.property(
        values.filter((a) => a.length > 0),
        (a) => {
          const s = filled(a).summary();
          expect(s.count).toBe(a.length);
          expect(s.p50Ms).toBeLessThanOrEqual(s.p90Ms);
          expect(s.p90Ms).toBeLessThanOrEqual(s.p99Ms);
          expect(s.p99Ms).toBeLessThanOrEqual(s.p999Ms);
          expect(s.p999Ms).toBeLessThanOrEqual(s.maxMs);
          expect(s.meanMs).toBeLessThanOrEqual(s.maxMs);
          expect(s.maxMs).toBe(Math.round(Math.max(...a) * 1000) / 1e6);
        },
      ),
      { numRuns: 100 },
    );
  });
});
