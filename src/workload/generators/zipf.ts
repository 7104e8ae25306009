// Zipf(alpha) popularity over n objects: the object of popularity rank k (1 = hottest) is requested
// with probability k^-alpha / H(n, alpha), where H(n, alpha) = Σ_{i=1..n} i^-alpha. alpha = 0 is
// uniform; web and CDN traces typically measure alpha between 0.6 and 1.2.
//
// Sampling is exact and takes O(1) memory and expected O(1) time for any alpha ≥ 0 and any n, by
// rejection-inversion: W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates
// from monotone discrete distributions", ACM Transactions on Modeling and Computer Simulation
// 6(3):169–184, 1996. The idea: the continuous "hat" h(x) = x^-alpha lies above the step function
// of the pmf once each step is centred on its integer, so drawing x by inverting the hat's integral
// H and rounding to k = round(x) lands on k with probability at least p(k); a cheap comparison
// accepts most draws outright (k - x ≤ s), the rest are accepted only when u ≥ H(k + ½) - h(k),
// which trims each step to exactly its pmf. No harmonic number, table or alias structure is built,
// so n = 10^8 costs the same as n = 100.
//
// The paper writes H(x) = x^(1-alpha) / (1-alpha), undefined at alpha = 1. As Apache Commons RNG
// does, we shift it to H(x) = (x^(1-alpha) - 1) / (1-alpha), which tends to log x as alpha → 1
// (used exactly at alpha = 1), and evaluate it and its inverse through expm1 and log1p, which stay
// accurate when (1-alpha)·log x is tiny, so alphas next to 1 lose no precision either.
//
// At alpha = 0 the key process skips the method and draws a uniform id directly (same
// distribution, several times cheaper). Ranks become ids either directly (rank k → id k-1, so id 0
// is the hottest) or through a seeded Scatter bijection (the default), which spreads the hot
// objects over the whole id range.
import { z } from "zod";
import type { Rng } from "../../core/rng.js";
import { type KeyProcess, keyDist } from "./keys.js";
import { Scatter } from "./scatter.js";

export const zipfDist = keyDist({
  summary: "Zipf(alpha) popularity: rank k requested in proportion to k^-alpha",
  schema: z.strictObject({
    dist: z.literal("zipf"),
    /** Skew: 0 = uniform, ~0.6–1.2 for web and CDN traffic. */
    alpha: z.number().min(0).default(1),
    /** Spread popularity ranks over the id range (seeded bijection) instead of rank k → id k-1. */
    scatter: z.boolean().default(true),
  }),
  create: (p, { objects, seed, rng }) => new ZipfKeys(objects, p.alpha, p.scatter, seed, rng),
});

/** The Zipf(alpha) distribution on ranks 1..n, sampled by rejection-inversion. */
export class Zipf {
  /** 1 - alpha, and its inverse (0 when alpha = 1, where H is log). */
  private readonly oneMinusAlpha: number;
  private readonly inverse: number;
  private readonly nearOne: boolean;
  /** H(1.5) - h(1): the lower end of the uniform draw. */
  private readonly hLow: number;
  /** H(n + 0.5): the upper end. */
  private readonly hHigh: number;
  /** Draws with k - x ≤ s are accepted without evaluating H. */
  private readonly s: number;

  constructor(
    readonly n: number,
    readonly alpha: number,
  ) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipf needs a whole number of objects ≥ 1, got ${n}`);
    if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new RangeError(`zipf needs alpha ≥ 0, got ${alpha}`);
    this.oneMinusAlpha = 1 - alpha;
    this.inverse = alpha === 1 ? 0 : 1 / (1 - alpha);
    this.nearOne = Math.abs(1 - alpha) < 0.05;
    this.hLow = this.hIntegral(1.5) - 1;
    this.hHigh = this.hIntegral(n + 0.5);
    this.s = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  /** The hat function x^-alpha. */
  h(x: number): number {
    return Math.exp(-this.alpha * Math.log(x));
  }

  /** H(x) = (x^(1-alpha) - 1) / (1-alpha), and log x at alpha = 1. */
  hIntegral(x: number): number {
    const logX = Math.log(x);
    return this.inverse === 0 ? logX : Math.expm1(this.oneMinusAlpha * logX) * this.inverse;
  }

  /** The inverse of H: (1 + (1-alpha) y)^(1/(1-alpha)), and e^y at alpha = 1. */
  hIntegralInverse(y: number): number {
    if (this.inverse === 0) return Math.exp(y);
    let t = y * this.oneMinusAlpha;
    if (t < -1) t = -1; // guards rounding at the far end of the range
    // log1p keeps full precision when (1-alpha) is tiny; elsewhere log(1 + t) is as accurate for
    // x (its error is scaled by 1/(1-alpha) ≤ 20, so x is off by < 3e-15 relatively) and faster.
    return Math.exp((this.nearOne ? Math.log1p(t) : Math.log(1 + t)) * this.inverse);
  }

  /** A rank in [1, n]. Consumes two or more 32-bit draws of `rng`. */
  sample(rng: Rng): number {
    const n = this.n;
    const hLow = this.hLow;
    const hHigh = this.hHigh;
    const s = this.s;
    for (;;) {
      const u = hHigh + rng.next() * (hLow - hHigh); // uniform in (hLow, hHigh]
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > n) k = n;
      if (k - x <= s || u >= this.hIntegral(k + 0.5) - this.h(k)) return k;
    }
  }

  /** The exact probability of rank k (O(n): for tests and small n only). */
  static pmf(n: number, alpha: number): Float64Array {
    const p = new Float64Array(n + 1);
    let sum = 0;
    for (let k = n; k >= 1; k--) sum += p[k] = k ** -alpha;
    for (let k = 1; k <= n; k++) p[k] /= sum;
    return p;
  }
}

/** Zipf-distributed ids over [0, n): rank k → id k-1, or scattered (see Scatter). */
export class ZipfKeys implements KeyProcess {
  private readonly zipf: Zipf;
  private readonly scatter: Scatter | null;

  constructor(
    readonly range: number,
    alpha: number,
    scatter: boolean,
    seed: number,
    private readonly rng: Rng,
  ) {
    this.zipf = new Zipf(range, alpha);
    this.scatter = scatter ? new Scatter(range, seed) : null;
  }

  fill(key: Uint32Array, _time: Float64Array, from: number, to: number): void {
    const zipf = this.zipf;
    const rng = this.rng;
    const scatter = this.scatter;
    if (zipf.alpha === 0) {
      // Zipf(0) is uniform: one draw per request, no transcendental functions
      const n = this.range;
      for (let i = from; i < to; i++) key[i] = Math.floor(rng.next() * n);
    } else if (scatter === null) {
      for (let i = from; i < to; i++) key[i] = zipf.sample(rng) - 1;
    } else {
      for (let i = from; i < to; i++) key[i] = scatter.map(zipf.sample(rng) - 1);
    }
  }
}
