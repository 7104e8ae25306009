import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { InputError } from "../../src/core/errors.js";
import { sameFile } from "../../src/core/output-file.js";
import { DEFAULT_OBJECT_SIZE, DEFAULT_OBJECTS, DEFAULT_REQUESTS, DEFAULT_SEED } from "../../src/scenario/defaults.js";
import { loadSynthetic } from "../../src/scenario/load.js";
import { formatByName, formatFromName, WRITABLE_FORMATS } from "../../src/workload/formats.js";
import { generateTrace } from "../../src/workload/generate.js";
import { KEY_DISTS } from "../../src/workload/generators/registry.js";

export default class TraceGenerate extends BaseCommand {
  static override summary = "Write a synthetic workload (from a scenario or from flags) as a trace file.";
  static override description =
    `Generates the requests of a seeded synthetic workload and writes them in a trace format, so the same requests can be replayed later or by another simulator (libCacheSim reads oracleGeneral). The same workload and seed always give the same file, byte for byte.`;
  static override examples = [
    "<%= config.bin %> trace generate scenarios/quickstart.yaml --out quickstart.oracleGeneral.bin",
    "<%= config.bin %> trace generate --keys zipf:alpha=1.0 --objects 1000000 --requests 10000000 --out zipf.oracleGeneral.bin",
    "<%= config.bin %> trace generate --keys hotspot:hotFraction=0.1:hotRequestFraction=0.9 --size 1KiB --out hot.csv",
  ];
  static override args = { scenario: Args.string({ description: "scenario whose synthetic workload to write" }) };
  static override flags = {
    out: Flags.string({ char: "o", description: "file to write", required: true }),
    format: Flags.string({
      char: "f",
      description: `output format: ${WRITABLE_FORMATS.join(", ")} (default: from --out)`,
    }),
    keys: Flags.string({
      description: `key distribution, with its parameters as name:param=value (e.g. zipf:alpha=0.8): ${Object.keys(KEY_DISTS).join(", ")}`,
    }),
    objects: Flags.integer({
      description: `distinct objects (default: the scenario's, else ${DEFAULT_OBJECTS.toLocaleString("en-US")})`,
      min: 1,
    }),
    requests: Flags.integer({
      description: `requests (default: the scenario's, else ${DEFAULT_REQUESTS.toLocaleString("en-US")})`,
      min: 1,
    }),
    size: Flags.string({
      description: `object size, e.g. 4096 or 4KiB (default: the scenario's, else ${DEFAULT_OBJECT_SIZE})`,
    }),
    seed: Flags.integer({
      description: `seed, 0 … 2^32−1 (default: the scenario's, else ${DEFAULT_SEED})`,
      min: 0,
      max: 2 ** 32 - 1,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TraceGenerate);
    const format = formatByName(flags.format ?? formatFromName(flags.out) ?? "", true);
    if (args.scenario !== undefined && sameFile(args.scenario, flags.out)) {
      throw new InputError("--out is the scenario being read: choose another file");
    }
    if (/\.zstd?$/i.test(flags.out)) {
      throw new InputError("cachelab does not write zstd: write the plain file, then run zstd on it");
    }
    const { seed, workload } = await loadSynthetic(args.scenario, flags);
    const t0 = performance.now();
    const done = await generateTrace(workload, seed, flags.out, format);
    const s = (performance.now() - t0) / 1000;
    this.log(
      `${flags.out}: ${done.requests.toLocaleString("en-US")} requests (${format}, seed ${seed}) in ${s.toFixed(1)} s`,
    );
  }
}
