// The versioned result every command that runs something writes (and prints with --json).
// Field names are a contract read by CI gates and scripts: extend, never rename. Everything that
// differs between two runs of the same scenario and seed (clock time, durations, machine) lives
// under `run` and each row's `timing`; the rest is identical byte for byte.
import { randomBytes } from "node:crypto";
import {
  accessSync,
  constants,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, platform, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { InputError } from "../cli/errors.js";
import type { JobResult } from "../sim/job.js";

export const SCHEMA_VERSION = 1;

export interface SourceInfo {
  type: "trace" | "synthetic";
  /** Trace path as given, or scenario path. */
  path?: string;
  format?: string;
  scenario?: string;
  /** SHA-256 of the trace file (or of the scenario file for synthetic workloads). */
  sha256: string;
  /**
   * What the hash covers: the whole file; its size plus first and last 1 MiB for files over 64 MiB; or
   * the resolved synthetic workload configuration when no scenario file was given.
   */
  hashScope: "file" | "size+head+tail" | "config";
  /** Decisions the reader took on the user's behalf (e.g. an op column it ignored). */
  notes?: string[];
}

export interface TraceSummary {
  requests: number;
  objects: number;
  requestedBytes: number;
  workingSetBytes: number;
}

export interface RunResult {
  schemaVersion: number;
  tool: { name: "cachelab"; version: string };
  kind: "simulate";
  name: string;
  seed: number;
  source: SourceInfo;
  trace: TraceSummary;
  warmupRequests: number;
  results: JobResult[];
  run: {
    startedAt: string;
    elapsedMs: number;
    node: string;
    platform: string;
    cpu: string;
    cpus: number;
    threads: number;
    /** Peak resident set size of the whole process so far (all threads). */
    maxRssBytes: number;
  };
}

/**
 * Peak resident set of this process. Linux's VmHWM belongs to the process image, so unlike
 * getrusage's maxrss it does not include what a parent held before it spawned us.
 */
export function peakRssBytes(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

export function machineInfo(): Pick<RunResult["run"], "node" | "platform" | "cpu" | "cpus"> {
  const c = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: c[0]?.model ?? "unknown",
    cpus: c.length,
  };
}

/**
 * Checks, before any work is done, that a result can be written at `path`: its folder exists and
 * the path is not a folder. Throws an InputError naming the problem.
 */
export function checkWritable(path: string): void {
  const dir = dirname(resolve(path));
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(dir);
  } catch {
    throw new InputError(`cannot write ${path}: the folder ${dir} does not exist`);
  }
  if (!st.isDirectory()) throw new InputError(`cannot write ${path}: ${dir} is not a folder`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new InputError(`cannot write ${path}: it is a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new InputError(`cannot write ${path}: the folder ${dir} is not writable`);
  }
}

/**
 * Writes JSON atomically: a temp file beside the target, then rename. With `exclusive`, an existing
 * file is never replaced: "-2", "-3", … is added to the name. Returns the path written.
 */
export function writeJsonAtomic(path: string, value: unknown, exclusive = false): string {
  const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
    if (!exclusive) {
      renameSync(tmp, path);
      return path;
    }
    for (let n = 1; ; n++) {
      const target = n === 1 ? path : path.replace(/(\.json)?$/, `-${n}$1`);
      try {
        linkSync(tmp, target); // fails if the target exists: no silent overwrite
        return target;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
    }
  } catch (e) {
    throw new InputError(`cannot write ${path}: ${(e as Error).message.split("\n")[0]}`);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Writes a run's result: to `out` (replacing it), or to a new file under reports/. */
export function saveResult(r: RunResult, out?: string): string {
  if (out) return writeJsonAtomic(out, r);
  mkdirSync("reports", { recursive: true });
  return writeJsonAtomic(defaultResultPath("reports", r), r, true);
}

/** reports/<kind>-<name>-<UTC timestamp with milliseconds>.json */
export function defaultResultPath(dir: string, r: RunResult): string {
  const stamp = r.run.startedAt.replace(/[-:]/g, "").replace(".", "-");
  const safe = r.name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60);
  return join(dir, `${r.kind}-${safe}-${stamp}.json`);
}

/** The result without the fields that legitimately differ between identical runs. */
export function deterministicPart(r: RunResult): unknown {
  const { run: _run, ...rest } = r;
  return { ...rest, results: r.results.map(({ timing: _t, ...row }) => row) };
}
