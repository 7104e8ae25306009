// Hotspot: a fixed share of the requests (hotRequestFraction, e.g. 0.8) goes to a fixed share of
// the objects (hotFraction, e.g. 0.2), uniformly within the hot set; the other requests go
// uniformly to the remaining, cold objects. The "80/20" workload of YCSB's hotspot generator
// (Cooper et al., "Benchmarking cloud serving systems with YCSB", SoCC 2010).
//
// The hot set is the first round(hotFraction · n) popularity ranks (at least one object). With
// `scatter` (the default) ranks are spread over the id range by the seeded Scatter bijection;
// without it the hot objects are ids 0..hot-1. One 53-bit draw per request decides both the set
// and the object within it (the draw, conditioned on its side of the threshold, is still uniform).
import { z } from "zod";
import type { Rng } from "../../core/rng.js";
import { type KeyProcess, keyDist } from "./keys.js";
import { Scatter } from "./scatter.js";
import { fraction } from "./schema-fields.js";

/** The parameters of a hot set (shared with the shifting hotspot). */
export const hotSetFields = {
  /** Share of the objects that are hot. */
  hotFraction: z.number().gt(0).max(1).default(0.2),
  /** Share of the requests that go to the hot objects. */
  hotRequestFraction: fraction().default(0.8),
  /** Spread popularity ranks over the id range (seeded bijection) instead of a contiguous id window. */
  scatter: z.boolean().default(true),
};

export const hotspotDist = keyDist({
  summary: "a fixed share of the requests goes to a fixed share of the objects (YCSB's 80/20)",
  schema: z.strictObject({ dist: z.literal("hotspot"), ...hotSetFields }),
  create: (p, { objects, seed, rng }) =>
    new HotspotKeys(objects, p.hotFraction, p.hotRequestFraction, p.scatter, seed, rng),
});

/** The number of hot objects for a share of n: rounded, at least 1, at most n. */
export function hotCount(n: number, hotFraction: number): number {
  return Math.min(n, Math.max(1, Math.round(hotFraction * n)));
}

export class HotspotKeys implements KeyProcess {
  readonly hot: number;
  private readonly scatter: Scatter | null;
  /** Share of requests that go to the hot set (1 when there is no cold set). */
  private readonly p: number;

  constructor(
    readonly range: number,
    hotFraction: number,
    hotRequestFraction: number,
    scatter: boolean,
    seed: number,
    private readonly rng: Rng,
  ) {
    this.hot = hotCount(range, hotFraction);
    this.p = this.hot === range ? 1 : hotRequestFraction;
    this.scatter = scatter ? new Scatter(range, seed) : null;
  }

  fill(key: Uint32Array, _time: Float64Array, from: number, to: number): void {
    const rng = this.rng;
    const scatter = this.scatter;
    const hot = this.hot;
    const cold = this.range - hot;
    const p = this.p;
    for (let i = from; i < to; i++) {
      const u = rng.next();
      // Math.min: a quotient can round up to 1.0 next to the threshold
      const r =
        u < p
          ? Math.min(hot - 1, Math.floor((u / p) * hot))
          : hot + Math.min(cold - 1, Math.floor(((u - p) / (1 - p)) * cold));
      key[i] = scatter === null ? r : scatter.map(r);
    }
  }
}
