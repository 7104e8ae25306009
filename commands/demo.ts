import { fileURLToPath } from "node:url";
import { Flags } from "@oclif/core";
import { RunCommand } from "../src/cli/base-command.js";
import { energyFlags, energyFlagsFrom } from "../src/cli/energy-flags.js";
import { reportArgv, reportFlag } from "../src/cli/report-flag.js";
import { loadRun } from "../src/scenario/load.js";
import type { RunResult } from "../src/sim/result.js";

/** What `demo --json` adds to the simulate result it prints: the live run, under a field of its own. */
export interface DemoLive {
  /** ok; skipped (--no-live); failed (could not run: the reason says why); interrupted (Ctrl-C). */
  status: "ok" | "skipped" | "failed" | "interrupted";
  reason: string | null;
  /** The bench result's file (null: not saved, or no live run). */
  file: string | null;
  /** The live run's result (kind "bench"), as saved. */
  result: object | null;
}

/** The shipped quick-start scenario, found from the package root in src/ and dist/ alike. */
function quickstart(): string {
  const here = import.meta.url;
  return fileURLToPath(
    new URL(here.includes("/dist/") ? "../../scenarios/quickstart.yaml" : "../scenarios/quickstart.yaml", here),
  );
}

export default class Demo extends RunCommand {
  static override summary = "Compare eight eviction policies on the built-in quick-start workload.";
  static override description =
    `Replays scenarios/quickstart.yaml (1 M requests, Zipf 0.9 over 100,000 objects with scans and one-hit wonders) through LRU, FIFO, CLOCK, SIEVE, S3-FIFO, ARC, 2Q and W-TinyLFU at 1 % and 10 % of the working set, prints the comparison, and writes the result with its HTML report (charts; open it in a browser) under reports/. No files needed. Then, unless --no-live, it brings up a 3-node local cluster, replays the same scenario against it for about 10 s (LRU at 1 %, live numbers on screen), stops the cluster, and puts the live run beside the simulated one in the report (measured hit ratio against the simulation of the same requests, latency). If the live part cannot run, the demo says why and keeps the simulated result and report (exit 0; --live makes that a failure, exit 1). For prefetching (region- and time-of-day-aware prediction against none and markov), run: cachelab simulate scenarios/context-prefetch.yaml. Clusters: scenarios/placement-skew.yaml, node-failure.yaml, scale-out.yaml, blue-green.yaml and near-cache.yaml each show one thing about a simulated cluster (cachelab simulate scenarios/node-failure.yaml).`;
  static override examples = [
    "<%= config.bin %> demo",
    "<%= config.bin %> demo --json",
    "<%= config.bin %> demo --no-live",
  ];
  static override flags = {
    ...energyFlags,
    ...reportFlag,
    "no-report": Flags.boolean({ description: "do not write the HTML report (written beside the result by default)" }),
    live: Flags.boolean({
      allowNo: true,
      description:
        "the live run on a local 3-node cluster after the simulation (default: on, and a live run that cannot happen is reported but not a failure; --live: it must succeed, else exit 1; --no-live: skip it)",
    }),
  };

  async run(): Promise<RunResult & { live?: DemoLive }> {
    const { flags } = await this.parse(Demo, reportArgv(this.argv));
    // the demo writes its HTML report beside the result unless told not to (or nothing is saved)
    const report = flags["no-report"] ? undefined : (flags.report ?? (flags["no-save"] ? undefined : ""));
    let saved: { json: string | null; report: string | null } = { json: null, report: null };
    const load = () => loadRun(quickstart(), { seed: flags.seed, energy: energyFlagsFrom(flags) });
    const result = await this.simulate({ ...flags, report }, load, "next: cachelab simulate --help", (json, html) => {
      saved = { json, report: html };
    });
    if (flags.live === false) return flags.json ? { ...result, live: skipped } : result;

    const { runLiveDemo } = await import("../src/cli/live-demo.js");
    if (!flags.json)
      this.logToStderr("\nlive: the same scenario on a 3-node local cluster for about 10 s (--no-live skips this)");
    const outcome = await runLiveDemo({
      scenario: quickstart(),
      seed: flags.seed,
      energy: energyFlagsFrom(flags),
      view: process.stderr.isTTY === true && !flags.json && process.env.CI === undefined,
      log: (line) => (flags.json ? undefined : this.logToStderr(line)),
    });
    if (outcome.status !== "ok") {
      // the simulated part is delivered: its result and report stand whatever happens here
      const keep = saved.json ? `; the simulated result (${saved.json}) and its report are complete` : "";
      // on stderr also with --json (oclif's logToStderr is silent then): a skipped part must be seen
      process.stderr.write(`demo: the live run did not complete: ${outcome.reason}${keep}\n`);
      process.exitCode = outcome.status === "interrupted" ? 130 : flags.live === true ? 1 : process.exitCode;
      const live: DemoLive = { status: outcome.status, reason: outcome.reason, file: null, result: null };
      return flags.json ? { ...result, live } : result;
    }

    const { saveLive } = await import("../src/cli/live-demo.js");
    const done = await saveLive(outcome.result, {
      simulate: result,
      simulatePath: saved.json,
      reportPath: saved.report,
      out: flags.out,
      noSave: flags["no-save"],
      show: !flags.json,
      log: (line) => this.logToStderr(line),
    });
    return flags.json
      ? { ...result, live: { status: "ok", reason: null, file: done.file, result: outcome.result } }
      : result;
  }
}

const skipped: DemoLive = { status: "skipped", reason: "--no-live", file: null, result: null };
