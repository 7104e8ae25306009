import { Args, Flags } from "@oclif/core";
import { RunCommand } from "../src/cli/base-command.js";
import { energyFlags, energyFlagsFrom } from "../src/cli/energy-flags.js";
import { reportArgv, reportFlag } from "../src/cli/report-flag.js";
import { csvFlags, csvOptionsFromFlags } from "../src/cli/trace-flags.js";
import { AUTO_WINDOW_TEXT, DEFAULT_CAPACITY, DEFAULT_EVICTION, DEFAULT_UNIT } from "../src/scenario/defaults.js";
import { loadRun } from "../src/scenario/load.js";
import type { RunResult } from "../src/sim/result.js";

export default class Simulate extends RunCommand {
  static override summary = "Replay a workload through eviction policies × cache sizes and compare miss ratios.";
  static override description =
    `Runs every eviction × capacity pair over one workload: a scenario file, or a trace given with --trace. Flags override the scenario's values. Several pairs run in parallel worker threads over one shared copy of the trace. Results print as a table (or JSON with --json) and are written to reports/ atomically.`;

  static override examples = [
    "<%= config.bin %> simulate scenarios/quickstart.yaml",
    "<%= config.bin %> simulate --trace trace.oracleGeneral.bin --eviction lru,s3fifo,sieve --capacity 48,489,4897 --unit objects",
    "<%= config.bin %> simulate --trace trace.csv --unit bytes --capacity 64MiB,1% --eviction s3fifo:smallSizeRatio=0.2 --json",
    "<%= config.bin %> simulate scenarios/quickstart.yaml --eviction lru,sieve,s3fifo --report",
  ];

  static override args = {
    scenario: Args.string({ description: "scenario YAML file", required: false }),
  };

  static override flags = {
    trace: Flags.string({ char: "t", description: "trace file to replay (instead of a scenario)" }),
    format: Flags.string({ char: "f", description: "trace format (default: from the file's content/extension)" }),
    eviction: Flags.string({
      char: "e",
      description: `eviction policies, comma-separated; name[:param=value…] or ./module.js (default: the scenario's, else ${DEFAULT_EVICTION.join(",")})`,
    }),
    admission: Flags.string({ char: "a", description: "admission filter for every pair (tinylfu, size, …)" }),
    prefetch: Flags.string({
      description:
        "prefetchers to compare, comma-separated: none, obl, pg, markov, context, or ./module.js (rows gain accuracy, coverage, extra fetches)",
    }),
    capacity: Flags.string({
      char: "c",
      description: `cache sizes, comma-separated: 4897, 64MiB, 1% (of the working set) (default: the scenario's, else ${DEFAULT_CAPACITY.join(",")})`,
    }),
    unit: Flags.string({
      char: "u",
      options: ["objects", "bytes"],
      description: `what capacity counts (default: the scenario's, else ${DEFAULT_UNIT})`,
    }),
    warmup: Flags.string({
      description: "requests excluded from counting: a count or a share like 10% (default: the scenario's, else none)",
    }),
    window: Flags.string({
      description: `window of the miss-ratio series, in requests, or 'auto' (default; ${AUTO_WINDOW_TEXT})`,
    }),
    ...csvFlags,
    ...energyFlags,
    ...reportFlag,
  };

  async run(): Promise<RunResult> {
    const { args, flags } = await this.parse(Simulate, reportArgv(this.argv));
    return this.simulate(flags, () =>
      loadRun(args.scenario, { ...flags, csv: csvOptionsFromFlags(flags), energy: energyFlagsFrom(flags) }),
    );
  }
}
