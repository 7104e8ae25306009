import { Flags, type Interfaces } from "@oclif/core";
import { BaseCommand } from "../src/cli/base-command.js";
import { CliError, InputError } from "../src/core/errors.js";
import type { GateReport } from "../src/gate/gate.js";
import type { Side } from "../src/gate/side.js";
import type { GateRule } from "../src/scenario/gates.js";

export default class Gate extends BaseCommand {
  static override enableJsonFlag = true;
  static override summary = "CI gate: check a run against rules and a baseline; exit 1 on a regression.";
  static override description =
    `Compares a current result (--current FILE, or --scenario S to run it first) with a baseline result by rules: absolute ('missRatio <= 0.2', 'p99Ms <= 1') or relative to the baseline ('missRatio +0.5%', 'timing.requestsPerSec -5%'), optionally for some rows only ('eviction=lru capacity=1% missRatio <= 0.2'). Rules come from --rule (repeatable) or the scenario's gates: section. Rows are paired by configuration; a row on one side only, or a malformed baseline, exits 2. Deterministic metrics compare exactly; noisy ones (timing, live latency, and every metric of a live bench result, which is gated against bench results only) need repeated runs (--repeat, or several --baseline/--current files) and fail only when a one-sided Mann–Whitney test at --alpha agrees. Exit 0 pass, 1 a rule failed, 2 bad input. The method, its false-alarm rate and power: docs/gate.md.`;

  // runnable as written in a fresh folder (the first run creates the baseline), and shell-safe
  // without quotes; a rule with spaces, `<` or `>` needs them: --rule 'eviction=lru missRatio <= 0.2'.
  // With result files: gate --baseline baseline.json --current result.json --rule missRatio+0.5%
  static override examples = [
    "<%= config.bin %> gate --scenario scenarios/quickstart.yaml --baseline baseline.json --update-baseline --rule missRatio+0.5% --rule joulesPerRequest+2%",
    "<%= config.bin %> gate --scenario scenarios/quickstart.yaml --repeat 5 --baseline baseline.json --update-baseline --rule requestsPerSec-10% --junit gate.xml",
  ];

  static override flags = {
    baseline: Flags.string({
      char: "b",
      multiple: true,
      description: "baseline result file; several = samples of repeated runs",
    }),
    current: Flags.string({
      char: "c",
      multiple: true,
      description: "current result file; several = samples of repeated runs",
      exclusive: ["scenario"],
    }),
    scenario: Flags.string({ char: "s", description: "run this scenario and gate its result (instead of --current)" }),
    repeat: Flags.integer({
      description: "with --scenario: runs, as samples of the noisy metrics (default 1)",
      min: 1,
      max: 100,
    }),
    rule: Flags.string({
      char: "r",
      multiple: true,
      description: "a rule, e.g. 'missRatio +0.5%' (repeatable; default: the scenario's gates: section)",
    }),
    alpha: Flags.string({ description: "false-alarm rate of the test on noisy metrics, in (0, 0.5) (default 0.01)" }),
    junit: Flags.string({ description: "write the checks as JUnit XML to this file" }),
    "update-baseline": Flags.boolean({
      description:
        "after a pass, write the current result over the (single) --baseline file; a missing one is created (relative rules skipped)",
    }),
    force: Flags.boolean({
      description: "with --update-baseline: write it whatever the verdict",
      dependsOn: ["update-baseline"],
    }),
    out: Flags.string({ char: "o", description: "with --scenario: also write the current result to this file" }),
    seed: Flags.integer({ description: "with --scenario: seed (default: the scenario's)", min: 0, max: 2 ** 32 - 1 }),
    threads: Flags.integer({ description: "with --scenario: worker threads (default: one per core)", min: 1 }),
    json: Flags.boolean({ description: "print the checks as JSON" }),
  };

  async run(): Promise<GateReport> {
    const { flags } = await this.parse(Gate);
    try {
      return await this.gate(flags);
    } catch (e) {
      // a gate that could not run says so on the job's summary page too, not only in the log
      const summary = process.env.GITHUB_STEP_SUMMARY;
      if (summary && e instanceof CliError && !/GITHUB_STEP_SUMMARY/.test(e.message)) {
        const { appendStepSummary } = await import("../src/gate/outputs.js");
        appendStepSummary(summary, `### cachelab gate: ⚠️ could not run\n\n${e.message.replace(/\|/g, "\\|")}\n\n`);
      }
      throw e;
    }
  }

