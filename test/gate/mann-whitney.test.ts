// The Mann–Whitney U test, worked by hand: U counts the pairs (x, y) with x > y (ties ½), its
// variance carries the tie correction, and the one-sided p-value is the normal tail with a
// continuity correction.
import { describe, expect, it } from "vitest";
import { mannWhitneyGreater, minimumPValue, normalCdf } from "../../src/gate/mann-whitney.js";

describe("mannWhitneyGreater", () => {
  it("U is the count of pairs with x > y", () => {
    // x = 9, 12, 15 above every y = 1, 4, 8: all 9 pairs
    expect(mannWhitneyGreater([9, 12, 15], [1, 4, 8]).u).toBe(9);
    expect(mannWhitneyGreater([1, 4, 8], [9, 12, 15]).u).toBe(0);
    // x = 5, 10 against y = 1, 7, 12: 5 > 1; 10 > 1, 7 → 3 pairs
    expect(mannWhitneyGreater([5, 10], [1, 7, 12]).u).toBe(3);
  });

  it("a tie counts ½ and shrinks the variance", () => {
    // x = 2, 3 vs y = 1, 2: pairs (2,1) 1, (2,2) ½, (3,1) 1, (3,2) 1 → 3.5
    const t = mannWhitneyGreater([2, 3], [1, 2]);
    expect(t.u).toBe(3.5);
    // N = 4, one tie group of 2: Σ(t³−t) = 6; σ² = 2·2/12 · (5 − 6/12) = 1.5
    expect(t.z).toBeCloseTo((3.5 - 0.5 - 2) / Math.sqrt(1.5), 12);
  });

  it("the p-value: continuity-corrected normal tail, by hand", () => {
    // m = n = 5, every x above every y: U = 25, mean 12.5, σ² = 25·11/12
    const t = mannWhitneyGreater([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
    const z = (25 - 0.5 - 12.5) / Math.sqrt((25 * 11) / 12);
    expect(t.z).toBeCloseTo(z, 12);
    expect(t.p).toBeCloseTo(1 - normalCdf(z), 9);
    // z = 2.5067 → p = 0.0061 (standard normal table)
    expect(t.p).toBeCloseTo(0.0061, 4);
    expect(minimumPValue(5, 5)).toBeCloseTo(t.p, 12);
  });

  it("equal samples give no evidence; identical values give p = 1", () => {
    expect(mannWhitneyGreater([1, 2, 3], [1, 2, 3]).p).toBeGreaterThan(0.5);
    expect(mannWhitneyGreater([4, 4, 4], [4, 4, 4]).p).toBe(1);
  });

  it("normalCdf matches table values", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-2.326)).toBeCloseTo(0.01, 4);
  });

  it("the smallest p-value of m against n samples", () => {
    // one sample a side can never show anything at 1 %
    expect(minimumPValue(1, 1)).toBeGreaterThan(0.3);
    expect(minimumPValue(4, 4)).toBeGreaterThan(0.01);
    expect(minimumPValue(5, 5)).toBeLessThan(0.01);
    expect(minimumPValue(10, 10)).toBeLessThan(1e-4);
  });
});
