// Turns a scenario's or the flags' workload description into a Workload the runner can open.
import { createHash } from "node:crypto";
import { scenarioSchema } from "../sim/scenario.js";
import { traceWorkload, type Workload } from "../sim/simulate.js";
import { fingerprint } from "../workload/fingerprint.js";
import { ORACLE_RECORD, readOracleGeneral } from "../workload/oracle-general.js";
import {
  type SyntheticWorkload,
  synthetic,
  syntheticWorkload as syntheticSchema,
} from "../workload/synthetic/index.js";

export const scenarioFileSchema = scenarioSchema(syntheticSchema);

export function openTraceWorkload(path: string, format: string | undefined, _csv: Record<string, unknown>): Workload {
  return traceWorkload(path, format ?? "oracleGeneral", () => readOracleGeneral(path), ORACLE_RECORD);
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
