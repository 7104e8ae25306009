// The rule grammar (src/scenario/gates.ts): every form parses to the bound it says, every mistake is
// a one-line message saying what was expected, and a scenario's gates: section is checked when the
// file is read, naming the file and the entry.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { parseRule, RuleSyntaxError, rulesOfSection } from "../../src/scenario/gates.js";
import { parseScenarioText } from "../../src/scenario/schema.js";

function syntaxError(text: string): string {
  try {
    parseRule(text);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleSyntaxError);
    expect((e as Error).message).not.toContain("\n");
    return (e as Error).message;
  }
  throw new Error(`'${text}' parsed, expected an error`);
}

describe("parseRule", () => {
  it("absolute limits with each comparison", () => {
    expect(parseRule("missRatio <= 0.2")).toMatchObject({
      metric: "missRatio",
      bound: { kind: "absolute", op: "<=", limit: 0.2 },
      where: [],
    });
    expect(parseRule("hitRatio>=0.5").bound).toEqual({ kind: "absolute", op: ">=", limit: 0.5 });
    expect(parseRule("evictions < 10").bound).toEqual({ kind: "absolute", op: "<", limit: 10 });
    expect(parseRule("bypasses > -1").bound).toEqual({ kind: "absolute", op: ">", limit: -1 });
    expect(parseRule("expirations == 0").bound).toEqual({ kind: "absolute", op: "==", limit: 0 });
    expect(parseRule("missRatio <= 2e-1").bound).toEqual({ kind: "absolute", op: "<=", limit: 0.2 });
  });

  it("relative changes: percentages of the baseline and absolute amounts, both directions", () => {
    expect(parseRule("missRatio +0.5%").bound).toEqual({
      kind: "relative",
      direction: "+",
      amount: 0.5,
      percent: true,
    });
    expect(parseRule("timing.requestsPerSec -5%").bound).toEqual({
      kind: "relative",
      direction: "-",
      amount: 5,
      percent: true,
    });
    expect(parseRule("missRatio +0.002").bound).toEqual({
      kind: "relative",
      direction: "+",
      amount: 0.002,
      percent: false,
    });
    expect(parseRule("hitRatio - 0%").bound).toEqual({ kind: "relative", direction: "-", amount: 0, percent: true });
  });

  it("aliases resolve to dotted paths; the written name is kept", () => {
    const r = parseRule("p99Ms <= 1");
    expect(r.metric).toBe("latency.p99Ms");
    expect(r.metricAsWritten).toBe("p99Ms");
    expect(parseRule("requestsPerSec -5%").metric).toBe("timing.requestsPerSec");
    expect(parseRule("joulesPerRequest +2%").metric).toBe("energy.joulesPerRequest");
    expect(parseRule("energy.joulesPerRequest +2%").metric).toBe("energy.joulesPerRequest");
  });

  it("selectors anywhere in the rule", () => {
    expect(parseRule("eviction=lru capacity=1% missRatio <= 0.2").where).toEqual([
      { key: "eviction", value: "lru" },
      { key: "capacity", value: "1%" },
    ]);
    expect(parseRule("missRatio +1% cluster.placement=ring").where).toEqual([
      { key: "cluster.placement", value: "ring" },
    ]);
    expect(parseRule("eviction=clock(bits=2) missRatio <= 0.5").where).toEqual([
      { key: "eviction", value: "clock(bits=2)" },
    ]);
    expect(parseRule("missRatio==0.25").bound).toEqual({ kind: "absolute", op: "==", limit: 0.25 });
  });

  it("errors say what was expected", () => {
    expect(syntaxError("")).toMatch(/^empty rule: expected METRIC OP NUMBER/);
    expect(syntaxError("eviction=lru")).toMatch(/selects rows but has no condition/);
    expect(syntaxError("missRatio")).toMatch(
      /'missRatio': expected METRIC OP NUMBER \(missRatio <= 0.2\) or METRIC ±CHANGE/,
    );
    expect(syntaxError("missRatio <= low")).toBe("expected a number after <=, got 'low'");
    expect(syntaxError("missRatio <= 20%")).toMatch(/an absolute limit is a plain number \(missRatio <= 0.2\)/);
    expect(syntaxError("missRatio +x%")).toMatch(/expected a change like \+0.5% or -2 after missRatio, got 'x%'/);
    expect(syntaxError("missRatio +-1%")).toMatch(/expected a change like/);
    expect(syntaxError("miss-ratio <= 1")).toBe(
      "'miss-ratio' is not a metric: expected a field name or dotted path like missRatio",
    );
    expect(syntaxError("1abc <= 1")).toMatch(/'1abc' is not a metric/);
    expect(syntaxError("missRatio <= 0.2 extra")).toMatch(/expected METRIC OP NUMBER/);
  });
});

describe("a scenario's gates: section", () => {
  const scenario = (gates: string) =>
    `workload: { type: synthetic, objects: 100, requests: 1000 }\ncache: { capacity: 10, eviction: lru }\ngates:\n${gates}`;

  it("strings and objects become rules, in order", () => {
    const s = parseScenarioText(
      scenario(
        [
          "  - missRatio +0.5%",
          '  - { rule: "timing.requestsPerSec -5%", alpha: 0.05 }',
          "  - { metric: p99Ms, max: 1, where: { cluster.placement: ring } }",
          '  - { metric: missRatio, increase: "1%", decrease: 0.01 }',
        ].join("\n"),
      ),
      "s.yaml",
    );
    const rules = rulesOfSection(s.gates);
    expect(rules.map((r) => r.text)).toEqual([
      "missRatio +0.5%",
      "timing.requestsPerSec -5%",
      "cluster.placement=ring p99Ms <= 1",
      "missRatio +1%",
      "missRatio -0.01",
    ]);
    expect(rules[1].alpha).toBe(0.05);
    expect(rules[0].alpha).toBeUndefined();
    expect(rules[2].where).toEqual([{ key: "cluster.placement", value: "ring" }]);
  });

  it("no section: no rules", () => {
    const s = parseScenarioText(
      "workload: { type: synthetic, objects: 100, requests: 1000 }\ncache: { capacity: 10, eviction: lru }\n",
      "s.yaml",
    );
    expect(rulesOfSection(s.gates)).toEqual([]);
  });

  const bad = (gates: string): string => {
    try {
      parseScenarioText(scenario(gates), "s.yaml");
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error("accepted");
  };

  it("errors name the file, the entry and what was expected", () => {
    expect(bad("  - missRatio +0.5%\n  - missRatio is low")).toMatch(
      /^s\.yaml: gates\.1: 'missRatio is low': expected METRIC OP NUMBER/,
    );
    expect(bad("  - { metric: missRatio }")).toBe(
      "s.yaml: gates.0: the rule for missRatio has no bound: give max, min, increase or decrease",
    );
    expect(bad("  - { rule: 'missRatio <= 1', alpha: 0.9 }")).toMatch(/^s\.yaml: gates\.0/);
    expect(bad("  - { metric: missRatio, increase: lots }")).toMatch(/^s\.yaml: gates\.0/);
    expect(bad("  - { metric: missRatio, max: 1, colour: red }")).toMatch(/^s\.yaml: gates\.0/);
    expect(bad("  missRatio <= 1")).toMatch(/^s\.yaml: gates: /);
  });
});
