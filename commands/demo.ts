import { fileURLToPath } from "node:url";
import { RunCommand } from "../src/cli/base-command.js";
import { energyFlags, energyFlagsFrom } from "../src/cli/energy-flags.js";
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
    `Replays scenarios/quickstart.yaml (1 M requests, Zipf 0.9 over 100,000 objects with scans and one-hit wonders) through LRU, FIFO, CLOCK, SIEVE, S3-FIFO, ARC, 2Q and W-TinyLFU at 1 % and 10 % of the working set, and prints the comparison. No files needed. Clusters next: scenarios/placement-skew.yaml, node-failure.yaml, scale-out.yaml, blue-green.yaml and near-cache.yaml each show one thing about a simulated cluster (cachelab simulate scenarios/node-failure.yaml).`;
  static override examples = ["<%= config.bin %> demo", "<%= config.bin %> demo --json"];
  static override flags = { ...energyFlags };

  async run(): Promise<RunResult> {
    const { flags } = await this.parse(Demo);
    return this.simulate(
      flags,
      () => loadRun(quickstart(), { seed: flags.seed, energy: energyFlagsFrom(flags) }),
      "next: cachelab simulate --help",
    );
  }
}
