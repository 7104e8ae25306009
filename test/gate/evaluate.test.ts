// The gate on hand-made results (written and read back by the real writer and reader): rows paired
// by configuration, exact comparisons with the values worked out here, selectors, the limits of
// relative rules, samples and their merging, and every way a baseline can be malformed or
// mismatched (an InputError, exit 2, naming the file, the field or the row).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { evaluate } from "../../src/gate/evaluate.js";
import { runGate } from "../../src/gate/gate.js";
import { rowName } from "../../src/gate/rows.js";
import { mergedResult, readSide, sideOf } from "../../src/gate/side.js";
import { parseResult } from "../../src/report/read.js";
import { type GateRule, parseRule } from "../../src/scenario/gates.js";
import { result, row, standard, tmp, write } from "./helpers.js";

const dir = tmp();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rules = (...texts: string[]): GateRule[] => texts.map(parseRule);
const side = (role: "baseline" | "current", r: unknown, label: string = role) =>
  sideOf(role, [parseResult(r, label)], [label]);

function inputError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).exitCode).toBe(2);
    expect((e as Error).message).not.toContain("\n");
    return (e as Error).message;
  }
  throw new Error("expected an InputError");
}

describe("exact comparisons", () => {
  it("an unchanged run passes every rule", () => {
    const o = evaluate(
      rules("missRatio +0%", "missRatio <= 0.6", "hitRatio -0%", "evictions +0"),
      side("current", standard()),
      side("baseline", standard()),
    );
    expect(o.passed).toBe(true);
    expect(o.checks).toHaveLength(16);
    expect(o.checks.every((c) => c.method === "exact" && c.delta === 0)).toBe(true);
  });

  it("a regression of one miss in 1,000 fails a +0% rule on that row only, with its numbers", () => {
    const o = evaluate(
      rules("missRatio +0%"),
      side("current", standard({ "sieve@10%": 351 })),
      side("baseline", standard()),
    );
    expect(o.passed).toBe(false);
    expect(o.failed).toBe(1);
    const bad = o.checks.find((c) => !c.passed);
    expect(bad).toMatchObject({ row: "eviction=sieve capacity=10%", value: 0.351, baseline: 0.35, limit: 0.35 });
    expect(bad?.delta).toBeCloseTo(0.001, 12);
    expect(bad?.deltaPercent).toBeCloseTo((0.001 / 0.35) * 100, 9);
    expect(bad?.message).toBe("missRatio 0.351 is past the limit <= 0.35 (+0%)");
  });

  it("a relative tolerance: +0.5% of 0.35 allows up to 0.35175", () => {
    const cur = (m: number) => side("current", standard({ "sieve@10%": m }));
    const base = side("baseline", standard());
    // 0.351 is +0.286 %: within; 0.352 is +0.571 %: past
    expect(evaluate(rules("missRatio +0.5%"), cur(351), base).passed).toBe(true);
    const o = evaluate(rules("missRatio +0.5%"), cur(352), base);
    expect(o.failed).toBe(1);
    expect(o.checks[3].limit).toBeCloseTo(0.35175, 12);
    // an absolute change: +0.002 allows 0.352, not 0.353
    expect(evaluate(rules("missRatio +0.002"), cur(352), base).passed).toBe(true);
    expect(evaluate(rules("missRatio +0.002"), cur(353), base).passed).toBe(false);
  });

  it("a shrinking bound: hitRatio -1% fails when the hit ratio drops by more than 1 %", () => {
    // lru@1%: hit ratio 0.4 → limit 0.396; 605 misses give 0.395
    const base = side("baseline", standard());
    expect(evaluate(rules("hitRatio -1%"), side("current", standard({ "lru@1%": 604 })), base).passed).toBe(true);
    expect(evaluate(rules("hitRatio -1%"), side("current", standard({ "lru@1%": 605 })), base).failed).toBe(1);
    // an improvement never fails a -% rule
    expect(evaluate(rules("hitRatio -0%"), side("current", standard({ "lru@1%": 100 })), base).passed).toBe(true);
  });

  it("absolute rules need no baseline; each comparison", () => {
    const cur = side("current", standard());
    const verdicts = (t: string) => evaluate(rules(t), cur).checks.map((c) => c.passed);
    // miss ratios: lru 0.6, 0.4; sieve 0.55, 0.35
    expect(verdicts("missRatio <= 0.55")).toEqual([false, true, true, true]);
    expect(verdicts("missRatio < 0.55")).toEqual([false, true, false, true]);
    expect(verdicts("missRatio >= 0.4")).toEqual([true, true, true, false]);
    expect(verdicts("missRatio > 0.4")).toEqual([true, false, true, false]);
    expect(verdicts("missRatio == 0.35")).toEqual([false, false, false, true]);
    expect(inputError(() => evaluate(rules("missRatio +1%"), cur))).toBe(
      "rule 'missRatio +1%' compares with a baseline: give --baseline FILE",
    );
  });

  it("selectors pick rows by configuration", () => {
    const cur = side("current", standard());
    const rowsOf = (t: string) => evaluate(rules(t), cur).checks.map((c) => c.row);
    expect(rowsOf("eviction=lru missRatio <= 1")).toEqual(["eviction=lru capacity=1%", "eviction=lru capacity=10%"]);
    expect(rowsOf("capacity=10% missRatio <= 1")).toEqual(["eviction=lru capacity=10%", "eviction=sieve capacity=10%"]);
    expect(rowsOf("capacity=100 eviction=sieve missRatio <= 1")).toEqual(["eviction=sieve capacity=10%"]);
    expect(rowsOf("admission=none unit=objects missRatio <= 1")).toHaveLength(4);
    expect(inputError(() => evaluate(rules("eviction=arc missRatio <= 1"), cur))).toMatch(
      /^rule 'eviction=arc missRatio <= 1' selects no row; the rows are: eviction=lru capacity=1%; /,
    );
    expect(inputError(() => evaluate(rules("evicton=lru missRatio <= 1"), cur))).toBe(
      "rule 'evicton=lru missRatio <= 1': the rows have no field 'evicton' to select by",
    );
  });

  it("inherited names are not fields", () => {
    const cur = side("current", standard());
    expect(inputError(() => evaluate(rules("constructor=x missRatio <= 1"), cur))).toBe(
      "rule 'constructor=x missRatio <= 1': the rows have no field 'constructor' to select by",
    );
    expect(inputError(() => evaluate(rules("toString <= 1"), cur))).toMatch(/results\.0\.toString: missing/);
  });

  it("an eviction selector matches the label or the policy's name", () => {
    const r = result([
      row("clock(bits=2)", "1%", 500, { policy: "clock", params: { bits: 2 } }),
      row("lru", "1%", 600),
    ]);
    const cur = side("current", r);
    expect(evaluate(rules("eviction=clock missRatio <= 1"), cur).checks.map((c) => c.row)).toEqual([
      "eviction=clock(bits=2) capacity=1%",
    ]);
    expect(evaluate(rules("eviction=clock(bits=2) missRatio <= 1"), cur).checks).toHaveLength(1);
  });

  it("a missing metric names the file, the row, the field and a near name", () => {
    const f = write(dir, "cur.json", standard());
    expect(inputError(() => evaluate(rules("missRatoi <= 1"), readSide("current", [f])))).toBe(
      `${f}: results.0.missRatoi: missing (row eviction=lru capacity=1%); the rule 'missRatoi <= 1' needs it. Did you mean missRatio?`,
    );
    expect(inputError(() => evaluate(rules("series <= 1"), readSide("current", [f])))).toBe(
      `${f}: results.0.series: expected a number, got an object`,
    );
  });
});

