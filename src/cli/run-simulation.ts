// Run → render → save, written once for every command that simulates (`simulate`, `demo`): opens the
// loaded run's workload, shows progress and the table (or nothing with --json: oclif prints the
// returned result), writes the result file, and returns the result.
import { CliError } from "../core/errors.js";
import type { RunRequest } from "../scenario/load.js";
import type { RunResult } from "../sim/result.js";
import { type SimulateRequest, simulate } from "../sim/simulate.js";
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
}

/** What the simulator takes: the loaded run with its workload opened. */
export async function toSimulateRequest(run: RunRequest, threads?: number, timeout?: number): Promise<SimulateRequest> {
  return {
    name: run.name,
    seed: run.seed,
    workload: await openWorkload(run.workload, run.seed),
    evictions: run.evictions.map((p) => p.ref),
    admission: run.admission?.ref,
    capacities: run.capacities,
    unit: run.unit,
    warmup: run.warmup,
    window: run.window,
    threads,
    timeout,
  };
}

export async function runSimulation(run: RunRequest, o: RunOptions): Promise<RunResult> {
  const req = await toSimulateRequest(run, o.threads, o.timeout);
  const { renderSimulation } = await import("../ui/render.js");
  const view = renderSimulation({ json: o.json });
  // after a failed pair the other worker lanes may still report; nothing is drawn once the run is over
  let over = false;
  let result: RunResult;
  try {
    result = await simulate(req, (e) => {
      if (!over) view.onEvent(e);
    });
  } finally {
    over = true;
  }
  await view.done(result);
  if (!o.noSave) {
    const { saveResult } = await import("../report/result.js");
    let path: string;
    try {
      path = saveResult(result, o.out);
    } catch (e) {
      // the run is done: its result must not be lost with the file. With --json it goes to stdout
      // here (oclif prints nothing after an error); without, its table is already on stdout.
      if (o.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      const why = e instanceof Error ? e.message : String(e);
      const where = o.json ? "it is on stdout" : "its table is above; --json prints it in full";
      throw new CliError(`the result was not saved (${why}); ${where}`, 1);
    }
    if (!o.json) o.log(`result written to ${path}${o.next ? `; ${o.next}` : ""}`);
  }
  return result;
}
