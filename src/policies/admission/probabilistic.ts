// Probabilistic admission: admit a missed object with some probability, either a fixed p or,
// AdaptSize-style, e^(−size/c) so that large objects are admitted rarely.
//
// Berger, Sitaraman and Harchol-Balter, "AdaptSize: Orchestrating the Hot Object Memory Cache in a
// Content Delivery Network", USENIX NSDI 2017. AdaptSize admits an object of size s with
// probability e^(−s/c): small objects almost always, large ones seldom, and a large object that is
// requested often still gets in after a few tries. (AdaptSize also re-tunes c every few seconds
// from a Markov model of the cache; here c is a fixed parameter, so this is the admission rule
// without the tuning loop.) With mode 0 the probability is a constant p, which is the classic
// "admit with probability p" filter that keeps one-hit wonders out at the price of delaying every
// object's entry.
//
// Like AdaptSize, the decision does not depend on whether an eviction is needed: it is drawn for
// every admission check, from a generator seeded by the run's seed, so results are reproducible.
//
// Parameters: mode (0 = fixed probability p, 1 = e^(−size/c); default 0), p (0.5), c (size scale,
// in the run's unit; default 65536).
import { Rng } from "../../core/rng.js";
import type { AdmissionCtx, AdmissionPolicy, AdmissionSpec } from "./types.js";

export interface ProbabilisticParams {
  mode: number;
  p: number;
  c: number;
  [k: string]: number;
}

export class ProbabilisticAdmission implements AdmissionPolicy {
  private readonly rng: Rng;
  private readonly bySize: boolean;
  private readonly p: number;
  private readonly c: number;

  constructor(params: ProbabilisticParams, ctx: AdmissionCtx) {
    this.rng = new Rng(ctx.seed);
    this.bySize = params.mode === 1;
    this.p = params.p;
    this.c = params.c;
  }

  /** The probability of admitting an object of `size`. */
  probability(size: number): number {
    return this.bySize ? Math.exp(-size / this.c) : this.p;
  }

  admit(_id: number, size: number, _victim: number): boolean {
    return this.rng.next() < this.probability(size);
  }
}

export const probabilistic = {
  name: "probabilistic",
  summary: "Admit with probability p, or with e^(−size/c) as AdaptSize does (mode=1).",
  cite: "Berger, Sitaraman, Harchol-Balter, AdaptSize: Orchestrating the Hot Object Memory Cache in a CDN, NSDI 2017",
  defaults: { mode: 0, p: 0.5, c: 65536 } as ProbabilisticParams,
  params: {
    mode: { description: "0 = fixed probability p, 1 = e^(−size/c)", min: 0, max: 1, integer: true },
    p: { description: "Admission probability in mode 0", min: 0, max: 1 },
    c: { description: "Size scale of e^(−size/c) in mode 1, in the run's unit", min: 1e-9, max: 1e18 },
  },
  create: (p, ctx) => new ProbabilisticAdmission(p, ctx),
} satisfies AdmissionSpec;
