import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { scenarioFileSchema } from "../../src/cli/workloads.js";
import { InputError } from "../../src/core/errors.js";
import { describeIssue } from "../../src/core/zod-error.js";
import { parseRef } from "../../src/policies/resolve.js";
import { readScenario } from "../../src/sim/scenario.js";
import { formatByName, formatFromName, WRITABLE_FORMATS } from "../../src/workload/formats.js";
import { generateTrace } from "../../src/workload/generate.js";
import { KEY_DISTS } from "../../src/workload/generators/registry.js";
import { syntheticWorkload } from "../../src/workload/generators/schema.js";

export default class TraceGenerate extends BaseCommand {
  static override summary = "Write a synthetic workload (from a scenario or from flags) as a trace file.";
  static override description =
    `Generates the requests of a seeded synthetic workload and writes them in a trace format, so the
same requests can be replayed later or by another simulator (libCacheSim reads oracleGeneral).
The same workload and seed always give the same file, byte for byte.`;
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
    objects: Flags.integer({ description: "distinct objects", min: 1 }),
    requests: Flags.integer({ description: "requests", min: 1 }),
    size: Flags.string({ description: "object size, e.g. 4096 or 4KiB (default 4KiB)" }),
    seed: Flags.integer({
      description: "seed, 0 … 2^32−1 (default: the scenario's, else 42)",
      min: 0,
      max: 2 ** 32 - 1,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TraceGenerate);
    const format = formatByName(flags.format ?? formatFromName(flags.out) ?? "", true);
    let seed = flags.seed ?? 42;
    let raw: Record<string, unknown>;
    if (args.scenario) {
      const sc = readScenario(args.scenario, scenarioFileSchema);
      if (sc.workload.type !== "synthetic") throw new InputError(`${args.scenario}: the workload is a trace already`);
      seed = flags.seed ?? sc.seed;
      raw = { ...sc.workload };
    } else {
      raw = { type: "synthetic", requests: 1_000_000, objects: 100_000 };
    }
    if (flags.keys) {
      const ref = parseRef(flags.keys, "key distribution");
      raw.keys = { dist: ref.name, ...ref.params };
    }
    if (flags.objects) raw.objects = flags.objects;
    if (flags.requests) raw.requests = flags.requests;
    if (flags.size) raw.sizes = flags.size;
    const parsed = syntheticWorkload.safeParse(raw);
    if (!parsed.success) throw new InputError(describeIssue("workload", parsed.error));
    const t0 = performance.now();
    const done = generateTrace(parsed.data, seed, flags.out, format);
    const s = (performance.now() - t0) / 1000;
    this.log(
      `${flags.out}: ${done.requests.toLocaleString("en-US")} requests (${format}, seed ${seed}) in ${s.toFixed(1)} s`,
    );
  }
}
