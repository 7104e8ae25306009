// Shifting hotspot: a hotspot whose hot set moves. Within a period it behaves exactly like the
// hotspot generator (hotRequestFraction of the requests go uniformly to hot = hotFraction · n
// objects, the rest uniformly to the others); at every period boundary the hot set slides along
// the rank space by `shift` objects, wrapping around at n. A shift equal to the hot set's size (the
// default) makes consecutive hot sets disjoint: yesterday's hot data turns cold all at once, which
// is what separates policies that adapt (recency, aging frequency) from ones that keep stale
// popularity (plain LFU). A smaller shift gives a gradual drift.
//
// The period is counted either in requests of this key process (one-hit wonders are drawn outside
// it, so they do not count) or in seconds of request time (the generator fills times first). Phase
// p covers ranks [p·shift, p·shift + hot) mod n; ranks become ids through the seeded Scatter
// bijection unless `scatter` is off, in which case the hot set is a contiguous id window.
import { z } from "zod";
import type { Rng } from "../../core/rng.js";
import { hotCount, hotSetFields } from "./hotspot.js";
import { type KeyProcess, keyDist } from "./keys.js";
import { Scatter } from "./scatter.js";
import { fraction, type Period, period } from "./schema-fields.js";

export const shiftingHotspotDist = keyDist({
  summary: "a hotspot whose hot set moves every so many requests or seconds",
  schema: z.strictObject({
    dist: z.literal("shifting-hotspot"),
    ...hotSetFields,
    /** How often the hot set moves: a number of requests, or a duration such as "30s". */
    every: period,
    /** How far it moves each time, as a share of the objects; default: hotFraction (disjoint sets). */
    shift: fraction().optional(),
  }),
  create: (p, { objects, seed, rng }) => {
    const shift = p.shift === undefined ? hotCount(objects, p.hotFraction) : Math.round(p.shift * objects);
    return new ShiftingHotspotKeys(objects, p.hotFraction, p.hotRequestFraction, p.every, shift, p.scatter, seed, rng);
  },
});

/** (a · b) mod n without losing precision, for a, b < 2^31 and n ≤ 2^31. */
function mulMod(a: number, b: number, n: number): number {
  const hi = Math.floor(b / 65536);
  const lo = b % 65536;
  return (((((a * hi) % n) * 65536) % n) + ((a * lo) % n)) % n;
}

export class ShiftingHotspotKeys implements KeyProcess {
  readonly hot: number;
  /** How far (in ranks) the hot set moves per period. */
  readonly shift: number;
  private readonly scatter: Scatter | null;
  private readonly p: number;
  private readonly byRequests: boolean;
  private readonly period: number;
  /** Requests drawn so far (for periods in requests). */
  private index = 0;
  /** The current phase and the first rank of its hot set. */
  private phase = 0;
  private start = 0;

  constructor(
    readonly range: number,
    hotFraction: number,
    hotRequestFraction: number,
    period: Period,
    shift: number,
    scatter: boolean,
    seed: number,
    private readonly rng: Rng,
  ) {
    this.hot = hotCount(range, hotFraction);
    this.shift = Math.floor(shift) % range;
    this.p = this.hot === range ? 1 : hotRequestFraction;
    this.scatter = scatter ? new Scatter(range, seed) : null;
    this.byRequests = "requests" in period;
    this.period = "requests" in period ? period.requests : period.seconds;
    if (!(this.period > 0)) throw new RangeError(`shifting hotspot needs a period > 0, got ${this.period}`);
  }

  /** The first rank of the hot set in phase `phase`. */
  startOf(phase: number): number {
    return mulMod(phase % this.range, this.shift, this.range);
  }

  fill(key: Uint32Array, time: Float64Array, from: number, to: number): void {
    const rng = this.rng;
    const scatter = this.scatter;
    const n = this.range;
    const hot = this.hot;
    const cold = n - hot;
    const p = this.p;
    const period = this.period;
    const byRequests = this.byRequests;
    let index = this.index;
    let phase = this.phase;
    let start = this.start;
    for (let i = from; i < to; i++) {
      const now = Math.floor(byRequests ? index / period : time[i] / period);
      if (now !== phase) {
        phase = now;
        start = this.startOf(phase);
      }
      index++;
      const u = rng.next();
      const offset =
        u < p
          ? Math.min(hot - 1, Math.floor((u / p) * hot))
          : hot + Math.min(cold - 1, Math.floor(((u - p) / (1 - p)) * cold));
      let r = start + offset;
      if (r >= n) r -= n;
      key[i] = scatter === null ? r : scatter.map(r);
    }
    this.index = index;
    this.phase = phase;
    this.start = start;
  }
}
