// Turns a scenario's or the flags' workload description into a Workload the runner can open.
import { createHash } from "node:crypto";
import type { z } from "zod";
import { scenarioSchema } from "../sim/scenario.js";
import { traceWorkload, type Workload } from "../sim/simulate.js";
import type { CsvOptions } from "../workload/csv.js";
import { fingerprint } from "../workload/fingerprint.js";
import { openTrace } from "../workload/formats.js";
import { ORACLE_RECORD } from "../workload/oracle-general.js";
import {
  type SyntheticWorkload,
  synthetic,
  syntheticWorkload as syntheticSchema,
} from "../workload/synthetic/index.js";

export const scenarioFileSchema = scenarioSchema(syntheticSchema);
export type ScenarioFile = z.output<typeof scenarioFileSchema>;

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
    first.format === "oracleGeneral" ? ORACLE_RECORD : undefined,
    () => first.notes,
  );
}

/** A generated workload; the scenario file's hash stands for it (with the seed, it fixes the stream). */
export function syntheticWorkload(w: SyntheticWorkload, seed: number, scenarioPath?: string): Workload {
  return {
    open: () => synthetic(w, seed),
    expectedRequests: w.requests,
    source: {
      type: "synthetic",
      scenario: scenarioPath,
      ...(scenarioPath
        ? fingerprint(scenarioPath)
        : { sha256: createHash("sha256").update(JSON.stringify(w)).digest("hex"), hashScope: "config" as const }),
    },
  };
}
