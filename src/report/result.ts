// The versioned result every command that runs something writes (and prints with --json).
// Field names are a contract read by CI gates and scripts: extend, never rename. Everything that
// differs between two runs of the same scenario and seed (clock time, durations, machine) lives
// under `run` and each row's `timing`; the rest is identical byte for byte.
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { cpus, platform, release } from "node:os";
import { dirname, join } from "node:path";
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

export function machineInfo(): Pick<RunResult["run"], "node" | "platform" | "cpu" | "cpus"> {
  const c = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: c[0]?.model ?? "unknown",
    cpus: c.length,
  };
}

/** Writes JSON atomically: a temp file beside the target, then rename. */
export function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

/** reports/<kind>-<name>-<UTC timestamp>.json */
export function defaultResultPath(dir: string, r: RunResult): string {
  const stamp = r.run.startedAt.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const safe = r.name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60);
  return join(dir, `${r.kind}-${safe}-${stamp}.json`);
}

/** The result without the fields that legitimately differ between identical runs. */
export function deterministicPart(r: RunResult): unknown {
  const { run: _run, ...rest } = r;
  return { ...rest, results: r.results.map(({ timing: _t, ...row }) => row) };
}
