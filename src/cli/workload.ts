// A loaded scenario's workload as what the simulator opens: a trace file (format given or detected,
// opened once now so that errors come early) or a seeded synthetic generator.
import { createHash } from "node:crypto";
import { InputError } from "../core/errors.js";
import type { WorkloadSpec } from "../scenario/load.js";
import { traceWorkload, type Workload } from "../sim/simulate.js";
import { fingerprint } from "../workload/fingerprint.js";
import { openTrace } from "../workload/formats.js";
import { openInput } from "../workload/input/byte-input.js";
import type { CsvOptions } from "../workload/readers/csv.js";
import { type FormatName, READERS } from "../workload/readers/registry.js";

function compressed(path: string): boolean {
  const input = openInput(path);
  try {
    return input.compressed;
  } finally {
    input.close();
  }
}

/** A trace file as a workload: format given or detected, opened once now so that errors come early. */
export function openTraceWorkload(path: string, format: string | undefined, csv: CsvOptions | undefined): Workload {
  const first = openTrace(path, { format, csv });
  let opened = false;
  const open = () => {
    if (!opened) {
      opened = true;
      return first;
    }
    return openTrace(path, { format, csv });
  };
  return traceWorkload(
    path,
    first.format,
    open,
    // a plain file of fixed-size records tells its requests by its length; a compressed one does not
    compressed(path) ? undefined : READERS[first.format as FormatName].recordBytes,
    () => first.notes,
  );
}

/** The workload of a loaded run, ready for simulate(). */
export async function openWorkload(spec: WorkloadSpec, seed: number): Promise<Workload> {
  if (spec.type === "synthetic") {
    // the generator is loaded only for synthetic workloads
    const { synthetic } = await import("../workload/generators/synthetic.js");
    const w = spec.workload;
    return {
      open: () => synthetic(w, seed),
      expectedRequests: w.requests,
      source: {
        type: "synthetic",
        scenario: spec.scenario,
        // the scenario file's hash stands for the workload (with the seed, it fixes the stream)
        ...(spec.scenario
          ? fingerprint(spec.scenario)
          : { sha256: createHash("sha256").update(JSON.stringify(w)).digest("hex"), hashScope: "config" as const }),
      },
    };
  }
  try {
    const workload = openTraceWorkload(spec.path, spec.format, spec.csv);
    if (spec.scenario) workload.source = { ...workload.source, path: spec.shownPath, scenario: spec.scenario };
    return workload;
  } catch (e) {
    if (e instanceof InputError && spec.where) throw new InputError(`${spec.where}: ${e.message}`);
    throw e;
  }
}
