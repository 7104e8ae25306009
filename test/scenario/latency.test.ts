// The `cluster.latency` section: every distribution form parses to the parameters its closed form
// needs, every mistake is one message naming the field and what was expected, the defaults parse
// and are documented, and the quantile functions match published values.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeIssue } from "../../src/core/zod-error.js";
import {
  type Distribution,
  defaultLatency,
  LATENCY_DEFAULTS,
  LATENCY_HOPS,
  latencySchema,
  normalCdf,
  normalQuantile,
  parseDistribution,
  quantile,
} from "../../src/scenario/latency.js";

// Φ⁻¹ at 0.975, 0.99 and 0.999 (standard tables; e.g. NIST/SEMATECH e-Handbook, normal critical values)
const Z975 = 1.959963984540054;
const Z99 = 2.3263478740408408;
const Z999 = 3.090232306167813;

const err = (text: string) => {
  try {
    parseDistribution(text);
  } catch (e) {
    return (e as Error).message;
  }
  return "parsed";
};

describe("parseDistribution: each form", () => {
  it("constant, with each unit, and a bare duration", () => {
    expect(parseDistribution("constant 0.05ms")).toEqual({ text: "constant 0.05ms", kind: "constant", value: 50 });
    expect(parseDistribution("0.3ms")).toMatchObject({ kind: "constant", value: 300 });
    expect(parseDistribution("constant 2s")).toMatchObject({ value: 2_000_000 });
    expect(parseDistribution("constant 7us")).toMatchObject({ value: 7 });
    expect(parseDistribution("constant 7µs")).toMatchObject({ value: 7 });
    expect(parseDistribution("constant 500ns")).toMatchObject({ value: 0.5 });
    expect(parseDistribution("  Constant   1.5MS ")).toMatchObject({ text: "Constant 1.5MS", value: 1500 });
  });

  it("uniform A..B", () => {
    expect(parseDistribution("uniform 0.1ms..0.3ms")).toMatchObject({ kind: "uniform", min: 100, max: 300 });
    expect(parseDistribution("uniform 5us..5us")).toMatchObject({ min: 5, max: 5 });
  });

  it("normal mean= sd=, in any order", () => {
    expect(parseDistribution("normal mean=1ms sd=0.1ms")).toMatchObject({ kind: "normal", mean: 1000, sd: 100 });
    expect(parseDistribution("normal sd=20us mean=1ms")).toMatchObject({ mean: 1000, sd: 20 });
  });

  it("lognormal through p50 and p99: mu = ln p50, sigma = ln(p99/p50)/z99", () => {
    const d = parseDistribution("lognormal p50=0.25ms p99=1ms") as Extract<Distribution, { kind: "lognormal" }>;
    expect(d.kind).toBe("lognormal");
    expect(d.mu).toBeCloseTo(Math.log(250), 12);
    expect(d.sigma).toBeCloseTo(Math.log(4) / Z99, 8);
  });

  it("lognormal through any two percentiles, in any order (p999 = 99.9 %)", () => {
    const d = parseDistribution("lognormal p999=10ms p90=1ms");
    expect(quantile(d, 0.9)).toBeCloseTo(1000, 6);
    expect(quantile(d, 0.999)).toBeCloseTo(10000, 5);
  });

  it("exponential mean=, pareto min= alpha= [max=], empirical p0= … p100=", () => {
    expect(parseDistribution("exponential mean=5ms")).toMatchObject({ kind: "exponential", mean: 5000 });
    expect(parseDistribution("pareto min=0.1ms alpha=2")).toMatchObject({
      kind: "pareto",
      min: 100,
      alpha: 2,
      max: null,
    });
    expect(parseDistribution("pareto alpha=1.2 min=0.1ms max=1s")).toMatchObject({ alpha: 1.2, max: 1_000_000 });
    expect(parseDistribution("empirical p100=5ms p0=0.1ms p50=0.2ms p99=1ms")).toMatchObject({
      kind: "empirical",
      p: [0, 0.5, 0.99, 1],
      value: [100, 200, 1000, 5000],
    });
  });
});

