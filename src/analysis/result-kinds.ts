// The result files `cachelab mrc` and `cachelab plan` write (kinds "mrc" and "plan"): the same header
// as every result (schemaVersion, tool, kind), the workload's source and seed, and `run` (clock
// time, machine). As in a simulate result, what differs between two runs of the same workload and
// seed lives under `run` and each curve's `timing`; the rest is identical byte for byte. Their
// runtime schemas are in src/report/schema.ts.
import { machineInfo, peakRssBytes } from "../core/machine.js";
import { version } from "../core/version.js";
import { type RunResult, SCHEMA_VERSION, type SourceInfo } from "../sim/result.js";
import type { Curve, Unit } from "./curve.js";
import type { Plan } from "./plan.js";

/** A curve as a result file holds it: its computation time under `timing`. */
export type ResultCurve = Omit<Curve, "elapsedMs"> & { timing: { elapsedMs: number } };

type Header<K extends string> = { schemaVersion: number; tool: { name: "cachelab"; version: string }; kind: K };

export type MrcResult = Header<"mrc"> & {
  name: string;
  seed: number;
  source: SourceInfo;
  unit: Unit;
  /** Counted requests, distinct objects and their bytes, from the LRU pass (exact or SHARDS). */
  requests: number;
  objects: number;
  workingSetBytes: number;
  /** First requests: what an infinite cache misses (estimated from the sample with SHARDS). */
  compulsoryMisses: number;
  floorMissRatio: number;
  curves: ResultCurve[];
  run: RunResult["run"];
};

export type PlanResult = Header<"plan"> &
  Omit<Plan, "kind" | "curves"> & { seed: number; source: SourceInfo; curves: ResultCurve[]; run: RunResult["run"] };

/** A curve without the pass's internals (per-request needs, clock span), its time under `timing`. */
export function resultCurve(c: Curve): ResultCurve {
  const { elapsedMs, ...rest } = c;
  const {
    needs: _n,
    startS: _s,
    endS: _e,
    ...kept
  } = rest as typeof rest & {
    needs?: unknown;
    startS?: unknown;
    endS?: unknown;
  };
  return { ...kept, timing: { elapsedMs } };
}

/** `run` of a result: when it started, how long it took, on what machine. */
export function runInfo(startedAt: string, t0: number, threads: number): RunResult["run"] {
  return {
    startedAt,
    elapsedMs: Math.round(performance.now() - t0),
    ...machineInfo(),
    threads,
    maxRssBytes: peakRssBytes(),
  };
}

export function mrcResult(
  o: { name: string; seed: number; source: SourceInfo; unit: Unit; base: Curve; curves: Curve[] },
  run: RunResult["run"],
): MrcResult {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "cachelab", version },
    kind: "mrc",
    name: o.name,
    seed: o.seed,
    source: o.source,
    unit: o.unit,
    requests: o.base.requests,
    objects: o.base.objects,
    workingSetBytes: o.base.workingSetBytes,
    compulsoryMisses: o.base.compulsoryMisses,
    floorMissRatio: o.base.floorMissRatio,
    curves: o.curves.map(resultCurve),
    run,
  };
}

export function planResult(p: Plan, o: { seed: number; source: SourceInfo }, run: RunResult["run"]): PlanResult {
  const { kind: _k, curves, ...rest } = p;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "cachelab", version },
    kind: "plan",
    ...rest,
    seed: o.seed,
    source: o.source,
    curves: curves.map(resultCurve),
    run,
  };
}
