// The versioned result every command that runs something produces (and prints with --json).
// Field names are a contract read by CI gates and scripts: extend, never rename. Everything that
// differs between two runs of the same scenario and seed (clock time, durations, machine) lives
// under `run` and each row's `timing`; the rest is identical byte for byte. The runtime schema that
// reads a result back is src/report/schema.ts.
import type { RowEnergy } from "../energy/model.js";
import type { JobResult } from "./job.js";

export const SCHEMA_VERSION = 1;

// ---- cluster rows (optional fields; absent on single-cache rows) — docs/cluster.md ----

import type { LatencySummary } from "./cluster/latency.js";

export type { LatencySummary };

/** The cluster a row simulated. */
export interface ClusterInfo {
  /** Node count at the start. */
  nodes: number;
  /** Placement scheme label, e.g. "ring", "bounded(epsilon=0.1)". */
  placement: string;
  /** R: owners per key. */
  replication: number;
  /** C: clients (each with its own L1 when l1 is set). */
  clients: number;
  l1: null | {
    policy: string;
    capacity: number;
    capacityText: string;
    ttlS: number | null;
    invalidation: "ttl" | "broadcast";
  };
  /** The timeline's events as labels ("down node1", "cutover copy-hot:1000"), in order. */
  events?: string[];
}

export interface NodeRow {
  name: string;
  requests: number;
  hits: number;
  misses: number;
  byteRequests: number;
  evictions: number;
  /** Share of the cluster's L2 requests. */
  loadShare: number;
}

export interface TierCounts {
  l1: { requests: number; hits: number; hitRatio: number };
  l2: { requests: number; hits: number; hitRatio: number };
  backend: { fetches: number; bytes: number };
  /** Reads that returned a value older than the latest write. */
  staleReads: number;
  /** Broadcast invalidations sent. */
  invalidations: { messages: number; bytes: number };
  /** Reads served by a replica because the primary was down. */
  failovers: number;
}

export interface PhaseRow {
  index: number;
  /** "start", "down node-2", "cutover cold", "add node-5". */
  event: string;
  /** Trace position where the phase starts. */
  atRequest: number;
  requests: number;
  hits: number;
  misses: number;
  /** Windowed hit ratio just before the event. */
  hitRatioBefore: number | null;
  /** Lowest windowed hit ratio in the phase. */
  lowestHitRatio: number | null;
  /** Requests until back within 2 % of hitRatioBefore; null = never. */
  recoveryRequests: number | null;
  /** Keys whose primary changed at this event. */
  keysRemapped: number;
  latency?: LatencySummary;
}

/** The optional fields of a cluster row (shared by JobResult and the result schema). */
export interface ClusterRowFields {
  cluster?: ClusterInfo;
  nodes?: NodeRow[];
  tiers?: TierCounts;
  phases?: PhaseRow[];
  latency?: LatencySummary;
}

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
  /**
   * Time of the first and of the last request, in seconds, as the trace's clock reads (a synthetic
   * workload's arrivals start at 0). Absent in results written before they were recorded.
   */
  startTimeS?: number;
  endTimeS?: number;
}

/**
 * A result row: one eviction × capacity pair, with its estimated energy (src/energy/model.ts,
 * docs/energy.md) when the run had a request rate (the scenario's, --rate, a synthetic workload's
 * own, or a trace's from its clock). Energy is a function of the row's counters and the energy
 * settings only, so it belongs to the deterministic part of the result.
 */
export type ResultRow = JobResult & { energy?: RowEnergy };

export interface RunResult {
  schemaVersion: number;
  tool: { name: "cachelab"; version: string };
  kind: "simulate";
  name: string;
  seed: number;
  source: SourceInfo;
  trace: TraceSummary;
  warmupRequests: number;
  results: ResultRow[];
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
