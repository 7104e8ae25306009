import { Args, Flags } from "@oclif/core";
import type { PlanResult } from "../src/analysis/result-kinds.js";
import { RunCommand } from "../src/cli/base-command.js";
import { energyFlags, energyFlagsFrom } from "../src/cli/energy-flags.js";
import { toSimulateRequest } from "../src/cli/run-simulation.js";
import { csvFlags, csvOptionsFromFlags } from "../src/cli/trace-flags.js";
import { InputError } from "../src/core/errors.js";
import { parseBytes } from "../src/workload/units.js";

export default class Plan extends RunCommand {
  static override summary =
    "Capacity plan: the smallest cache meeting a hit-ratio target per policy, its nodes, energy, CO2e and cost per month.";
  static override description =
    `For each policy: the smallest capacity whose hit ratio meets --target-hit-ratio (LRU exactly from
stack distances, other policies by simulation), the nodes of --node-memory it takes, and its estimated
energy (cpu, memory, network, backend), CO2e and cost per month at the workload's request rate; and
the energy-optimal capacity, where holding more DRAM stops paying for the backend work its hits
save. A target above what an infinite cache reaches (the compulsory-miss floor) is an error. The
energy model and every coefficient's source: docs/energy.md. Cost is shown only with a price.`;

  static override examples = [
    "<%= config.bin %> plan scenarios/cloudphysics.yaml --target-hit-ratio 0.5 --policies lru,s3fifo",
    "<%= config.bin %> plan --trace trace.oracleGeneral.bin --unit bytes --target-hit-ratio 0.5 --node-memory 16GiB --policies lru,s3fifo --points 8",
    "<%= config.bin %> plan scenarios/quickstart.yaml --target-hit-ratio 0.8 --rate 50000 --backend sql --coef price.perKwh=0.25 --coef price.currency=EUR",
  ];

  static override args = {
    scenario: Args.string({ description: "scenario YAML file", required: false }),
  };

  static override flags = {
    trace: Flags.string({ char: "t", description: "trace file (instead of a scenario)" }),
    format: Flags.string({ char: "f", description: "trace format (default: detected)" }),
    "target-hit-ratio": Flags.string({ description: "hit ratio to reach, e.g. 0.95", required: true }),
    "node-memory": Flags.string({ description: "memory of one cache node (default 16GiB)" }),
    policies: Flags.string({
      char: "p",
      description: "eviction policies, comma-separated (default: the scenario's, or lru)",
    }),
    unit: Flags.string({ char: "u", options: ["objects", "bytes"], description: "what capacity counts" }),
    "vcpus-per-node": Flags.integer({ description: "vCPUs each node holds (default: the profile's)", min: 1 }),
    points: Flags.integer({
      description: "sizes simulated per policy other than LRU before refining (default 24)",
      min: 2,
      max: 200,
    }),
    warmup: Flags.string({ description: "requests excluded from counting (a count)" }),
    ...csvFlags,
    ...energyFlags,
  };

  async run(): Promise<PlanResult> {
    const { args, flags } = await this.parse(Plan);
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    await this.checkOut(flags);
    const target = Number(flags["target-hit-ratio"]);
    if (!(target > 0 && target < 1)) {
      throw new InputError(
        `--target-hit-ratio '${flags["target-hit-ratio"]}': give a ratio between 0 and 1, e.g. 0.95`,
      );
    }
    let nodeMemoryBytes: number;
    try {
      nodeMemoryBytes = parseBytes(flags["node-memory"] ?? "16GiB");
    } catch (e) {
      throw new InputError(`--node-memory: ${(e as Error).message}`);
    }
    if (!(nodeMemoryBytes >= 1))
      throw new InputError(`--node-memory '${flags["node-memory"]}' must be at least 1 byte`);
    const { loadRun } = await import("../src/scenario/load.js");
    const run = await loadRun(args.scenario, {
      ...flags,
      csv: csvOptionsFromFlags(flags),
      energy: energyFlagsFrom(flags),
      eviction: flags.policies ?? (args.scenario ? undefined : "lru"),
      capacity: "1",
    });
    const req = await toSimulateRequest(run, flags.threads, flags.timeout);
    // the rate: --rate or the scenario's energy.rate, a synthetic workload's own, else the trace's clock
    const rate =
      run.energy.requestRatePerS ?? (run.workload.type === "synthetic" ? run.workload.workload.rate : undefined);
    const rateFrom =
      flags.rate !== undefined
        ? "flag"
        : run.energy.requestRatePerS !== undefined
          ? "scenario"
          : run.workload.type === "synthetic"
            ? "workload"
            : undefined;
    const { profile, choice } = run.energy;
    const { plan } = await import("../src/analysis/plan.js");
    const result = await plan(req, {
      targetHitRatio: target,
      nodeMemoryBytes,
      profile,
      choice,
      requestRatePerS: rate,
      requestRateFrom: rateFrom,
      vcpusPerNode: flags["vcpus-per-node"],
      points: flags.points,
      threads: flags.threads,
    });
    const { planResult, runInfo } = await import("../src/analysis/result-kinds.js");
    const saved = planResult(
      result,
      { seed: req.seed, source: req.workload.source },
      runInfo(startedAt, t0, flags.threads ?? 1),
    );
    return this.deliver(saved, flags, async () => {
      const { renderPlan } = await import("../src/ui/plan-view.js");
      process.stdout.write(renderPlan(result));
    });
  }
}
