import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../src/cli/base-command.js";
import { buildRequest } from "../src/cli/simulate-request.js";
import { csvFlags } from "../src/cli/trace-flags.js";
import { checkWritable, saveResult } from "../src/report/result.js";
import { simulate } from "../src/sim/simulate.js";

export default class Simulate extends BaseCommand {
  static override summary = "Replay a workload through eviction policies × cache sizes and compare miss ratios.";
  static override description =
    `Runs every eviction × capacity pair over one workload: a scenario file, or a trace given with --trace.
Several pairs run in parallel worker threads over one shared copy of the trace. Results print as a
table (or JSON with --json) and are written to reports/ atomically.`;

  static override examples = [
    "<%= config.bin %> simulate scenarios/quickstart.yaml",
    "<%= config.bin %> simulate --trace trace.oracleGeneral.bin --eviction lru,s3fifo,sieve --capacity 48,489,4897 --unit objects",
    "<%= config.bin %> simulate --trace trace.csv --unit bytes --capacity 64MiB,1% --eviction s3fifo:smallRatio=0.2 --json",
  ];

  static override args = {
    scenario: Args.string({ description: "scenario YAML file", required: false }),
  };

  static override flags = {
    trace: Flags.string({ char: "t", description: "trace file to replay (instead of a scenario)" }),
    format: Flags.string({ char: "f", description: "trace format (default: from the file's content/extension)" }),
    eviction: Flags.string({
      char: "e",
      description: "eviction policies, comma-separated; name[:param=value…] or ./module.js",
    }),
    admission: Flags.string({ char: "a", description: "admission filter for every pair (tinylfu, size, …)" }),
    capacity: Flags.string({
      char: "c",
      description: "cache sizes, comma-separated: 4897, 64MiB, 1% (of the working set)",
    }),
    unit: Flags.string({ char: "u", options: ["objects", "bytes"], description: "what capacity counts" }),
    warmup: Flags.string({ description: "requests excluded from counting: a count or a share like 10%" }),
    window: Flags.string({ description: "window of the miss-ratio series, in requests, or 'auto' (1/100)" }),
    seed: Flags.integer({
      description: "seed for random policies and synthetic workloads (0 … 2^32−1)",
      min: 0,
      max: 2 ** 32 - 1,
    }),
    threads: Flags.integer({ description: "worker threads (default: one per core)", min: 1 }),
    json: Flags.boolean({ description: "print the result JSON to stdout instead of a table" }),
    out: Flags.string({ char: "o", description: "result file (default: reports/simulate-<name>-<time>.json)" }),
    "no-save": Flags.boolean({ description: "do not write a result file" }),
    ...csvFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Simulate);
    if (flags.out && !flags["no-save"]) checkWritable(flags.out);
    const req = await buildRequest(args.scenario, flags);
    const { renderSimulation } = await import("../src/ui/render.js");
    const view = renderSimulation({ json: flags.json });
    const result = await simulate(req, view.onEvent);
    await view.done(result);
    if (!flags["no-save"]) {
      const path = saveResult(result, flags.out);
      if (!flags.json) this.logToStderr(`result written to ${path}`);
    }
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}
