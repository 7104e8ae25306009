// The bench's live view from hand-made progress reports: the last-second numbers are differences of
// two consecutive reports (worked out in the comments), the bar and percentage follow the planned
// time, the warm-up is marked, and ink draws the same lines.
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import type { Progress } from "../../src/bench/driver.js";
import {
  BenchProgressView,
  bar,
  benchProgressLines,
  foldProgress,
  initialBenchProgress,
} from "../../src/ui/bench-progress.js";

const plan = {
  target: "local cluster of 3 nodes (ring)",
  requests: 40_001,
  warmupS: 2,
  plannedS: 8,
  load: "open loop 5,000/s",
};
const report = (p: Partial<Progress> & { elapsedS: number; completed: number }): Progress => ({
  hits: 0,
  misses: 0,
  errors: 0,
  p99Ms: null,
  windowP99Ms: null,
  ...p,
});

describe("bench progress view", () => {
  it("bar: cells rounded, clamped", () => {
    expect(bar(0.125, 28)).toBe(`${"█".repeat(4)}${"░".repeat(24)}`); // 3.5 → 4
    expect(bar(1.5, 4)).toBe("████");
    expect(bar(0, 3)).toBe("░░░");
  });

  it("before, during and after the warm-up, with the last interval's numbers", () => {
    let s = initialBenchProgress(plan);
    expect(benchProgressLines(s)).toEqual([
      "bench → local cluster of 3 nodes (ring) · open loop 5,000/s · 40,001 requests",
      "  connecting…",
    ]);
    // 1 s: still warming up, nothing measured
    s = foldProgress(s, report({ elapsedS: 1, completed: 1000 }));
    expect(s.window).toBeNull();
    expect(benchProgressLines(s).slice(1)).toEqual([
      `  1.0 s / 8.0 s  ${bar(0.125, 28)} 12% · warm-up (2 s, not counted)`,
      "  requests   1,000 done of 40,001 · 1,000/s",
      "  hit ratio  – measured",
      "  errors     0",
      "  p99        – measured · – last window",
    ]);
    // 3 s: 8,000 more in 2 s = 4,000/s; 9,000 in 3 s = 3,000/s; 600 hits of 1,000 answered = 0.6
    s = foldProgress(s, report({ elapsedS: 3, completed: 9000, hits: 600, misses: 400, p99Ms: 1.234 }));
    expect(benchProgressLines(s).slice(1)).toEqual([
      `  3.0 s / 8.0 s  ${bar(0.375, 28)} 37%`,
      "  requests   9,000 done of 40,001 · 3,000/s · last 2.0 s 4,000/s",
      "  hit ratio  0.6000 measured · last 2.0 s 0.6000",
      "  errors     0",
      "  p99        1.23 ms measured · – last window",
    ]);
    // 4 s: hits +700, misses +700, errors +100 → last second 700 / 1,500 = 0.4667; overall 1,300 / 2,500 = 0.52
    s = foldProgress(
      s,
      report({
        elapsedS: 4,
        completed: 14_000,
        hits: 1300,
        misses: 1100,
        errors: 100,
        p99Ms: 25.25,
        windowP99Ms: 123.4,
      }),
    );
    expect(benchProgressLines(s).slice(1)).toEqual([
      `  4.0 s / 8.0 s  ${bar(0.5, 28)} 50%`,
      "  requests   14,000 done of 40,001 · 3,500/s · last 1.0 s 5,000/s",
      "  hit ratio  0.5200 measured · last 1.0 s 0.4667",
      "  errors     100",
      "  p99        25.3 ms measured · 123 ms last window",
    ]);
  });

  it("after the warm-up with nothing measured answered yet, it says why (a target behind its load)", () => {
    const s = foldProgress(initialBenchProgress(plan), report({ elapsedS: 5, completed: 9000 }));
    expect(benchProgressLines(s)[3]).toBe(
      "  hit ratio  – (no measured request answered yet: the target is behind the warm-up's requests)",
    );
  });

  it("ink draws the lines (no colour codes with colour off)", () => {
    let s = initialBenchProgress(plan);
    s = foldProgress(s, report({ elapsedS: 3, completed: 9000, hits: 600, misses: 400 }));
    const view = render(<BenchProgressView state={s} color={false} />);
    const frame = view.lastFrame() ?? "";
    for (const l of benchProgressLines(s)) expect(frame).toContain(l.trimEnd());
    expect(frame).toContain("Ctrl-C stops the run");
    expect(frame).not.toContain("\u001b[");
    view.unmount();
  });
});
