// Capacity plans: for each policy, the smallest cache that meets a target hit ratio, the nodes it
// takes, its energy, CO2e and cost per month, and the energy-optimal size (where holding more DRAM
// stops paying for the backend work its extra hits save).
//
// How each answer is found:
// - LRU: from the exact stack-distance pass: the smallest capacity at which enough requests hit is
//   the k-th smallest "need" (k = target × requests), exact where the LRU curve is exact.
// - other policies: their curve is simulated on a grid of sizes; between the last grid size that
//   misses the target and the first that meets it, 8 more sizes are simulated and the smallest that
//   meets it is the answer (miss ratios are not always monotone in size, so only simulated sizes
//   are ever given as answers).
// Every answer is a size whose simulated (or, for LRU, exact) hit ratio meets the target.
import { InputError } from "../core/errors.js";
import { type Choice, energyForRow, type RowEnergy } from "../energy/model.js";
import type { EnergyProfile } from "../energy/profile.js";
import type { SimulateRequest } from "../sim/simulate.js";
import type { Curve, CurvePoint } from "./curve.js";
import { buildCurves, warmupOf } from "./curves.js";
import { exactLruCurve, minCapacityForHits } from "./lru-curve.js";
import { policyCurves } from "./policy-curve.js";

export interface PlanOptions {
  targetHitRatio: number;
  /** Memory of one cache node, bytes. */
  nodeMemoryBytes: number;
  profile: EnergyProfile;
  choice?: Choice;
  /** Requests per second; default: the trace's own rate (requests over its time span). */
  requestRatePerS?: number;
  /** Where requestRatePerS came from (default "flag"). */
  requestRateFrom?: "flag" | "scenario" | "workload";
  vcpusPerNode?: number;
  points?: number;
  threads?: number;
}

export interface PlanRow {
  policy: string;
  /** Smallest capacity meeting the target, in the run's unit, and in bytes. */
  capacity: number;
  capacityBytes: number;
  hitRatio: number;
  /** How the hit ratio at that capacity is known. */
  basis: "exact-lru" | "simulated";
  nodes: number;
  energy: RowEnergy;
  /** The size on the curve with the least total energy per month. */
  energyOptimal: { capacity: number; capacityBytes: number; hitRatio: number; nodes: number; energy: RowEnergy };
}

export interface Plan {
  kind: "plan";
  name: string;
  unit: "objects" | "bytes";
  targetHitRatio: number;
  nodeMemoryBytes: number;
  requestRatePerS: number;
  /** Where the rate came from: --rate, the scenario's energy.rate, the synthetic workload's rate, or the trace's clock. */
  requestRateFrom: "flag" | "scenario" | "workload" | "trace";
  requests: number;
  objects: number;
  workingSetBytes: number;
  meanObjectBytes: number;
  maxObjectBytes: number;
  compulsoryMisses: number;
  /** The best hit ratio any cache can reach: 1 − compulsory misses / requests. */
  maxHitRatio: number;
  notes: string[];
  rows: PlanRow[];
  curves: Curve[];
}

function counters(p: CurvePoint, unit: "objects" | "bytes", byteRequests: number) {
  return {
    requests: p.requests,
    misses: p.misses,
    byteRequests,
    byteMisses: p.byteMisses,
    capacity: p.capacity,
    unit,
  };
}

