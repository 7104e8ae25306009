// The Mann–Whitney U test (Wilcoxon rank-sum test), one-sided: does sample X tend to be larger than
// sample Y? The gate's test for noisy metrics (throughput, live latency), docs/gate.md.
//
// Source: H. B. Mann and D. R. Whitney, "On a Test of Whether One of Two Random Variables is
// Stochastically Larger than the Other", Annals of Mathematical Statistics 18(1), 1947; the normal
// approximation with the tie correction of the variance and a continuity correction as in
// E. L. Lehmann, "Nonparametrics: Statistical Methods Based on Ranks" (1975), ch. 1.
//
// Pool the m + n values and rank them (ties get their average rank); W is the rank sum of X
// (simple-statistics' wilcoxonRankSum) and U = W − m(m+1)/2 counts the pairs (x, y) with x > y (a tie
// counts ½). Under H0 (both samples come from one distribution) U has mean mn/2 and variance
// mn/12 · ((N+1) − Σ(t³ − t) / (N(N−1))), N = m + n, t the size of each group of tied values. The
// one-sided p-value is P(U ≥ u) ≈ Φ(−(u − ½ − mn/2) / σ); Φ is the normal CDF from
// simple-statistics' errorFunction (absolute error < 1.2e-7; its cumulativeStdNormalProbability
// is a table with steps of 0.01 in z, too coarse near the 1 % tail).
//
// Why this test for the gate: it compares ranks, so one disturbed run (a GC pause, a noisy
// neighbour: the outliers throughput samples have) moves the statistic by at most one rank, where
// it would inflate a t-test's variance or shift its mean; it assumes no distribution, and it needs
// no random permutations, so the same samples always give the same verdict. Its efficiency against
// the t-test on normal data is 3/π ≈ 0.955. With 10 samples a side and noise of 3 % (coefficient of
// variation), α = 0.01 catches a 5 % shift about 83 % of the time (docs/gate.md has the table).
//
// Parameters: the two samples (at least one value each); nothing else. `minimumPValue(m, n)` is the
// smallest p-value m against n samples can give: a gate refuses an α below it (it could never fail).
import { errorFunction, wilcoxonRankSum } from "simple-statistics";

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

export interface UTest {
  /** Pairs (x, y) with x > y, ties counting ½. */
  u: number;
  /** Normal deviate of u under H0 (continuity-corrected). */
  z: number;
  /** One-sided p-value: the chance of a U this large if X and Y come from one distribution. */
  p: number;
}

/** One-sided test of H1 "X tends to be larger than Y". Throws if either sample is empty. */
export function mannWhitneyGreater(x: readonly number[], y: readonly number[]): UTest {
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) throw new Error("mannWhitneyGreater: each sample needs at least one value");
  const u = wilcoxonRankSum(x as number[], y as number[]) - (m * (m + 1)) / 2;
  const sd = Math.sqrt(((m * n) / 12) * (m + n + 1 - tieTerm([...x, ...y]) / ((m + n) * (m + n - 1))));
  if (sd === 0) return { u, z: 0, p: 1 }; // every value equal: no evidence either way
  const z = (u - 0.5 - (m * n) / 2) / sd;
  return { u, z, p: normalCdf(-z) };
}

/** Σ(t³ − t) over the groups of tied values. */
function tieTerm(values: number[]): number {
  values.sort((a, b) => a - b);
  let sum = 0;
  for (let i = 0; i < values.length; ) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i]) j++;
    const t = j - i;
    sum += t * t * t - t;
    i = j;
  }
  return sum;
}

/** The smallest one-sided p-value m against n distinct samples can give (every x above every y). */
export function minimumPValue(m: number, n: number): number {
  if (m === 0 || n === 0) return 1;
  const sd = Math.sqrt((m * n * (m + n + 1)) / 12);
  return normalCdf(-(m * n - 0.5 - (m * n) / 2) / sd);
}
