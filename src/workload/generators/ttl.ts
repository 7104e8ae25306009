// Time-to-live per request, in whole seconds, into the batch's ttl column (0 = no TTL). The
// simulator applies a request's TTL when the request inserts the object (a miss) or rewrites it (a
// SET), so the distribution below is that of TTLs chosen by writers, drawn independently for every
// request from the workload's "ttl" random stream.
// - none: no ttl column at all (the engine takes its no-TTL fast path);
// - fixed: the same TTL on every request;
// - uniform: whole seconds uniform on [min, max];
// - exponential: rounded exp(mean) draws, at least 1 s (0 would mean "none").
import type { Rng } from "../../core/rng.js";

export type TtlDist =
  | { dist: "none" }
  | { dist: "fixed"; value: number }
  | { dist: "uniform"; min: number; max: number }
  | { dist: "exponential"; mean: number };

const MAX_TTL = 2 ** 32 - 1;

export class TtlModel {
  constructor(
    readonly spec: TtlDist,
    private readonly rng: Rng,
  ) {
    const bad = (what: string) => new RangeError(`ttl ${what}`);
    switch (spec.dist) {
      case "none":
        break;
      case "fixed":
        if (!(spec.value >= 1 && spec.value <= MAX_TTL)) throw bad(`value ${spec.value} outside 1..${MAX_TTL} s`);
        break;
      case "uniform":
        if (!(spec.min >= 1 && spec.min <= spec.max && spec.max <= MAX_TTL)) {
          throw bad(`range ${spec.min}..${spec.max} must satisfy 1 ≤ min ≤ max ≤ ${MAX_TTL} s`);
        }
        break;
      case "exponential":
        if (!(spec.mean > 0)) throw bad(`mean ${spec.mean} must be > 0 s`);
        break;
    }
  }

  /** Whether requests carry a TTL at all. */
  get enabled(): boolean {
    return this.spec.dist !== "none";
  }

  fill(ttl: Uint32Array, n: number): void {
    const spec = this.spec;
    switch (spec.dist) {
      case "none":
        ttl.fill(0, 0, n);
        return;
      case "fixed":
        ttl.fill(Math.round(spec.value), 0, n);
        return;
      case "uniform":
        this.uniform(ttl, n, Math.round(spec.min), Math.round(spec.max));
        return;
      case "exponential":
        this.exponential(ttl, n, spec.mean);
        return;
    }
  }

  private uniform(ttl: Uint32Array, n: number, min: number, max: number): void {
    const rng = this.rng;
    const span = max - min + 1;
    for (let i = 0; i < n; i++) ttl[i] = min + Math.floor(rng.next() * span);
  }

  private exponential(ttl: Uint32Array, n: number, mean: number): void {
    const rng = this.rng;
    for (let i = 0; i < n; i++) {
      const t = Math.floor(0.5 - mean * Math.log(1 - rng.next())); // rounded (the draw is ≥ 0)
      ttl[i] = t < 1 ? 1 : Math.min(t, MAX_TTL);
    }
  }
}
