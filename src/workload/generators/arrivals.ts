// Request times for synthetic workloads, in seconds since the start, at `rate` requests per second.
// - fixed: evenly spaced, request i at i / rate (computed from i, so no rounding drift);
// - poisson: a Poisson process, i.e. independent exponential gaps with mean 1 / rate, drawn by
//   inversion (-ln(1 - U) / rate) from the workload's "arrivals" random stream; the first request
//   comes one gap after time 0.
// Times matter for TTL expiry, for hot sets that shift every so many seconds, and for anything
// that reports per-second rates.
import type { Rng } from "../../core/rng.js";

export type ArrivalKind = "poisson" | "fixed";

export class Arrivals {
  private index = 0;
  private now = 0;

  constructor(
    readonly rate: number,
    readonly kind: ArrivalKind,
    private readonly rng: Rng,
  ) {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`arrival rate must be > 0 requests/s, got ${rate}`);
  }

  fill(time: Float64Array, n: number): void {
    const rate = this.rate;
    if (this.kind === "fixed") {
      const first = this.index;
      for (let i = 0; i < n; i++) time[i] = (first + i) / rate;
      this.index = first + n;
      return;
    }
    const rng = this.rng;
    let now = this.now;
    for (let i = 0; i < n; i++) {
      now -= Math.log(1 - rng.next()) / rate;
      time[i] = now;
    }
    this.now = now;
  }
}
