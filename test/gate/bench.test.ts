// The gate on live results (kind "bench", issue 13): a real `cachelab bench` result kept as a fixture
// (test/fixtures/results/bench-quickstart.json: lru at 1 %, 2,000 requests, hit ratio 0.0335,
// p99 4.816895 ms, 0 errors) and variants of it built here with hand-chosen hit ratios. Every metric
// of a live run is noisy, so nothing of it is compared exactly; a bench side is never gated against
// a simulate side.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { evaluate } from "../../src/gate/evaluate.js";
import { mergedResult, sideOf } from "../../src/gate/side.js";
import { parseResult } from "../../src/report/read.js";
import type { Result } from "../../src/report/schema.js";
import { type GateRule, parseRule } from "../../src/scenario/gates.js";
import { FIXTURES } from "../commands/run.js";
import { standard } from "./helpers.js";

const BENCH = JSON.parse(readFileSync(`${FIXTURES}../results/bench-quickstart.json`, "utf8"));
const rules = (...texts: string[]): GateRule[] => texts.map(parseRule);

/** The fixture with its one row's hit ratio set (hits, misses and miss ratio follow). */
function withHitRatio(h: number): Result {
  const r = structuredClone(BENCH);
  const row = r.results[0];
  row.hits = Math.round(h * row.requests);
  row.misses = row.requests - row.hits;
  row.hitRatio = row.hits / row.requests;
  row.missRatio = row.misses / row.requests;
  return parseResult(r, "bench");
}

const benchSide = (role: "baseline" | "current", hitRatios: number[]) =>
  sideOf(
    role,
    hitRatios.map(withHitRatio),
    hitRatios.map((_, i) => `${role}-${i}.json`),
  );

function inputError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain("\n");
    return (e as Error).message;
  }
  throw new Error("expected an InputError");
}

describe("gate on bench results", () => {
  it("absolute rules on one live run compare its values (median of 1)", () => {
    const current = sideOf("current", [parseResult(BENCH, "b.json")], ["b.json"]);
    expect(current.kind).toBe("bench");
    const o = evaluate(rules("errors == 0", "hitRatio >= 0.03", "p99Ms <= 5", "hitRatio >= 0.04"), current);
    expect(o.checks.map((c) => [c.metric, c.method, c.value, c.passed])).toEqual([
      ["errors", "median", 0, true],
      ["hitRatio", "median", 0.0335, true],
      ["latency.p99Ms", "median", 4.816895, true],
      ["hitRatio", "median", 0.0335, false],
    ]);
    expect(o.checks[0].row).toBe(
      "eviction=lru capacity=1% unit=bytes cluster.nodes=3 cluster.placement=ring cluster.replication=1 cluster.clients=50",
    );
    expect(o.failed).toBe(1);
  });

  it("the hit ratio of live runs differs between runs: samples of one side, not an error", () => {
    // for a simulate side, differing hit ratios mean "not runs of one scenario and seed" (exit 2)
    const current = benchSide("current", [0.5, 0.52, 0.48, 0.51, 0.49]);
    const o = evaluate(rules("hitRatio >= 0.5"), current);
    expect(o.checks[0].method).toBe("median");
    expect(o.checks[0].value).toBe(0.5);
    expect(o.checks[0].samples.current).toBe(5);
    expect(o.passed).toBe(true);
  });

  it("a relative rule is a Mann–Whitney test: a real drop fails, noise passes", () => {
    const baseline = benchSide("baseline", [0.5, 0.51, 0.49, 0.5, 0.52]); // median 0.5, limit -5% = 0.475
    const drop = evaluate(rules("hitRatio -5%"), benchSide("current", [0.4, 0.41, 0.39, 0.42, 0.4]), baseline);
    const c = drop.checks[0];
    expect(c.method).toBe("mann-whitney");
    expect([c.value, c.baseline, c.limit]).toEqual([0.4, 0.5, 0.475]);
    // every current sample below every baseline sample: U = 0, the smallest p 5 against 5 can give
    expect(c.pValue).toBeLessThan(0.01);
    expect(c.passed).toBe(false);
    const noise = evaluate(rules("hitRatio -5%"), benchSide("current", [0.49, 0.5, 0.48, 0.51, 0.5]), baseline);
    expect(noise.checks[0].method).toBe("mann-whitney");
    expect(noise.checks[0].value).toBe(0.5);
    expect(noise.passed).toBe(true);
  });

  it("one live run a side cannot carry a relative rule (exit 2 says how many are needed)", () => {
    expect(
      inputError(() => evaluate(rules("missRatio +1%"), benchSide("current", [0.5]), benchSide("baseline", [0.5]))),
    ).toBe(
      "rule 'missRatio +1%': missRatio is noisy (it differs between identical live runs); 1 baseline and 1 current sample cannot reach α = 0.01 (the smallest p-value they give is 0.50): give at least 5 a side, 10 recommended (--repeat 10, or several --baseline / --current files)",
    );
  });

  it("a bench side against a simulate side is refused, either way round", () => {
    const sim = sideOf("baseline", [parseResult(standard(), "s.json")], ["s.json"]);
    const live = benchSide("current", [0.5]);
    expect(inputError(() => evaluate(rules("missRatio <= 1"), live, sim))).toMatch(
      /^mismatched baseline: s\.json is a simulate result and current-0\.json a bench result: a live bench is gated against bench results only/,
    );
    const simCurrent = sideOf("current", [parseResult(standard(), "s.json")], ["s.json"]);
    expect(inputError(() => evaluate(rules("missRatio <= 1"), simCurrent, benchSide("baseline", [0.5])))).toMatch(
      /^mismatched baseline: baseline-0\.json is a bench result and s\.json a simulate result/,
    );
  });

  it("one side holds one kind", () => {
    expect(
      inputError(() => sideOf("current", [withHitRatio(0.5), parseResult(standard(), "s.json")], ["b.json", "s.json"])),
    ).toBe(
      "s.json: kind: a simulate result among bench results (b.json): the current samples must be runs of one kind",
    );
  });

  it("merged, a bench side is one bench result with every differing field's samples; read back it is the same side", () => {
    const side = benchSide("baseline", [0.5, 0.52, 0.48, 0.51, 0.49]);
    const merged = mergedResult(side) as unknown as Record<string, any>;
    expect(merged.kind).toBe("bench");
    const row = merged.results[0];
    expect(row.hitRatio).toBe(0.5);
    expect(row.samples.hitRatio).toEqual([0.5, 0.52, 0.48, 0.51, 0.49]);
    expect(row.samples.hits).toEqual([1000, 1040, 960, 1020, 980]);
    expect(row.samples.errors).toBeUndefined(); // the same in every run: nothing to list
    const back = sideOf("baseline", [parseResult(JSON.parse(JSON.stringify(merged)), "m.json")], ["m.json"]);
    const o = evaluate(rules("hitRatio -5%"), benchSide("current", [0.4, 0.41, 0.39, 0.42, 0.4]), back);
    expect(o.checks[0].samples).toEqual({ current: 5, baseline: 5 });
    expect(o.passed).toBe(false);
  });
});
