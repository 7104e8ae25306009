// Turns a scenario's or the flags' workload description into a Workload the runner can open.
import { z } from "zod";
import { scenarioSchema } from "../sim/scenario.js";
import { traceWorkload, type Workload } from "../sim/simulate.js";
import { ORACLE_RECORD, readOracleGeneral } from "../workload/oracle-general.js";

const syntheticSchema = z.strictObject({ type: z.literal("synthetic") });

export const scenarioFileSchema = scenarioSchema(syntheticSchema);

export function openTraceWorkload(path: string, format: string | undefined, _csv: Record<string, unknown>): Workload {
  return traceWorkload(path, format ?? "oracleGeneral", () => readOracleGeneral(path), ORACLE_RECORD);
}

export function syntheticWorkload(_w: z.output<typeof syntheticSchema>, _seed: number, _path: string): Workload {
  throw new Error("synthetic workloads arrive with the generator module");
}