  private async gate(flags: Interfaces.InferredFlags<typeof Gate.flags>): Promise<GateReport> {
    const alpha = flags.alpha === undefined ? undefined : Number(flags.alpha);
    if (alpha !== undefined && !(alpha > 0 && alpha < 0.5))
      throw new InputError(`--alpha '${flags.alpha}': give a false-alarm rate between 0 and 0.5, e.g. 0.01`);
    if (!flags.scenario && !flags.current?.length) throw new InputError("give --current FILE or --scenario FILE");
    if (flags.repeat !== undefined && !flags.scenario) throw new InputError("--repeat runs a --scenario: give one");
    if (flags.out && !flags.scenario) throw new InputError("--out writes a --scenario's result: give one");
    if (flags["update-baseline"] && flags.baseline?.length !== 1)
      throw new InputError("--update-baseline replaces one baseline file: give exactly one --baseline");

    // outputs are checked before any work: a long --scenario run must not end in "cannot write"
    const { checkWritable } = await import("../src/report/result.js");
    for (const path of [flags.junit, flags.out, flags["update-baseline"] ? flags.baseline?.[0] : undefined])
      if (path) checkWritable(path);
    const { parseRule, rulesOfSection, RuleSyntaxError } = await import("../src/scenario/gates.js");
    let rules: GateRule[] = [];
    for (const text of flags.rule ?? []) {
      try {
        rules.push(parseRule(text));
      } catch (e) {
        if (e instanceof RuleSyntaxError) throw new InputError(`--rule '${text}': ${e.message}`);
        throw e;
      }
    }
    let current: Side;
    const { readSide } = await import("../src/gate/side.js");
    if (flags.scenario) {
      const { readScenario } = await import("../src/scenario/schema.js");
      if (rules.length === 0) rules = rulesOfSection(readScenario(flags.scenario).gates);
      current = await this.runScenario(flags.scenario, flags.repeat ?? 1, flags.seed, flags.threads);
      if (flags.out) {
        const { mergedResult } = await import("../src/gate/side.js");
        const { writeJsonAtomic } = await import("../src/report/result.js");
        this.logToStderr(`result written to ${writeJsonAtomic(flags.out, mergedResult(current))}`);
      }
    } else {
      current = readSide("current", flags.current ?? []);
    }

    const { runGate } = await import("../src/gate/gate.js");
    const { report, table } = runGate({
      rules,
      current,
      baselineFiles: flags.baseline,
      alpha,
      junit: flags.junit,
      stepSummary: process.env.GITHUB_STEP_SUMMARY || undefined,
      updateBaseline: flags["update-baseline"] ? flags.baseline?.[0] : undefined,
      force: flags.force,
    });
    if (!flags.json) process.stdout.write(table);
    for (const n of report.notes) this.logToStderr(`note: ${n}`);
    if (report.skipped.length)
      this.logToStderr(
        `no baseline at ${flags.baseline?.[0]} yet: skipped ${report.skipped.map((r) => `'${r}'`).join(", ")} (relative to a baseline)`,
      );
    if (report.baselineUpdated) this.logToStderr(`baseline written to ${report.baselineUpdated}`);
    else if (flags["update-baseline"])
      this.logToStderr("baseline not updated: the gate failed (--force writes it anyway)");
    if (!report.passed) process.exitCode = 1;
    return report; // with --json oclif prints it
  }

  /** Runs the scenario `repeat` times (no result files) and reads the runs back as one side. */
  private async runScenario(file: string, repeat: number, seed?: number, threads?: number): Promise<Side> {
    const { loadRun } = await import("../src/scenario/load.js");
    const { toSimulateRequest, withEnergy } = await import("../src/cli/run-simulation.js");
    const { simulate } = await import("../src/sim/simulate.js");
    const { parseResult } = await import("../src/report/read.js");
    const { sideOf } = await import("../src/gate/side.js");
    const run = await loadRun(file, { seed });
    const results = [];
    const labels: string[] = [];
    for (let i = 1; i <= repeat; i++) {
      const t0 = performance.now();
      const raw = withEnergy(await simulate(await toSimulateRequest(run, threads)), run, (l) =>
        i === 1 ? this.logToStderr(l) : undefined,
      );
      const label = repeat === 1 ? file : `${file} (run ${i} of ${repeat})`;
      results.push(parseResult(JSON.parse(JSON.stringify(raw)), label));
      labels.push(label);
      if (repeat > 1) this.logToStderr(`run ${i} of ${repeat}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    return sideOf("current", results, labels);
  }
}