describe("rows are paired by configuration", () => {
  it("a row only in the baseline, or only in the current run, is a mismatch naming it", () => {
    const base = side("baseline", standard(), "b.json");
    const fewer = result(standard().results.slice(0, 3));
    expect(inputError(() => evaluate(rules("missRatio +0%"), side("current", fewer, "c.json"), base))).toBe(
      "mismatched baseline: row eviction=sieve capacity=10% is in the baseline (b.json) but not in the current result (c.json)",
    );
    const more = result([...standard().results, row("arc", "1%", 500)]);
    expect(inputError(() => evaluate(rules("missRatio +0%"), side("current", more, "c.json"), base))).toBe(
      "mismatched baseline: row eviction=arc capacity=1% is in the current result (c.json) but not in the baseline (b.json)",
    );
  });

  it("the same label with other parameters is another configuration", () => {
    const a = result([row("s3fifo", "1%", 500, { params: { smallSizeRatio: 0.1 } })]);
    const b = result([row("s3fifo", "1%", 500, { params: { smallSizeRatio: 0.2 } })]);
    expect(inputError(() => evaluate(rules("missRatio +0%"), side("current", a), side("baseline", b)))).toBe(
      "mismatched baseline: row eviction=s3fifo capacity=1% is configured differently: params(smallSizeRatio=0.2) in the baseline (baseline), params(smallSizeRatio=0.1) in the current result (current)",
    );
  });

  it("a cluster's L1 and timeline are part of its configuration", () => {
    const cluster = (invalidation: string, events: string[]) =>
      result([
        row("lru", "1%", 500, {
          cluster: {
            nodes: 4,
            placement: "ring",
            replication: 1,
            clients: 2,
            l1: { policy: "lru", capacity: 10, capacityText: "10", ttlS: 5, invalidation },
            events,
          },
        } as never),
      ]);
    const name =
      "eviction=lru capacity=1% cluster.nodes=4 cluster.placement=ring cluster.replication=1 cluster.clients=2 cluster.l1=lru@10";
    const base = side("baseline", cluster("ttl", ["down node1"]));
    expect(evaluate(rules("missRatio +0%"), side("current", cluster("ttl", ["down node1"])), base).checks[0].row).toBe(
      name,
    );
    expect(
      inputError(() => evaluate(rules("missRatio +0%"), side("current", cluster("broadcast", ["down node1"])), base)),
    ).toBe(
      `mismatched baseline: row ${name} is configured differently: params() l1.ttlS=5 l1.invalidation=ttl events(down node1) in the baseline (baseline), params() l1.ttlS=5 l1.invalidation=broadcast events(down node1) in the current result (current)`,
    );
    expect(inputError(() => evaluate(rules("missRatio +0%"), side("current", cluster("ttl", [])), base))).toMatch(
      /configured differently: .*events\(down node1\) in the baseline .*events\(\) in the current result/,
    );
    // selectable by cluster fields
    expect(evaluate(rules("cluster.placement=ring cluster.nodes=4 missRatio <= 1"), base).checks).toHaveLength(1);
  });

  it("row order does not matter", () => {
    const reversed = result([...standard().results].reverse());
    expect(evaluate(rules("missRatio +0%"), side("current", reversed), side("baseline", standard())).passed).toBe(true);
  });

  it("row names carry admission, unit and cluster configuration", () => {
    expect(
      rowName(
        row("s3fifo", "64MiB", 1, {
          admission: "tinylfu",
          unit: "bytes",
          cluster: { nodes: 4, placement: "ring", replication: 2, clients: 8, l1: null },
        } as never) as unknown as Record<string, unknown>,
      ),
    ).toBe(
      "eviction=s3fifo admission=tinylfu capacity=64MiB unit=bytes cluster.nodes=4 cluster.placement=ring cluster.replication=2 cluster.clients=8",
    );
  });

  it("a configuration twice in one result is refused", () => {
    const twice = result([row("lru", "1%", 1), row("lru", "1%", 2)]);
    expect(inputError(() => side("current", twice, "c.json"))).toBe(
      "c.json: results.1: the configuration eviction=lru capacity=1% appears twice",
    );
  });
});

