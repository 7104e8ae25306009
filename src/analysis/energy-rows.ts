// Energy for every row of a simulation result: the function `cachelab simulate` calls to give each
// result row its `energy` (see src/energy/model.ts for the model, docs/energy.md for the sources).
import { type Choice, energyForRow, type RowEnergy } from "../energy/model.js";
import type { EnergyProfile } from "../energy/profile.js";
import { defaultProfile } from "../energy/profiles/default.js";
import type { JobResult } from "../sim/job.js";
import type { RunResult } from "../sim/result.js";

export interface RowEnergyOptions {
  /** Requests per second the workload arrives at (the scenario's rate, or the trace's). */
  requestRatePerS: number;
  profile?: EnergyProfile;
  choice?: Choice;
  /** Memory of one cache node: rows then hold ceil(capacity / node memory) nodes (default: 1 node). */
  nodeMemoryBytes?: number;
  vcpusPerNode?: number;
}

export type RowWithEnergy = JobResult & { energy: RowEnergy };

/** The request rate of a trace from its time span; null when it has none (no clock, or one instant). */
export function rateFromSpan(requests: number, startS: number, endS: number): number | null {
  const span = endS - startS;
  return span > 0 && requests > 0 ? requests / span : null;
}

/** Adds `energy` to every row of a result (a new result; the input is not changed). */
export function attachEnergy(
  result: RunResult,
  o: RowEnergyOptions,
): Omit<RunResult, "results"> & { results: RowWithEnergy[] } {
  const profile = o.profile ?? defaultProfile;
  const meanObjectBytes = result.trace.objects > 0 ? result.trace.workingSetBytes / result.trace.objects : 0;
  const results = result.results.map((row) => {
    const bytes = row.unit === "bytes" ? row.capacity : row.capacity * meanObjectBytes;
    const nodes = o.nodeMemoryBytes ? Math.max(1, Math.ceil(bytes / o.nodeMemoryBytes)) : 1;
    return {
      ...row,
      energy: energyForRow(row, {
        profile,
        choice: o.choice,
        requestRatePerS: o.requestRatePerS,
        meanObjectBytes,
        nodes,
        vcpusPerNode: o.vcpusPerNode,
      }),
    };
  });
  return { ...result, results };
}
