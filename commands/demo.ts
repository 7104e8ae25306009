import { fileURLToPath } from "node:url";
import { Flags } from "@oclif/core";
import { BaseCommand } from "../src/cli/base-command.js";
import { buildRequest } from "../src/cli/simulate-request.js";
import { saveResult } from "../src/report/result.js";
import { simulate } from "../src/sim/simulate.js";

/** The shipped quick-start scenario, found from the package root in src/ and dist/ alike. */
function quickstart(): string {
  const here = import.meta.url;
  return fileURLToPath(
    new URL(here.includes("/dist/") ? "../../scenarios/quickstart.yaml" : "../scenarios/quickstart.yaml", here),
  );
}

export default class Demo extends BaseCommand {
  static override summary = "Compare eight eviction policies on the built-in quick-start workload.";
  static override description =
    `Replays scenarios/quickstart.yaml (1 M requests, Zipf 0.9 over 100,000 objects with scans and
one-hit wonders) through LRU, FIFO, CLOCK, SIEVE, S3-FIFO, ARC, 2Q and W-TinyLFU at 1 % and 10 % of
the working set, and prints the comparison. No files needed.`;
  static override examples = ["<%= config.bin %> demo", "<%= config.bin %> demo --json"];
  static override flags = {
    json: Flags.boolean({ description: "print the result JSON instead of the table" }),
    threads: Flags.integer({ description: "worker threads (default: one per core)", min: 1 }),
    "no-save": Flags.boolean({ description: "do not write a result file under reports/" }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Demo);
    const req = await buildRequest(quickstart(), { threads: flags.threads });
    const { renderSimulation } = await import("../src/ui/render.js");
    const view = renderSimulation({ json: flags.json });
    const result = await simulate(req, view.onEvent);
    await view.done(result);
    if (!flags["no-save"]) {
      const path = saveResult(result);
      if (!flags.json) this.logToStderr(`result written to ${path}; next: cachelab simulate --help`);
    }
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}
