import { Flags } from "@oclif/core";
import { BaseCommand } from "../src/cli/base-command.js";
import { init } from "../src/cli/init.js";
import {
  DEFAULT_ALPHA,
  DEFAULT_CAPACITY,
  DEFAULT_EVICTION,
  DEFAULT_HOT_FRACTION,
  DEFAULT_HOT_REQUEST_FRACTION,
  DEFAULT_KEYS,
  DEFAULT_OBJECT_SIZE,
  DEFAULT_OBJECTS,
  DEFAULT_REQUESTS,
  DEFAULT_SCENARIO_NAME,
  DEFAULT_SEED,
  DEFAULT_UNIT,
} from "../src/scenario/defaults.js";

const pct = (f: number) => `${f * 100}%`;

export default class Init extends BaseCommand {
  static override summary = "Write a commented scenario file: asks a few questions, or takes every answer from flags.";
  static override description =
    `On a terminal, asks for the workload (synthetic Zipf, hotspot, scan mix, uniform, or a trace file), its size, the cache unit and sizes, the eviction policies and where to write; flags given answer their question in advance. With --yes, or without a terminal, it never asks: flags give the answers and defaults fill the rest. The file validates against the scenario schema; run it with 'cachelab simulate FILE'. An existing file is only replaced with --force.`;

  static override examples = [
    "<%= config.bin %> init",
    "<%= config.bin %> init --yes --out my.yaml --alpha 0.8",
    "<%= config.bin %> init --yes --name scans --scans 10% --eviction lru,s3fifo,sieve,arc --capacity 1%,5%,10%",
    "<%= config.bin %> init --yes --keys hotspot --hot-fraction 10% --hot-requests 90% --unit bytes --sizes lognormal:4KiB --capacity 64MiB,1%",
    "<%= config.bin %> init --yes --trace traces/web.oracleGeneral.bin --out scenarios/web.yaml",
  ];

  static override flags = {
    yes: Flags.boolean({ char: "y", description: "ask nothing: answers from flags, defaults for the rest" }),
    name: Flags.string({ description: `scenario name (default: from --out, or ${DEFAULT_SCENARIO_NAME})` }),
    workload: Flags.string({ description: "synthetic or trace (default synthetic; --trace implies trace)" }),
    trace: Flags.string({ char: "t", description: "trace file to replay (written relative to the scenario)" }),
    format: Flags.string({ char: "f", description: "trace format (default: detected from the file)" }),
    objects: Flags.string({
      description: `synthetic: distinct objects, e.g. 100000 or 100k (default ${DEFAULT_OBJECTS})`,
    }),
    requests: Flags.string({ description: `synthetic: requests, e.g. 1000000 or 1M (default ${DEFAULT_REQUESTS})` }),
    keys: Flags.string({ description: `synthetic: key popularity zipf, hotspot or uniform (default ${DEFAULT_KEYS})` }),
    alpha: Flags.string({ description: `zipf skew: 0 uniform, ~0.6-1.2 web traffic (default ${DEFAULT_ALPHA})` }),
    "hot-fraction": Flags.string({
      description: `hotspot: share of the objects that are hot (default ${pct(DEFAULT_HOT_FRACTION)})`,
    }),
    "hot-requests": Flags.string({
      description: `hotspot: share of the requests to the hot set (default ${pct(DEFAULT_HOT_REQUEST_FRACTION)})`,
    }),
    scans: Flags.string({
      description: "synthetic: share of the requests in sequential scans, e.g. 10% (default none)",
    }),
    "scan-length": Flags.string({ description: "objects per scan (default: a tenth of the objects)" }),
    sizes: Flags.string({
      description: `object sizes: 4KiB (fixed) or lognormal:MEDIAN[:SIGMA] (default ${DEFAULT_OBJECT_SIZE})`,
    }),
    unit: Flags.string({ char: "u", description: `what capacity counts: objects or bytes (default ${DEFAULT_UNIT})` }),
    capacity: Flags.string({
      char: "c",
      description: `cache sizes, comma-separated: 4897, 64MiB, 1% (default ${DEFAULT_CAPACITY.join(",")})`,
    }),
    eviction: Flags.string({
      char: "e",
      description: `eviction policies, comma-separated; name[:param=value…] (default ${DEFAULT_EVICTION.join(",")})`,
    }),
    seed: Flags.string({ description: `seed of the workload and of random policies (default ${DEFAULT_SEED})` }),
    out: Flags.string({ char: "o", description: "file to write (default scenarios/<name>.yaml, or ./<name>.yaml)" }),
    force: Flags.boolean({ description: "overwrite the file if it exists" }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Init);
    const written = await init(flags, process.cwd(), (line) => this.logToStderr(line));
    if (written === undefined) return this.exit(1); // cancelled: nothing written
  }
}