export async function plan(req: SimulateRequest, o: PlanOptions): Promise<Plan> {
  const t = o.targetHitRatio;
  if (!(t > 0 && t < 1)) throw new InputError(`--target-hit-ratio ${t}: give a ratio between 0 and 1, e.g. 0.95`);
  const notes: string[] = [];
  const built = await buildCurves(req, { keepNeeds: true, points: o.points ?? 24, threads: o.threads });
  const curves = built.curves;
  const lru = built.lru!;
  const unit = req.unit;
  const meanObjectBytes = lru.objects ? lru.workingSetBytes / lru.objects : 0;
  const maxHit = 1 - lru.floorMissRatio;
  if (t > maxHit) {
    throw new InputError(
      `no cache size reaches a hit ratio of ${t}: even an infinite cache misses the first request of each object, ${lru.compulsoryMisses} of ${lru.requests} requests, so the best reachable hit ratio is ${maxHit.toFixed(4)} (the compulsory-miss floor)`,
    );
  }
  if (lru.maxObjectBytes > o.nodeMemoryBytes) {
    throw new InputError(
      `--node-memory ${o.nodeMemoryBytes} bytes is smaller than the largest object (${lru.maxObjectBytes} bytes): a node must hold at least one object`,
    );
  }
  let rate = o.requestRatePerS;
  let rateFrom: Plan["requestRateFrom"] = o.requestRateFrom ?? "flag";
  if (rate === undefined) {
    const span = lru.endS - lru.startS;
    if (!(span > 0))
      throw new InputError("the workload has no time span to take a request rate from; give --rate (requests/s)");
    rate = lru.requests / span;
    rateFrom = "trace";
    notes.push(
      `request rate ${rate.toFixed(1)}/s taken from the trace (requests over its ${Number(span.toPrecision(6))} s time span); set it with --rate`,
    );
  }
  if (unit === "objects") {
    notes.push(
      `capacities count objects; bytes and nodes assume the mean object size, ${Math.round(meanObjectBytes)} bytes (use --unit bytes for byte-exact plans)`,
    );
  }
  if (!lru.exact) notes.push(...lru.notes.map((n) => `lru: ${n}`));
  if (req.cluster) {
    notes.push(
      "the scenario's cluster: section (nodes, placement, replicas, near caches, events) is not modelled: each size is one cache of that total capacity; simulate the scenario at the planned capacity to see what the cluster does with it",
    );
  }
  const toBytes = (c: number) => (unit === "bytes" ? c : Math.ceil(c * meanObjectBytes));
  const nodesFor = (c: number) => Math.max(1, Math.ceil(toBytes(c) / o.nodeMemoryBytes));
  const energyAt = (p: CurvePoint) =>
    energyForRow(counters(p, unit, lru.byteRequests), {
      profile: o.profile,
      choice: o.choice,
      requestRatePerS: rate,
      meanObjectBytes,
      nodes: nodesFor(p.capacity),
      vcpusPerNode: o.vcpusPerNode,
    });
  const needHits = Math.ceil(t * lru.requests - 1e-9);
  const rows: PlanRow[] = [];
  for (const c of curves) {
    let point: CurvePoint | undefined;
    let basis: PlanRow["basis"];
    if (c.method === "exact-lru" && lru.needs) {
      basis = "exact-lru";
      let cap = minCapacityForHits(lru.needs, needHits);
      if (cap === null) throw new Error("unreachable: the target was checked against the floor");
      cap = Math.max(1, Math.ceil(cap));
      // one more exact pass at that size gives its misses and byte misses (and handles sizes below
      // the largest object, where larger objects never enter the cache)
      const at = exactLruCurve(() => req.workload.open(), {
        unit,
        capacities: [cap],
        warmup: warmupOf(req),
      });
      point = at.points[0];
    } else {
      basis = "simulated";
      const idx = c.points.findIndex((p) => 1 - p.missRatio >= t);
      if (idx < 0) {
        notes.push(`${c.policy}: no simulated size up to ${c.points.at(-1)?.capacity} meets the target`);
        continue;
      }
      point = c.points[idx];
      const lo = idx > 0 ? c.points[idx - 1].capacity : 0;
      const hi = point.capacity;
      if (hi - lo > 1) {
        const between = [
          ...new Set(Array.from({ length: 8 }, (_, k) => Math.round(lo + ((k + 1) * (hi - lo)) / 9))),
        ].filter((x) => x > lo && x < hi);
        if (between.length) {
          const ev = req.evictions.find((e) => c.policy.startsWith(e.name)) ?? req.evictions[0];
          const [fine] = await policyCurves(
            { ...req, evictions: [ev], warmup: { requests: warmupOf(req) } },
            { capacities: between, threads: o.threads, floor: lru },
          );
          const better = fine.points.find((p) => 1 - p.missRatio >= t);
          if (better) point = better;
          c.points = [...c.points, ...fine.points].sort((a, b) => a.capacity - b.capacity);
        }
      }
    }
    // energy-optimal: the curve point with the least energy per month (the answer's point included)
    const candidates = [...c.points, point];
    let best = candidates[0];
    let bestE = energyAt(best);
    for (const p of candidates) {
      const e = energyAt(p);
      if (e.perMonth.kWh.total < bestE.perMonth.kWh.total) {
        best = p;
        bestE = e;
      }
    }
    rows.push({
      policy: c.policy,
      capacity: point.capacity,
      capacityBytes: toBytes(point.capacity),
      hitRatio: 1 - point.missRatio,
      basis,
      nodes: nodesFor(point.capacity),
      energy: energyAt(point),
      energyOptimal: {
        capacity: best.capacity,
        capacityBytes: toBytes(best.capacity),
        hitRatio: 1 - best.missRatio,
        nodes: nodesFor(best.capacity),
        energy: bestE,
      },
    });
  }
  return {
    kind: "plan",
    name: req.name,
    unit,
    targetHitRatio: t,
    nodeMemoryBytes: o.nodeMemoryBytes,
    requestRatePerS: rate,
    requestRateFrom: rateFrom,
    requests: lru.requests,
    objects: lru.objects,
    workingSetBytes: lru.workingSetBytes,
    meanObjectBytes,
    maxObjectBytes: lru.maxObjectBytes,
    compulsoryMisses: lru.compulsoryMisses,
    maxHitRatio: maxHit,
    notes,
    rows,
    curves: curves.map((c) => {
      const { needs: _n, ...rest } = c as Curve & { needs?: unknown };
      return rest;
    }),
  };
}
