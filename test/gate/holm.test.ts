// Holm's step-down procedure, worked by hand.
import { describe, expect, it } from "vitest";
import { holm } from "../../src/gate/holm.js";

describe("holm", () => {
  it("one hypothesis: the plain test at α", () => {
    expect(holm([0.009], 0.01)).toEqual([{ rejected: true, threshold: 0.01 }]);
    expect(holm([0.01], 0.01)).toEqual([{ rejected: false, threshold: 0.01 }]);
  });

  it("steps down: α/4, α/3, α/2, α; stops at the first it keeps", () => {
    // α = 0.04: sorted 0.001 < 0.01 ✓, 0.012 < 0.0133 ✓, 0.03 ≥ 0.02 ✗ → stop; 0.035 kept
    const d = holm([0.03, 0.001, 0.035, 0.012], 0.04);
    expect(d.map((x) => x.rejected)).toEqual([false, true, false, true]);
    expect(d[1].threshold).toBeCloseTo(0.01, 15);
    expect(d[3].threshold).toBeCloseTo(0.04 / 3, 15);
    expect(d[0].threshold).toBeCloseTo(0.02, 15);
    expect(d[2].threshold).toBeCloseTo(0.04, 15);
  });

  it("keeps everything after a kept one, even below α", () => {
    // α = 0.05, k = 2: 0.03 ≥ 0.025 → stop; 0.04 < 0.05 but kept
    expect(holm([0.04, 0.03], 0.05).map((x) => x.rejected)).toEqual([false, false]);
  });

  it("rejects at least what Bonferroni rejects", () => {
    const ps = [0.0001, 0.002, 0.004, 0.2, 0.011, 0.0024];
    const h = holm(ps, 0.05);
    ps.forEach((p, i) => {
      if (p < 0.05 / ps.length) expect(h[i].rejected).toBe(true);
    });
  });
});
