// The latency model's hot-path pieces: the sampler reproduces each distribution's closed form and
// is a pure function of (config, seed); the histogram matches hand-computed percentiles and
// hdr-histogram-js itself, merges like one histogram, survives encode/decode, and summarises the
// same multiset of values the same way whatever the merge order.
import fc from "fast-check";
import * as hdr from "hdr-histogram-js";
import { describe, expect, it } from "vitest";
import { defaultLatency, type LatencyConfig, latencySchema, quantile, TAIL_P } from "../../../src/scenario/latency.js";
import {
  HISTOGRAM_MAX_US,
  LatencyHistogram,
  LatencySampler,
  ROUTE_HIT,
  ROUTE_MISS,
  ROUTE_NO_OWNER,
} from "../../../src/sim/cluster/latency.js";

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

  it("every draw is finite and inside [quantile(0), quantile(1 − 2^-32)] for any distribution (property)", () => {
    const us = fc.double({ min: 0.5, max: 50_000, noNaN: true });
    const text = fc.oneof(
      fc.tuple(us, us).map(([a, b]) => `uniform ${Math.min(a, b)}us..${Math.max(a, b)}us`),
      fc.tuple(us, us).map(([a, b]) => `normal mean=${a}us sd=${b}us`),
      fc
        .tuple(us, fc.double({ min: 1.01, max: 20, noNaN: true }))
        .map(([a, k]) => `lognormal p50=${a}us p99=${a * k}us`),
      us.map((a) => `exponential mean=${a}us`),
      fc
        .tuple(us, fc.double({ min: 0.5, max: 5, noNaN: true }))
        .map(([a, k]) => `pareto min=${a}us alpha=${k} max=${a * 100}us`),
      fc.tuple(us, us, us).map(([a, b, c]) => {
        const [x, y, z] = [a, b, c].sort((m, n) => m - n);
        return `empirical p0=${x}us p90=${y}us p100=${z}us`;
      }),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (t, seed) => {
        const cfg = config({ backend: t });
        const lo = quantile(cfg.backend, 0);
        const hi = quantile(cfg.backend, TAIL_P);
        const s = new LatencySampler(cfg, seed);
        const outside: number[] = [];
        for (let i = 0; i < 2000; i++) {
          const x = s.backend();
          if (!(x >= lo * (1 - 1e-12) && x <= hi * (1 + 1e-12))) outside.push(x);
        }
        expect(outside).toEqual([]);
      }),
      { numRuns: 30 },
    );
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

  it("block draws (recordL1Hits, recordRouted) record what the hops' methods give request by request, and leave every stream where they would", () => {
    // a tail-heavy backend (its last table cell is evaluated exactly) and a 3 s failover (> 2^31 ns)
    const cfg = config({ backend: "pareto min=1ms alpha=1.1 max=10s", failoverTimeout: "constant 3s" });
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0, ROUTE_HIT, ROUTE_MISS, ROUTE_NO_OWNER), { maxLength: 5000 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (path, seed) => {
          const one = new LatencySampler(cfg, seed);
          const byOne = new LatencyHistogram();
          for (const c of path) {
            if (c === 0) byOne.record(one.l1Hit());
            else if (c === ROUTE_NO_OWNER) byOne.record(one.failover() + one.backend());
            else {
              let us = one.network() + one.service();
              if (c === ROUTE_MISS) us += one.backend();
              byOne.record(us);
            }
          }
          const block = new LatencySampler(cfg, seed);
          const byBlock = new LatencyHistogram();
          const routed = Uint8Array.from(path.filter((c) => c !== 0));
          block.recordL1Hits(path.length - routed.length, byBlock);
          block.recordRouted(routed, routed.length, byBlock);
          expect(byBlock.encode()).toBe(byOne.encode());
          for (const hop of ["l1Hit", "network", "service", "backend", "failover"] as const)
            expect(block[hop]()).toBe(one[hop]());
        },
      ),
      { numRuns: 60 },
    );
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

  it("the int32 fast path and the path above 2^31 ns meet: same buckets as hdr-histogram-js either side", () => {
    for (const ns of [2 ** 31 - 2, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1]) {
      const mine = new LatencyHistogram();
      const lib = hdr.build({ bitBucketSize: 64, numberOfSignificantValueDigits: 3 });
      mine.record(ns / 1000);
      lib.recordValue(ns);
      expect(mine.percentileMs(50)).toBe(Math.min(ns, lib.getValueAtPercentile(50)) / 1e6);
      expect(mine.summary().maxMs).toBe(ns / 1e6);
    }
  });

  it("recordMany = record, value by value, on both sides of 2^31 ns", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 5e6, noNaN: true }), { maxLength: 3000 }), (values) => {
        const a = new LatencyHistogram();
        for (const v of values) a.record(v);
        const b = new LatencyHistogram();
        b.recordMany(Float64Array.from(values));
        expect(b.encode()).toBe(a.encode());
        expect(b.summary()).toEqual(a.summary());
      }),
      { numRuns: 100 },
    );
  });

  it("refuses values it cannot hold", () => {
    const h = new LatencyHistogram();
    expect(() => h.record(-1)).toThrow(RangeError);
    expect(() => h.record(-0.0004)).toThrow(RangeError); // would round to -0 ns
    expect(() => h.record(Number.POSITIVE_INFINITY)).toThrow(RangeError);
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
      { numRuns: 40 },
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
      { numRuns: 40 },
    );
    expect(() => LatencyHistogram.decode("hello")).toThrow(/not an encoded latency histogram/);
    expect(() => LatencyHistogram.decode("hdr1 1 0 x 1 AAAA")).toThrow(/bad numbers/);
    expect(() => LatencyHistogram.decode("hdr1 1 0 5 5 AAAA")).toThrow(/the counts do not decode/);
    const one = new LatencyHistogram();
    one.record(1);
    expect(() => LatencyHistogram.decode(one.encode().replace("hdr1 1 ", "hdr1 2 "))).toThrow(/count does not match/);
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