describe("a malformed baseline names the file and the field", () => {
  const rule = rules("missRatio +0%");
  const current = () => side("current", standard());
  const gate = (text: string) => {
    const b = join(dir, "bad.json");
    writeFileSync(b, text);
    return inputError(() => runGate({ rules: rule, current: current(), baselineFiles: [b] }));
  };

  it("damage of each kind", () => {
    const b = join(dir, "bad.json");
    const damaged = (f: (r: any) => void) => {
      const r: any = standard();
      f(r);
      return JSON.stringify(r);
    };
    expect(gate(damaged((r) => (r.results[2].missRatio = 1.5)))).toBe(
      `${b}: results.2.missRatio: expected a ratio in [0, 1], got 1.5`,
    );
    expect(gate(damaged((r) => delete r.results[0].misses))).toBe(`${b}: results.0.misses: missing; expected a number`);
    expect(gate(damaged((r) => (r.kind = "mrc")))).toMatch(new RegExp(`^${b}: `));
    expect(gate("{ not json")).toMatch(new RegExp(`^${b}: not JSON: `));
    expect(gate("")).toBe(`${b}: empty file, not a result`);
    expect(
      inputError(() => runGate({ rules: rule, current: current(), baselineFiles: [join(dir, "none.json")] })),
    ).toBe(`no such result file: ${join(dir, "none.json")}`);
  });

  it("a plan result is not something to gate", () => {
    const plan = JSON.parse(readFileSync(write(dir, "p.json", standard()), "utf8"));
    plan.kind = "plan";
    expect(inputError(() => sideOf("baseline", [plan], ["p.json"]))).toBe(
      "p.json: kind: the gate compares simulate or bench results, got a plan result",
    );
  });

  it("samples of the wrong shape", () => {
    const r: any = standard();
    r.results[0].samples = { "timing.requestsPerSec": [1, "fast"] };
    const b = write(dir, "samples.json", r);
    expect(
      inputError(() => runGate({ rules: rules("timing.requestsPerSec -5%"), current: current(), baselineFiles: [b] })),
    ).toBe(`${b}: results.0.samples.timing.requestsPerSec: expected a non-empty array of numbers`);
  });
});

