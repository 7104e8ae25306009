import { fileURLToPath } from "node:url";
import { Flags } from "@oclif/core";
import { RunCommand } from "../src/cli/base-command.js";
import { energyFlags, energyFlagsFrom } from "../src/cli/energy-flags.js";
import { reportArgv, reportFlag } from "../src/cli/report-flag.js";
import { loadRun } from "../src/scenario/load.js";
import type { RunResult } from "../src/sim/result.js";

/** The shipped quick-start scenario, found from the package root in src/ and dist/ alike. */
function quickstart(): string {
  const here = import.meta.url;
  return fileURLToPath(
    new URL(here.includes("/dist/") ? "../../scenarios/quickstart.yaml" : "../scenarios/quickstart.yaml", here),
  );
}

export default class Demo extends RunCommand {
  static override summary = "Compare eight eviction policies on the built-in quick-start workload.";
  static override description =
    `Replays scenarios/quickstart.yaml (1 M requests, Zipf 0.9 over 100,000 objects with scans and one-hit wonders) through LRU, FIFO, CLOCK, SIEVE, S3-FIFO, ARC, 2Q and W-TinyLFU at 1 % and 10 % of the working set, prints the comparison, and writes the result with its HTML report (charts; open it in a browser) under reports/. No files needed. For prefetching (region- and time-of-day-aware prediction against none and markov), run: cachelab simulate scenarios/context-prefetch.yaml. Clusters: scenarios/placement-skew.yaml, node-failure.yaml, scale-out.yaml, blue-green.yaml and near-cache.yaml each show one thing about a simulated cluster (cachelab simulate scenarios/node-failure.yaml).`;
  static override examples = ["<%= config.bin %> demo", "<%= config.bin %> demo --json"];
  static override flags = {
    ...energyFlags,
    ...reportFlag,
    "no-report": Flags.boolean({ description: "do not write the HTML report (written beside the result by default)" }),
  };

  async run(): Promise<RunResult> {
    const { flags } = await this.parse(Demo, reportArgv(this.argv));
    // the demo writes its HTML report beside the result unless told not to (or nothing is saved)
    const report = flags["no-report"] ? undefined : (flags.report ?? (flags["no-save"] ? undefined : ""));
    return this.simulate(
      { ...flags, report },
      () => loadRun(quickstart(), { seed: flags.seed, energy: energyFlagsFrom(flags) }),
      "next: cachelab simulate --help",
    );
  }
}
