// Run → render → save, written once for every command that simulates (`simulate`, `demo`): opens the
// loaded run's workload, shows progress and the table (or nothing with --json: oclif prints the
// returned result), writes the result file, and returns the result.

import { attachEnergy, rateFromSpan } from "../analysis/energy-rows.js";
import type { RunRequest } from "../scenario/load.js";
import type { RunResult } from "../sim/result.js";
import { type SimulateRequest, simulate } from "../sim/simulate.js";
import type { SimulationView } from "../ui/render.js";
import { deliverResult } from "./deliver-result.js";
import { openWorkload } from "./workload.js";

export interface RunOptions {
  /** --json: draw nothing; the command returns the result and oclif prints it. */
  json?: boolean;
  /** --out: the result file (default: a new file under reports/). */
  out?: string;
  /** --no-save: write no result file. */
  noSave?: boolean;
  threads?: number;
  /** --timeout: seconds per pair. */
  timeout?: number;
  /** Says where the result went (a line on stderr). */
  log(line: string): void;
  /** Appended to the "result written to" line, e.g. a next step. */
  next?: string;
  /** --report: also write the HTML report; "" = beside the result JSON. */
  report?: string;
  /** A view already being set up (started before the run was loaded, to draw sooner). */
  view?: Promise<SimulationView>;
  /** Told where the result and its report went (src/cli/deliver-result.ts). */
  onSaved?: (json: string | null, report: string | null) => void;
}

/** The view for a run: ink on a terminal, plain lines otherwise, nothing with --json. */
export async function simulationView(json?: boolean): Promise<SimulationView> {
  const { renderSimulation } = await import("../ui/render.js");
  return renderSimulation({ json });
}

/** What the simulator takes: the loaded run with its workload opened. */
export async function toSimulateRequest(run: RunRequest, threads?: number, timeout?: number): Promise<SimulateRequest> {
  return {
    name: run.name,
    seed: run.seed,
    workload: await openWorkload(run.workload, run.seed),
    evictions: run.evictions.map((p) => p.ref),
    admission: run.admission?.ref,
    prefetch: run.prefetch?.map((p) => p.ref),
    capacities: run.capacities,
    unit: run.unit,
    warmup: run.warmup,
    window: run.window,
    threads,
    timeout,
    ...(run.cluster ? { cluster: run.cluster } : {}),
  };
}

export async function runSimulation(run: RunRequest, o: RunOptions): Promise<RunResult> {
  const viewing = o.view ?? simulationView(o.json);
  let req: SimulateRequest;
  try {
    req = await toSimulateRequest(run, o.threads, o.timeout);
  } catch (e) {
    await (await viewing).close();
    throw e;
  }
  const view = await viewing;
  // after a failed pair the other worker lanes may still report; nothing is drawn once the run is over
  let over = false;
  let result: RunResult;
  try {
    result = await simulate(req, (e) => {
      if (!over) view.onEvent(e);
    });
  } catch (e) {
    over = true;
    await view.close();
    throw e;
  } finally {
    over = true;
  }
  result = withEnergy(result, run, o.log);
  await view.done(result); // the table (nothing with --json: oclif prints the returned result)
  await deliverResult(result, { ...o, printJson: false });
  return result;
}

/**
 * The request rate a run's energy is priced at: --rate or the scenario's `energy.rate`, else a
 * synthetic workload's own `rate`, else a trace's requests over its clock's span; null when none is
 * known (a trace without timestamps).
 */
export function energyRate(run: RunRequest, result: RunResult): number | null {
  if (run.energy.requestRatePerS !== undefined) return run.energy.requestRatePerS;
  if (run.workload.type === "synthetic") return run.workload.workload.rate;
  const t = result.trace;
  return t.startTimeS === undefined || t.endTimeS === undefined
    ? null
    : rateFromSpan(t.requests, t.startTimeS, t.endTimeS);
}

/**
 * Gives every row its `energy` (src/energy/model.ts): a function of the row's counters, the trace
 * summary and the energy settings only, never of the clock, so the same scenario and seed give the
 * same bytes. Without a known request rate the rows carry none, and a note says how to give one.
 */
export function withEnergy(result: RunResult, run: RunRequest, log: (line: string) => void): RunResult {
  const rate = energyRate(run, result);
  if (rate === null) {
    log("note: no energy estimate: the trace has no clock to take a request rate from; give one with --rate");
    return result;
  }
  return attachEnergy(result, { requestRatePerS: rate, profile: run.energy.profile, choice: run.energy.choice });
}