describe("parseDistribution: each mistake says what was expected", () => {
  it.each([
    ["", /expected a distribution such as "lognormal p50=0.25ms p99=1ms"/],
    ["gamma k=2", /unknown distribution "gamma": expected one of constant, uniform, normal, lognormal, exponential/],
    ["12", /"12" needs a unit \(us, ms or s\), e.g. "12ms"/],
    ["constant 5 ms", /constant takes one duration/],
    ["constant 5", /"5" needs a unit/],
    ["constant 5min", /expected a duration such as 0.25ms, 50us or 2s, got "5min"/],
    ["uniform 1ms", /uniform takes a range A\.\.B \(e\.g\. "uniform 0\.1ms\.\.0\.3ms"\)/],
    ["uniform 3ms..1ms", /the range 3ms\.\.1ms ends before it starts/],
    ["normal mean=1ms", /normal needs sd= \(e\.g\. "normal mean=1ms sd=0\.1ms"\)/],
    ["normal mean=1ms sd=1ms sd=2ms", /"sd" given twice/],
    ["normal mean=0ms sd=1ms", /mean must be above 0/],
    ["normal mean=1ms sigma=1ms", /unknown parameter "sigma"/],
    ["normal 1ms 2ms", /expected key=value, got "1ms"/],
    ["lognormal p50=1ms", /lognormal needs exactly two percentiles/],
    ["lognormal p50=1ms p99=1ms", /p99 \(1ms\) must be larger than p50 \(1ms\)/],
    ["lognormal p50=2ms p99=1ms", /p99 \(1ms\) must be larger than p50 \(2ms\)/],
    ["lognormal p50=0ms p99=1ms", /p50 must be above 0/],
    ["lognormal p0=1ms p99=2ms", /unknown parameter "p0"/],
    ["lognormal mean=1ms sd=2ms", /unknown parameter "mean"/],
    ["exponential mean=0s", /mean must be above 0/],
    ["exponential rate=5", /unknown parameter "rate"/],
    ["pareto min=1ms", /pareto needs alpha=/],
    ["pareto min=1ms alpha=-1", /alpha: expected a positive number, got "-1"/],
    ["pareto min=1ms alpha=2 max=1ms", /max \(1ms\) must be larger than min/],
    ["pareto min=0.1ms alpha=1.1", /reaches 5\.72e\+4 s at its tail .* above 1 hour .*; give it a bound with max=/],
    ["exponential mean=1000s", /reaches 2\.22e\+4 s at its tail/],
    ["empirical p50=1ms p100=2ms", /empirical needs p0= and p100=/],
    ["empirical p0=1ms p50=3ms p100=2ms", /p100 must not be below p50/],
    ["empirical p0=1ms p50=3ms p500=4ms p100=5ms", /p50 and p500 are the same percentile/],
  ])("%j", (text, message) => {
    expect(err(text)).toMatch(message);
  });
});

describe("latencySchema", () => {
  it("an absent section or hop takes the defaults", () => {
    const all = defaultLatency();
    for (const h of LATENCY_HOPS) expect(all[h]).toEqual(parseDistribution(LATENCY_DEFAULTS[h]));
    const some = latencySchema.parse({ network: "constant 100us" });
    expect(some.network).toMatchObject({ kind: "constant", value: 100 });
    expect(some.backend).toEqual(all.backend);
  });

  it("errors name the field inside the scenario, as the scenario loader reports them", () => {
    const scenario = z.strictObject({ cluster: z.strictObject({ latency: latencySchema }) });
    const line = (doc: unknown) => {
      const r = scenario.safeParse(doc);
      if (r.success) return "parsed";
      return describeIssue("s.yaml", r.error);
    };
    expect(line({ cluster: { latency: { network: 5 } } })).toBe(
      's.yaml: cluster.latency.network: 5 needs a unit (us, ms or s), e.g. "5ms"',
    );
    expect(line({ cluster: { latency: { backend: "lognormal p50=2ms p99=1ms" } } })).toBe(
      "s.yaml: cluster.latency.backend: lognormal: p99 (1ms) must be larger than p50 (2ms)",
    );
    expect(line({ cluster: { latency: { netwrok: "1ms" } } })).toBe("s.yaml: cluster.latency: unknown field netwrok");
    expect(line({ cluster: { latency: { service: ["1ms"] } } })).toMatch(
      /^s\.yaml: cluster\.latency\.service: expected string/,
    );
    expect(line({ cluster: { latency: {} } })).toBe("parsed");
  });

  it("every default is named, with its source, in docs/latency.md", () => {
    const doc = readFileSync(new URL("../../docs/latency.md", import.meta.url), "utf8");
    for (const h of LATENCY_HOPS) expect(doc).toContain(`${h}: ${LATENCY_DEFAULTS[h]}`);
  });
});

