// The versioned result every command that runs something produces (and prints with --json).
// Field names are a contract read by CI gates and scripts: extend, never rename. Everything that
// differs between two runs of the same scenario and seed (clock time, durations, machine) lives
// under `run` and each row's `timing`; the rest is identical byte for byte. The runtime schema that
// reads a result back is src/report/schema.ts.
import type { JobResult } from "./job.js";

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
