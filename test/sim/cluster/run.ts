// Runs a scenario (YAML text) through the loader and the simulator, as `cachelab simulate` does.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toSimulateRequest } from "../../../src/cli/run-simulation.js";
import { loadRun } from "../../../src/scenario/load.js";
import type { ResultRow, RunResult } from "../../../src/sim/result.js";
import { simulate } from "../../../src/sim/simulate.js";

/** `workers`: run the pairs in worker threads even when the run is small (src/sim/parallel.ts). */
export async function runScenario(yaml: string, threads = 1, workers = false): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), "cachelab-cluster-"));
  try {
    const file = join(dir, "s.yaml");
    writeFileSync(file, yaml);
    const run = await loadRun(file, {});
    const req = await toSimulateRequest(run, threads);
    return await simulate(workers ? { ...req, inThreadWork: 0 } : req);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A row without what differs between identical runs (timing). */
export function deterministic(r: ResultRow): Omit<ResultRow, "timing"> {
  const { timing: _t, ...rest } = r;
  return rest;
}

/** The fields a single-cache row has, from a row (cluster fields dropped). */
export function singleCacheFields(r: ResultRow): Record<string, unknown> {
  const { timing: _t, cluster: _c, nodes: _n, tiers: _i, phases: _p, latency: _l, ...rest } = r;
  return rest;
}
