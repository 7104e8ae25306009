// Properties of the gate's pieces on random inputs (fast-check):
// - a result gated against itself passes +0% and -0% on every numeric field of its rows;
// - a relative rule's verdict is exactly "current within baseline ± |baseline|·X/100" (or ± X);
// - U(x, y) + U(y, x) = m·n, and a p-value is a probability;
// - Holm rejects a prefix of the sorted p-values, each below α, and at least what Bonferroni does.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/gate/evaluate.js";
import { holm } from "../../src/gate/holm.js";
import { mannWhitneyGreater } from "../../src/gate/mann-whitney.js";
import { numericPaths, type Row } from "../../src/gate/rows.js";
import { sideOf } from "../../src/gate/side.js";
import { parseResult } from "../../src/report/read.js";
import { parseRule } from "../../src/scenario/gates.js";
import { result, row } from "./helpers.js";

const side = (role: "baseline" | "current", r: unknown) => sideOf(role, [parseResult(r, role)], [role]);

describe("gate properties", () => {
  it("an unchanged result passes +0% and -0% on every numeric field", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 4 }), (misses) => {
        const r = result(misses.map((m, i) => row("lru", String(10 * (i + 1)), m)));
        const paths = numericPaths(r.results[0] as unknown as Row).filter((p) => !p.startsWith("timing."));
        const rules = paths.flatMap((p) => [parseRule(`${p} +0%`), parseRule(`${p} -0%`), parseRule(`${p} +0`)]);
        const o = evaluate(rules, side("current", r), side("baseline", r));
        expect(o.failed).toBe(0);
        expect(o.checks).toHaveLength(rules.length * misses.length);
      }),
      { numRuns: 20 },
    );
  });

  it("a relative rule passes exactly when the value is within the limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 200 }),
        fc.boolean(),
        fc.constantFrom("+", "-"),
        (b, v, x, percent, dir) => {
          const amount = percent ? x / 10 : x / 1000;
          const rule = parseRule(`missRatio ${dir}${amount}${percent ? "%" : ""}`);
          const o = evaluate(
            [rule],
            side("current", result([row("lru", "10", v)])),
            side("baseline", result([row("lru", "10", b)])),
          );
          const base = b / 1000;
          const change = percent ? (Math.abs(base) * amount) / 100 : amount;
          const within = dir === "+" ? v / 1000 <= base + change : v / 1000 >= base - change;
          expect(o.passed).toBe(within);
          expect(o.checks[0].value).toBe(v / 1000);
          expect(o.checks[0].baseline).toBe(base);
        },
      ),
      { numRuns: 300 },
    );
  });

  const sample = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 15 });

  it("U(x, y) + U(y, x) = m·n; p in [0, 1]", () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const a = mannWhitneyGreater(x, y);
        const b = mannWhitneyGreater(y, x);
        expect(a.u + b.u).toBe(x.length * y.length);
        for (const p of [a.p, b.p]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("Holm rejects a prefix of the sorted p-values, each below α, and everything Bonferroni rejects", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0.001, max: 0.2, noNaN: true }),
        (ps, alpha) => {
          const d = holm(ps, alpha);
          const sorted = ps.map((p, i) => ({ p, r: d[i].rejected })).sort((a, b) => a.p - b.p);
          const firstKept = sorted.findIndex((s) => !s.r);
          if (firstKept >= 0)
            expect(sorted.slice(firstKept).every((s) => !s.r || s.p === sorted[firstKept].p)).toBe(true);
          ps.forEach((p, i) => {
            if (d[i].rejected) expect(p).toBeLessThan(alpha);
            if (p < alpha / ps.length) expect(d[i].rejected).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