describe("quantile functions", () => {
  it("the normal quantile and CDF match published values", () => {
    expect(normalQuantile(0.5)).toBe(0);
    for (const [p, z] of [
      [0.975, Z975],
      [0.99, Z99],
      [0.999, Z999],
    ]) {
      expect(Math.abs(normalQuantile(p) - z) / z).toBeLessThan(1.2e-9);
      expect(Math.abs(normalQuantile(1 - p) + z) / z).toBeLessThan(1.2e-9);
      expect(Math.abs(normalCdf(z) - p)).toBeLessThan(1.2e-7);
      expect(Math.abs(normalCdf(-z) - (1 - p)) / (1 - p)).toBeLessThan(1.2e-7);
    }
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
  });

  it("each form's closed form", () => {
    const q = (t: string, p: number) => quantile(parseDistribution(t), p);
    expect(q("constant 3ms", 0.123)).toBe(3000);
    expect(q("uniform 1ms..3ms", 0.25)).toBe(1500);
    expect(q("exponential mean=5ms", 0.5)).toBeCloseTo(5000 * Math.LN2, 9);
    expect(q("exponential mean=5ms", 0)).toBe(0);
    expect(q("pareto min=1ms alpha=2", 0.75)).toBeCloseTo(2000, 9); // 1ms · (1/4)^(-1/2)
    expect(q("pareto min=1ms alpha=2 max=4ms", 1)).toBe(4000);
    expect(q("pareto min=1ms alpha=2 max=4ms", 0)).toBe(1000);
    expect(q("empirical p0=0.1ms p50=0.2ms p100=1.2ms", 0.25)).toBeCloseTo(150, 9);
    expect(q("empirical p0=0.1ms p50=0.2ms p100=1.2ms", 0.75)).toBeCloseTo(700, 9);
    expect(q("lognormal p50=0.25ms p99=1ms", 0.5)).toBeCloseTo(250, 9);
    expect(q("lognormal p50=0.25ms p99=1ms", 0.99)).toBeCloseTo(1000, 5);
    expect(q("lognormal p50=0.25ms p99=1ms", 0)).toBe(0);
    // normal far from 0: the truncation does not show
    expect(q("normal mean=1ms sd=0.1ms", 0.5)).toBeCloseTo(1000, 3);
    expect(q("normal mean=1ms sd=0.1ms", 0.975)).toBeCloseTo(1000 + 100 * Z975, 3);
  });

  it("a normal truncated at 0 is re-normalised above 0, not clipped", () => {
    const d = parseDistribution("normal mean=0.1ms sd=1ms");
    expect(quantile(d, 0)).toBe(0);
    // P(X ≤ x | X > 0) = (Φ((x−m)/s) − Φ(−m/s)) / (1 − Φ(−m/s)) = p
    for (const p of [0.1, 0.5, 0.9]) {
      const x = quantile(d, p);
      expect(x).toBeGreaterThan(0);
      const below = normalCdf(-0.1);
      expect((normalCdf((x - 100) / 1000) - below) / (1 - below)).toBeCloseTo(p, 6);
    }
  });
});
