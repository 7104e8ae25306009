// Scenario files and synthetic workloads for the CLI. Loaded only when a scenario is used: zod
// and yaml cost ~0.1 s of start-up that a trace-first run does not pay.
import { createHash } from "node:crypto";
import type { z } from "zod";
import { scenarioSchema } from "../sim/scenario.js";
import type { Workload } from "../sim/simulate.js";
import { fingerprint } from "../workload/fingerprint.js";
import { type SyntheticWorkload, syntheticWorkload as syntheticSchema } from "../workload/generators/schema.js";
import { synthetic } from "../workload/generators/synthetic.js";

export const scenarioFileSchema = scenarioSchema(syntheticSchema);
export type ScenarioFile = z.output<typeof scenarioFileSchema>;

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
