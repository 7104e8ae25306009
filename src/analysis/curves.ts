// Builds the miss-ratio curves `cachelab mrc` and `cachelab plan` show: LRU from one stack-distance
// pass (exact, or SHARDS when a sampling rate or size is given), every other policy by simulating
// a grid of sizes at once (on the full trace, or a miniature one), all on the same sizes.
import { InputError } from "../core/errors.js";
import { type CapacitySpec, resolveCapacity } from "../scenario/capacity.js";
import type { SimulateRequest } from "../sim/simulate.js";
import type { Curve } from "./curve.js";
import { exactLruCurve, type LruCurve } from "./lru-curve.js";
import { policyCurves } from "./policy-curve.js";
import { shardsLruCurve } from "./shards.js";

export interface CurvesOptions {
  /** Capacities as the user wrote them; default: the grid. */
  capacities?: CapacitySpec[];
  /** SHARDS fixed-rate sampling for LRU (and the rate of miniature simulation). */
  shardsRate?: number;
  /** SHARDS fixed-size sampling for LRU: the most objects kept. */
  shardsSize?: number;
  /** Simulate the other policies on a sample of the trace (rate: shardsRate, default 0.01). */
  miniature?: boolean;
  /** Sizes simulated for the other policies when none are given (spread over the LRU grid). */
  points?: number;
  /** Keep LRU's per-request needs (exact minimum capacities). */
  keepNeeds?: boolean;
  threads?: number;
}

export interface CurvesResult {
  /** The exact LRU pass (run unless LRU is sampled with SHARDS): the working set, the floor and the grid. */
  lru?: LruCurve;
  /** The pass the header facts come from: the exact one, or the SHARDS one (floor estimated). */
  base: Curve;
  curves: Curve[];
}

/** Warm-up in requests; a share needs the request count up front. */
export function warmupOf(req: SimulateRequest): number {
  if ("requests" in req.warmup) return req.warmup.requests;
  if (req.warmup.fraction <= 0) return 0;
  if (!req.workload.expectedRequests) {
    throw new InputError("a warm-up given as a share needs the request count up front; give it as a count of requests");
  }
  return Math.floor(req.workload.expectedRequests * req.warmup.fraction);
}

/** Picks about `n` capacities spread evenly (in log) over a curve's points, the last included. */
export function spread(caps: readonly number[], n: number): number[] {
  if (caps.length <= n) return [...caps];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(caps[Math.round((i * (caps.length - 1)) / (n - 1))]);
  return [...new Set(out)];
}

export async function buildCurves(req: SimulateRequest, o: CurvesOptions = {}): Promise<CurvesResult> {
  const open = () => req.workload.open();
  const fixed = o.capacities?.filter((c) => c.amount !== undefined).map((c) => c.amount!) ?? [];
  const shares = o.capacities?.some((c) => c.fraction !== undefined) ?? false;
  const warmup = warmupOf(req);
  const sampled = o.shardsRate !== undefined || o.shardsSize !== undefined;
  const wantsLru = req.evictions.some((e) => e.name === "lru" && !e.module && Object.keys(e.params).length === 0);
  const others = req.evictions.filter((e) => !(e.name === "lru" && !e.module && Object.keys(e.params).length === 0));
  const shards = (capacities?: number[]) =>
    shardsLruCurve(open, {
      unit: req.unit,
      rate: o.shardsRate,
      maxObjects: o.shardsSize,
      capacities,
      warmup,
      seed: req.seed,
    });
  if (sampled && wantsLru && !o.keepNeeds) {
    // SHARDS alone: no exact pass (that is the point of sampling)
    let base = shards(o.capacities && !shares ? fixed : undefined);
    let caps = base.points.map((p) => p.capacity);
    if (o.capacities) {
      caps = [
        ...new Set(o.capacities.map((c) => resolveCapacity(c, req.unit, base.objects, base.workingSetBytes))),
      ].sort((a, b) => a - b);
      if (shares) base = shards(caps);
    }
    const curves: Curve[] = [base];
    if (others.length > 0) {
      curves.push(
        ...(await policyCurves(
          { ...req, evictions: others, warmup: { requests: warmup } },
          {
            capacities: o.capacities ? caps : spread(caps, o.points ?? 16),
            rate: o.miniature ? (o.shardsRate ?? 0.01) : undefined,
            seed: req.seed,
            threads: o.threads,
            floor: base,
          },
        )),
      );
    }
    return { base, curves };
  }
  // shares of the working set are resolved after a first pass tells the working set
  // shares of the working set are resolved after a first pass tells the working set
  let lru = exactLruCurve(open, {
    unit: req.unit,
    capacities: o.capacities && !shares ? fixed : undefined,
    warmup,
    keepNeeds: o.keepNeeds,
  });
  if (warmup > 0 && lru.requests === 0) {
    throw new InputError(`the warm-up (${warmup} requests) is not shorter than the workload`);
  }
  let caps: number[];
  if (o.capacities) {
    caps = o.capacities.map((c) => resolveCapacity(c, req.unit, lru.objects, lru.workingSetBytes));
    caps = [...new Set(caps)].sort((a, b) => a - b);
    if (shares) lru = exactLruCurve(open, { unit: req.unit, capacities: caps, warmup, keepNeeds: o.keepNeeds });
  } else caps = lru.points.map((p) => p.capacity);
  const curves: Curve[] = [];
  if (wantsLru) curves.push(sampled ? shards(o.capacities ? caps : undefined) : lru);
  if (others.length > 0) {
    const grid = o.capacities ? caps : spread(caps, o.points ?? 16);
    const sim = await policyCurves(
      { ...req, evictions: others, warmup: { requests: warmup } },
      {
        capacities: grid,
        rate: o.miniature ? (o.shardsRate ?? 0.01) : undefined,
        seed: req.seed,
        threads: o.threads,
        floor: lru,
      },
    );
    curves.push(...sim);
  }
  return { lru, base: lru, curves };
}