describe("several results on a side", () => {
  it("deterministic metrics must agree between the samples of a side", () => {
    const a = write(dir, "a.json", standard());
    const b = write(dir, "b.json", standard({ "lru@10%": 401 }));
    expect(inputError(() => evaluate(rules("missRatio <= 1"), readSide("current", [a, b])))).toBe(
      `${b}: results.1.missRatio: 0.401, but 0.4 in ${a}: the current samples are not runs of the same scenario and seed`,
    );
  });

  it("the samples of a side must hold the same configurations", () => {
    const a = write(dir, "a.json", standard());
    const c = write(dir, "c.json", result(standard().results.slice(1)));
    expect(inputError(() => readSide("current", [a, c]))).toBe(
      `${c}: the current samples are not runs of one configuration: eviction=lru capacity=1% (in ${a}) is missing`,
    );
  });

  it("timing is noisy: one sample a side cannot be tested, and says how many are needed", () => {
    expect(
      inputError(() =>
        evaluate(rules("timing.requestsPerSec -5%"), side("current", standard()), side("baseline", standard())),
      ),
    ).toMatch(
      /^rule 'timing.requestsPerSec -5%': timing.requestsPerSec is noisy .* 1 baseline and 1 current sample cannot reach α = 0.01 .*give at least 5 a side/,
    );
  });

  const withRate = (rates: number[]) =>
    rates.map((rate) => {
      const r = standard();
      for (const x of r.results) x.timing = { elapsedMs: 1e5 / rate, requestsPerSec: rate };
      return r;
    });

  it("noisy samples from several files: median, Mann–Whitney, and a verdict", () => {
    const base = withRate([100, 101, 99, 100, 102, 98]).map((r, i) => write(dir, `base-${i}.json`, r));
    const same = withRate([99, 100, 101, 100, 98, 102]).map((r, i) => write(dir, `same-${i}.json`, r));
    const slow = withRate([90, 91, 89, 90, 92, 88]).map((r, i) => write(dir, `slow-${i}.json`, r));
    const rule = rules("eviction=lru capacity=1% requestsPerSec -5%");
    const ok = evaluate(rule, readSide("current", same), readSide("baseline", base));
    expect(ok.passed).toBe(true);
    expect(ok.checks[0]).toMatchObject({
      method: "mann-whitney",
      value: 100,
      baseline: 100,
      samples: { current: 6, baseline: 6 },
    });
    const bad = evaluate(rule, readSide("current", slow), readSide("baseline", base));
    expect(bad.passed).toBe(false);
    // every slow sample is below every baseline sample: U = 36 of 36; 100 and 90 are each twice,
    // so σ² = 36/12 · (13 − 12/132) = 38.727, z = (36 − 0.5 − 18)/6.2231 = 2.8121, p = Φ(−2.8121)
    expect(bad.checks[0].pValue).toBeCloseTo(0.00246, 5);
    expect(bad.checks[0].message).toMatch(/^median 90 of 6 is past the limit >= 95 \(-5%\) and significantly worse/);
    // past the limit but not significant: noise, passes
    const mixed = withRate([80, 120, 85, 115, 94, 101]).map((r, i) => write(dir, `mixed-${i}.json`, r));
    const noise = evaluate(rule, readSide("current", mixed), readSide("baseline", base));
    expect(noise.checks[0].value).toBe(97.5);
    expect(
      evaluate(
        rules("eviction=lru capacity=1% requestsPerSec -1%"),
        readSide("current", mixed),
        readSide("baseline", base),
      ).checks[0].message,
    ).toMatch(
      /^median 97.5 of 6 is past the limit >= 99 \(-1%\) but not significantly worse than the baseline \(Mann–Whitney p = .* ≥ 0.01\): noise$/,
    );
  });

  it("a rule over several rows is one family: Holm keeps its false-alarm rate at α", async () => {
    const base = withRate([100, 101, 99, 100, 102, 98]).map((r, i) => write(dir, `hb-${i}.json`, r));
    const slow = withRate([90, 91, 89, 90, 92, 88]).map((r, i) => write(dir, `hs-${i}.json`, r));
    // 4 rows, each p = 0.00246 (worked above): Holm's thresholds 0.01/4 … 0.01; 0.00246 < 0.0025
    const o = evaluate(rules("requestsPerSec -5%"), readSide("current", slow), readSide("baseline", base));
    expect(o.failed).toBe(4);
    expect(o.checks.map((c) => c.threshold)).toEqual([0.0025, 0.01 / 3, 0.005, 0.01]);
    expect(o.checks[0].message).toMatch(/\(Mann–Whitney p = 0\.0025 < 0\.0025 \(Holm over 4 rows, α = 0\.01\)\)$/);
    // at α = 0.009 the first threshold is 0.00225: nothing is rejected, nothing fails
    const strict = evaluate(rules("requestsPerSec -5%"), readSide("current", slow), readSide("baseline", base), {
      alpha: 0.009,
    });
    expect(strict.failed).toBe(0);
    expect(strict.checks[0].message).toMatch(/: noise$/);
  });

  it("latency: seeded (the same in every run) compares exactly; measured (runs differ) is tested", () => {
    const withP99 = (p99s: number[]) =>
      p99s.map((p99Ms) => {
        const r = result([
          row("lru", "1%", 500, {
            latency: { count: 1, meanMs: 1, p50Ms: 1, p90Ms: 1, p99Ms, p999Ms: 9, maxMs: 9 },
          } as never),
        ]);
        return parseResult(r, "x");
      });
    const sideOfP99 = (role: "baseline" | "current", p99s: number[]) =>
      sideOf(
        role,
        withP99(p99s),
        p99s.map((_, i) => `${role}-${i}.json`),
      );
    // ten identical runs against one baseline: exact, no sample count needed
    const exact = evaluate(rules("p99Ms +0%"), sideOfP99("current", Array(10).fill(2)), sideOfP99("baseline", [2]));
    expect(exact.checks[0]).toMatchObject({ method: "exact", passed: true, value: 2 });
    expect(
      evaluate(rules("p99Ms +0%"), sideOfP99("current", Array(10).fill(2.1)), sideOfP99("baseline", [2])).passed,
    ).toBe(false);
    // runs that differ: measured, so tested (and one baseline sample is not enough)
    const measured = sideOfP99("current", [2, 2.1, 1.9, 2, 2.2]);
    expect(inputError(() => evaluate(rules("p99Ms +0%"), measured, sideOfP99("baseline", [2])))).toMatch(
      /latency.p99Ms is noisy/,
    );
    const tested = evaluate(rules("p99Ms +0%"), measured, sideOfP99("baseline", [2, 1.9, 2.1, 2, 2.05]));
    expect(tested.checks[0]).toMatchObject({ method: "mann-whitney", passed: true });
  });

  it("merged: the first result with timing medians and every sample listed; read back, the same verdicts", () => {
    const files = withRate([100, 104, 96]).map((r, i) => write(dir, `m-${i}.json`, r));
    const merged = mergedResult(readSide("current", files));
    const r0 = merged.results[0] as Record<string, any>;
    expect(r0.timing.requestsPerSec).toBe(100);
    expect(r0.samples["timing.requestsPerSec"]).toEqual([100, 104, 96]);
    expect(r0.missRatio).toBe(0.6);
    const back = readSide("baseline", [write(dir, "merged.json", merged)]);
    expect(back.rows.get([...back.rows.keys()][0])?.rows[0].samples).toEqual(r0.samples);
  });
});
