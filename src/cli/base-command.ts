// The base of every cachelab command: turns known errors into one line on stderr and the right
// exit code (0 ok, 1 failed run or gate, 2 bad usage or input), never a stack trace. RunCommand adds
// what every command that runs a simulation shares (simulate, mrc, plan): --json (oclif's JSON flag:
// run() returns the result and oclif prints it), --out / --no-save, --seed, --threads and --timeout,
// the --out check before the run, and run → render → save.
import { Command, Errors, Flags } from "@oclif/core";
import { CliError } from "../core/errors.js";
import { DEFAULT_SEED } from "../scenario/defaults.js";
import type { RunRequest } from "../scenario/load.js";
import type { RunResult } from "../sim/result.js";

export abstract class BaseCommand extends Command {
  public override async init(): Promise<void> {
    guardStdout();
    await super.init();
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    if (err instanceof Errors.ExitError) throw err; // this.exit(): already decided
    if (err instanceof CliError) {
      process.stderr.write(`cachelab: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return this.exit(err.exitCode);
    }
    // oclif's own parse errors (unknown flag, missing argument) are usage errors: exit 2.
    if (err instanceof Errors.CLIError) {
      const [first, ...rest] = err.message
        .split("\n")
        .map((l) => l.trim().replace(/\s+/g, " "))
        .filter((l) => l !== "" && !l.startsWith("See more help"));
      const reason = rest.length ? `${first.replace(/:$/, "")}: ${rest.join(" ")}` : first;
      const help = `cachelab ${this.id?.replaceAll(":", " ") ?? ""} --help`.replace(/\s+/g, " ");
      process.stderr.write(`cachelab: ${reason} (see ${help})\n`);
      return this.exit(2);
    }
    if (isStdoutWriteError(err)) return stdoutFailed(err as NodeJS.ErrnoException);
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      const path = (err as NodeJS.ErrnoException).path ?? "";
      process.stderr.write(`cachelab: no such file: ${path}\n`);
      return this.exit(2);
    }
    // With --json, oclif would print an unexpected error as JSON on stdout; keep stdout for results.
    if (this.jsonEnabled()) {
      process.stderr.write(`cachelab: ${err.message.split("\n")[0]}\n`);
      return this.exit(1);
    }
    return super.catch(err);
  }
}

let guarded = false;

/**
 * A full or closed stdout (`> /dev/full`, `| head`) is one line on stderr and exit 1, not a Node
 * stack. stdout's write errors arrive as its 'error' event (some are thrown at once).
 * (Every file cachelab writes itself turns its errors into InputErrors, so a raw failed `write`
 * reaching catch() is stdout's.)
 */
function guardStdout(): void {
  if (guarded) return;
  guarded = true;
  // before oclif's own listener, which rethrows everything but EPIPE (a stack)
  process.stdout.prependListener("error", (e: NodeJS.ErrnoException) => stdoutFailed(e));
}

function isStdoutWriteError(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException;
  return (e?.code === "EPIPE" || e?.code === "ENOSPC") && e.syscall === "write" && e.path === undefined;
}

function stdoutFailed(e: NodeJS.ErrnoException): never {
  const why =
    e.code === "EPIPE" ? "the reader closed the pipe" : e.code === "ENOSPC" ? "no space left on the device" : e.message;
  try {
    process.stderr.write(`cachelab: cannot write to stdout: ${why}${e.code ? ` (${e.code})` : ""}\n`);
  } finally {
    process.exit(1);
  }
}

/** The flags of every command that runs a simulation. */
export const runFlags = {
  json: Flags.boolean({ description: "print the result JSON to stdout instead of a table" }),
  out: Flags.string({
    char: "o",
    description: "result file (default: a new reports/<name>-<yyyymmdd-hhmmss>.json; mrc and plan: <name>-<kind>-…)",
  }),
  "no-save": Flags.boolean({ description: "do not write a result file" }),
  seed: Flags.integer({
    description: `seed for random policies, synthetic workloads and sampling hashes, 0 … 2^32−1 (default: the scenario's, else ${DEFAULT_SEED})`,
    min: 0,
    max: 2 ** 32 - 1,
  }),
  threads: Flags.integer({ description: "worker threads (default: one per core)", min: 1 }),
  timeout: Flags.integer({
    description: "seconds each eviction × capacity pair may run; past it the run stops with exit 1 (default: no limit)",
    min: 1,
  }),
};

export interface RunFlagValues {
  json?: boolean;
  out?: string;
  "no-save"?: boolean;
  seed?: number;
  threads?: number;
  timeout?: number;
  /** --report (simulate, demo): "" = beside the result JSON. */
  report?: string;
}

export abstract class RunCommand extends BaseCommand {
  static override enableJsonFlag = true;
  static override baseFlags = runFlags;

  /**
   * Checks --out, loads the run, simulates it, shows it and saves the result; returns the result
   * (which oclif prints with --json). `next` is a hint appended to the "result written to" line.
   */
  protected async simulate(
    flags: RunFlagValues,
    load: () => Promise<RunRequest>,
    next?: string,
    onSaved?: (json: string | null, report: string | null) => void,
  ): Promise<RunResult> {
    if (flags.report === "" && flags["no-save"])
      throw new CliError(
        "--report without a file goes beside the result JSON, which --no-save does not write: give --report FILE.html",
      );
    const save = await this.checkOut(flags);
    if (flags.report) {
      const { checkWritable } = await import("../report/result.js");
      checkWritable(flags.report);
    }
    // the view (ink, a few hundred ms to load) is set up while the run loads: the first frame comes sooner
    const { runSimulation, simulationView } = await import("./run-simulation.js");
    const view = simulationView(flags.json);
    let run: RunRequest;
    try {
      run = await load();
    } catch (e) {
      await (await view).close();
      throw e;
    }
    return runSimulation(run, {
      json: flags.json,
      out: flags.out,
      noSave: !save,
      threads: flags.threads,
      timeout: flags.timeout,
      report: flags.report,
      next,
      view,
      onSaved,
      log: (line) => this.logToStderr(line),
    });
  }

  /** Whether the result will be saved; an --out that cannot be written fails now, before the run. */
  protected async checkOut(flags: RunFlagValues): Promise<boolean> {
    const save = !flags["no-save"];
    if (flags.out && save) {
      const { checkWritable } = await import("../report/result.js");
      checkWritable(flags.out);
    }
    return save;
  }

  /**
   * Shows a computed result (`show`, not with --json) and saves it as --out / --no-save say; returns
   * it, for oclif to print with --json (as simulate's).
   */
  protected async deliver<T extends object>(result: T, flags: RunFlagValues, show: () => Promise<void>): Promise<T> {
    const { deliverResult } = await import("./deliver-result.js");
    await deliverResult(result, {
      json: flags.json,
      out: flags.out,
      noSave: flags["no-save"],
      printJson: false,
      log: (l) => this.logToStderr(l),
      show,
    });
    return result;
  }
}
