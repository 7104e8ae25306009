import { Args, Flags } from "@oclif/core";
import type { MrcResult } from "../src/analysis/result-kinds.js";
import { RunCommand } from "../src/cli/base-command.js";
import { toSimulateRequest } from "../src/cli/run-simulation.js";
import { csvFlags, csvOptionsFromFlags } from "../src/cli/trace-flags.js";
import { InputError } from "../src/core/errors.js";
import { parseCapacity } from "../src/scenario/capacity.js";

export default class Mrc extends RunCommand {
  static override summary =
    "Miss-ratio curves: exact LRU from stack distances, SHARDS sampling, other policies simulated.";
  static override description =
    `LRU's curve comes from one pass over the trace (stack distances, O(N log M)), in objects or bytes,
and equals 'simulate --eviction lru' miss for miss at every size it reports when every request is
a GET (or a size-preserving SET) without TTL; otherwise it says it is an estimate. --shards RATE or
--shards-size N estimate it from a spatial sample instead (SHARDS, FAST '15), with the rate and an
error estimate. Other policies are simulated at many sizes at once, on the whole trace or, with
--miniature, on a SHARDS sample with every size scaled down. Prints a chart and a table, or --json.`;

  static override examples = [
    "<%= config.bin %> mrc --trace trace.oracleGeneral.bin",
    "<%= config.bin %> mrc --trace trace.oracleGeneral.bin --unit bytes --policies lru,s3fifo,sieve --points 8",
    "<%= config.bin %> mrc --trace trace.oracleGeneral.bin --shards 0.01",
    "<%= config.bin %> mrc scenarios/quickstart.yaml --policies lru,s3fifo --miniature --json",
  ];

  static override args = {
    scenario: Args.string({ description: "scenario YAML file", required: false }),
  };

  static override flags = {
    trace: Flags.string({ char: "t", description: "trace file (instead of a scenario)" }),
    format: Flags.string({ char: "f", description: "trace format (default: detected)" }),
    policies: Flags.string({ char: "p", description: "eviction policies, comma-separated (default: lru)" }),
    unit: Flags.string({ char: "u", options: ["objects", "bytes"], description: "what capacity counts" }),
    capacity: Flags.string({
      char: "c",
      description: "sizes to report, comma-separated (default: a grid up to the working set)",
    }),
    shards: Flags.string({ description: "SHARDS fixed-rate sampling for LRU at this rate, e.g. 0.01" }),
    "shards-size": Flags.integer({
      description: "SHARDS fixed-size sampling for LRU: at most this many objects",
      min: 16,
    }),
    miniature: Flags.boolean({
      description: "simulate the other policies on a SHARDS sample (rate --shards, default 0.01)",
    }),
    points: Flags.integer({
      description: "sizes simulated for policies other than LRU (default 16)",
      min: 2,
      max: 200,
    }),
    warmup: Flags.string({ description: "requests excluded from counting (a count)" }),
    ...csvFlags,
  };

  async run(): Promise<MrcResult> {
    const { args, flags } = await this.parse(Mrc);
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    await this.checkOut(flags);
    const rate = flags.shards === undefined ? undefined : Number(flags.shards);
    if (rate !== undefined && !(rate > 0 && rate <= 1)) {
      throw new InputError(`--shards '${flags.shards}': a sampling rate in (0, 1], e.g. 0.01`);
    }
    if (rate !== undefined && flags["shards-size"] !== undefined)
      throw new InputError("give --shards (fixed rate) or --shards-size (fixed size), not both");
    const { loadRun } = await import("../src/scenario/load.js");
    const run = await loadRun(args.scenario, {
      ...flags,
      csv: csvOptionsFromFlags(flags),
      eviction: flags.policies ?? (args.scenario ? undefined : "lru"),
      capacity: "1",
    });
    const req = await toSimulateRequest(run, flags.threads, flags.timeout);
    const unit = req.unit;
    const capacities = flags.capacity
      ? flags.capacity
          .split(",")
          .map((t) => t.trim())
          .filter((t) => t !== "")
          .map((t) => {
            try {
              return parseCapacity(t, unit);
            } catch (e) {
              if (e instanceof InputError) throw new InputError(`--capacity: ${e.message}`);
              throw e;
            }
          })
      : undefined;
    const { buildCurves } = await import("../src/analysis/curves.js");
    const { base: lru, curves } = await buildCurves(req, {
      capacities,
      shardsRate: rate,
      shardsSize: flags["shards-size"],
      miniature: flags.miniature,
      points: flags.points,
      threads: flags.threads,
    });
    for (const c of curves) for (const n of c.notes) this.logToStderr(`note: ${c.policy}: ${n}`);
    const { mrcResult, runInfo } = await import("../src/analysis/result-kinds.js");
    const result = mrcResult(
      { name: req.name, seed: req.seed, source: req.workload.source, unit, base: lru, curves },
      runInfo(startedAt, t0, flags.threads ?? 1),
    );
    return this.deliver(result, flags, async () => {
      const { curveChart, curveTable } = await import("../src/ui/curve-chart.js");
      const { HASH_FIRST_NOTE } = await import("../src/analysis/shards.js");
      const estimated = lru.notes.includes(HASH_FIRST_NOTE) ? " (estimated from the sample)" : "";
      const head = [
        `${req.name}: ${lru.requests.toLocaleString("en-US")} requests, ${lru.objects.toLocaleString("en-US")} objects${estimated}, unit ${unit}`,
        `compulsory-miss floor (an infinite cache): miss ratio ${lru.floorMissRatio.toFixed(4)} (${lru.compulsoryMisses.toLocaleString("en-US")} first requests${lru.method === "shards-lru" ? ", estimated from the sample" : ""})`,
        ...curves.map(
          (c) =>
            `${c.policy}: ${c.method}${c.exact ? " (exact)" : " (estimate)"}${c.sampling ? `, sampling rate ${c.sampling.rate.toPrecision(3)}${c.sampling.errorEstimate !== null ? `, estimated error ±${c.sampling.errorEstimate.toFixed(4)}` : ""}` : ""}, ${c.points.length} sizes, ${c.elapsedMs} ms`,
        ),
      ];
      process.stdout.write(`${head.join("\n")}\n\n${curveChart(curves)}\n${curveTable(curves)}`);
    });
  }
}
