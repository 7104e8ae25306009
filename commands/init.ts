import { Flags } from "@oclif/core";
import { BaseCommand } from "../src/cli/base-command.js";
import {
  askAnswers,
  Cancelled,
  checkScenarioText,
  DEFAULT_EVICTION,
  parseFlags,
  renderScenario,
  shownPath,
  withDefaults,
  writeScenario,
} from "../src/cli/init-scenario.js";

export default class Init extends BaseCommand {
  static override summary = "Write a commented scenario file: asks a few questions, or takes every answer from flags.";
  static override description =
    `On a terminal, asks for the workload (synthetic Zipf, hotspot, scan mix, uniform, or a trace
file), its size, the cache unit and sizes, the eviction policies and where to write; flags given
answer their question in advance. With --yes, or without a terminal, it never asks: flags give the
answers and defaults fill the rest. The file validates against the scenario schema; run it with
'cachelab simulate FILE'. An existing file is only replaced with --force.`;

  static override examples = [
    "<%= config.bin %> init",
    "<%= config.bin %> init --yes --out my.yaml --alpha 0.8",
    "<%= config.bin %> init --yes --name scans --scans 10% --eviction lru,s3fifo,sieve,arc --capacity 1%,5%,10%",
    "<%= config.bin %> init --yes --keys hotspot --hot-fraction 10% --hot-requests 90% --unit bytes --sizes lognormal:4KiB --capacity 64MiB,1%",
    "<%= config.bin %> init --yes --trace traces/web.oracleGeneral.bin --out scenarios/web.yaml",
  ];

  static override flags = {
    yes: Flags.boolean({ char: "y", description: "ask nothing: answers from flags, defaults for the rest" }),
    name: Flags.string({ description: "scenario name (default: from --out, or my-scenario)" }),
    workload: Flags.string({ description: "synthetic or trace (default synthetic; --trace implies trace)" }),
    trace: Flags.string({ char: "t", description: "trace file to replay (written relative to the scenario)" }),
    format: Flags.string({ char: "f", description: "trace format (default: detected from the file)" }),
    objects: Flags.string({ description: "synthetic: distinct objects, e.g. 100000 or 100k (default 100000)" }),
    requests: Flags.string({ description: "synthetic: requests, e.g. 1000000 or 1M (default 1000000)" }),
    keys: Flags.string({ description: "synthetic: key popularity zipf, hotspot or uniform (default zipf)" }),
    alpha: Flags.string({ description: "zipf skew: 0 uniform, ~0.6-1.2 web traffic (default 0.9)" }),
    "hot-fraction": Flags.string({ description: "hotspot: share of the objects that are hot (default 20%)" }),
    "hot-requests": Flags.string({ description: "hotspot: share of the requests to the hot set (default 80%)" }),
    scans: Flags.string({
      description: "synthetic: share of the requests in sequential scans, e.g. 10% (default none)",
    }),
    "scan-length": Flags.string({ description: "objects per scan (default: a tenth of the objects)" }),
    sizes: Flags.string({ description: "object sizes: 4KiB (fixed) or lognormal:MEDIAN[:SIGMA] (default 4KiB)" }),
    unit: Flags.string({ char: "u", description: "what capacity counts: objects or bytes (default objects)" }),
    capacity: Flags.string({
      char: "c",
      description: "cache sizes, comma-separated: 4897, 64MiB, 1% (default 1%,10%)",
    }),
    eviction: Flags.string({
      char: "e",
      description: `eviction policies, comma-separated; name[:param=value…] (default ${DEFAULT_EVICTION.join(",")})`,
    }),
    seed: Flags.string({ description: "seed of the workload and of random policies (default 42)" }),
    out: Flags.string({ char: "o", description: "file to write (default scenarios/<name>.yaml, or ./<name>.yaml)" }),
    force: Flags.boolean({ description: "overwrite the file if it exists" }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Init);
    const cwd = process.cwd();
    const given = parseFlags(flags, cwd);
    const force = flags.force;
    // A prompt without a terminal never resolves: only ask when both ends are a TTY.
    const interactive = !flags.yes && process.stdin.isTTY === true && process.stdout.isTTY === true;

    let answers: Awaited<ReturnType<typeof askAnswers>>;
    if (interactive) {
      try {
        answers = await askAnswers(given, cwd, force);
      } catch (e) {
        if (e instanceof Cancelled) return this.exit(1);
        throw e;
      }
    } else {
      const filled = withDefaults(given, cwd, force);
      answers = filled.answers;
      if (!flags.yes && filled.defaulted.length > 0) {
        this.logToStderr(
          `cachelab: no terminal to ask on, so defaults were used for: ${filled.defaulted.join(", ")} (pass --yes to silence this)`,
        );
      }
    }

    const shown = shownPath(answers.out, cwd);
    const text = renderScenario(answers, shown);
    checkScenarioText(text, shown);
    writeScenario(answers.out, text, force, shown);
    if (interactive) {
      const { outro } = await import("@clack/prompts");
      outro(`Wrote ${shown}. Run it: cachelab simulate ${shown}`);
    } else {
      process.stdout.write(`wrote ${shown}\nrun it: cachelab simulate ${shown}\n`);
    }
  }
}
