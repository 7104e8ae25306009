// The simulation runner behind `cachelab simulate`: every eviction × capacity pair over one
// workload. One pair over a trace streams it (memory bounded by the cache, not the trace); several
// pairs, oracle policies and capacities given as a share of the working set load the trace once
// into shared memory and replay it in worker threads.

import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { InputError } from "../core/errors.js";
import { machineInfo, peakRssBytes } from "../core/machine.js";
import type { Unit } from "../core/unit.js";
import { version } from "../core/version.js";
import type { PolicyRef } from "../policies/resolve.js";
import { resolveParams } from "../policies/resolve.js";
import { type CapacitySpec, resolveCapacity } from "../scenario/capacity.js";
import { fingerprint } from "../workload/fingerprint.js";
import { loadShared, type SharedTrace } from "../workload/shared-trace.js";
import { WorkingSetTally } from "../workload/tally.js";
import type { BatchSource } from "../workload/types.js";
import { admissionSpec, evictionSpec, type Job, type JobResult, runJob } from "./job.js";
import { nextAccess } from "./oracle.js";
import { runParallel } from "./parallel.js";
import { type RunResult, SCHEMA_VERSION, type SourceInfo } from "./result.js";

export interface Workload {
  /** Opens the request stream (called once, or once per pass). */
  open(): BatchSource;
  /** What the reader decided on the user's behalf, known once it has been read. */
  notes?(): readonly string[];
  /** Requests in the workload when known without reading it. */
  expectedRequests?: number;
  source: SourceInfo;
}

export interface SimulateRequest {
  name: string;
  seed: number;
  workload: Workload;
  evictions: PolicyRef[];
  admission?: PolicyRef;
  capacities: CapacitySpec[];
  unit: Unit;
  /** Warm-up as a share of the requests, or a count. */
  warmup: { fraction: number } | { requests: number };
  /** Window of the miss-ratio series in requests; "auto" = 128–256 points (see drive.ts). */
  window: number | "auto";
  threads?: number;
  /** --timeout: seconds a pair may run before it is stopped (exit 1); runs every pair in a worker. */
  timeout?: number;
}

export type SimulateEvent =
  | { type: "loading" }
  | { type: "loaded"; requests: number; objects: number }
  | { type: "start"; jobs: { eviction: string; capacityText: string }[]; requests: number | null }
  | { type: "progress"; job: number; done: number }
  | { type: "finished"; job: number; result: JobResult };

export async function simulate(req: SimulateRequest, on: (e: SimulateEvent) => void = () => {}): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  // Resolve every strategy first: a typo fails in milliseconds, before a large trace is read.
  const specs = await Promise.all(req.evictions.map(evictionSpec));
  specs.forEach((s, i) => {
    resolveParams(s, req.evictions[i].params, "eviction policy");
  });
  if (req.admission) resolveParams(await admissionSpec(req.admission), req.admission.params, "admission policy");
  const pairs = req.evictions.length * req.capacities.length;
  const needsOracle = specs.some((s) => s.oracle);
  const needsShare = req.capacities.some((c) => c.fraction !== undefined);
  const warmupFraction = "fraction" in req.warmup && req.warmup.fraction > 0;
  const stream =
    pairs === 1 && !needsOracle && !needsShare && (!warmupFraction || req.workload.expectedRequests) && !req.timeout;

  let results: JobResult[];
  let summary: RunResult["trace"];
  let warmupRequests: number;
  let threads = 1;
  if (stream) {
    const total = req.workload.expectedRequests ?? null;
    warmupRequests = warmupCount(req.warmup, total ?? 0);
    const cap = req.capacities[0];
    const job: Job = {
      eviction: req.evictions[0],
      admission: req.admission,
      capacity: cap.amount!,
      capacityText: cap.text,
      unit: req.unit,
      seed: req.seed,
      warmup: warmupRequests,
      window: req.window,
    };
    on({ type: "start", jobs: [{ eviction: req.evictions[0].name, capacityText: cap.text }], requests: total });
    const source = req.workload.open();
    const tally = tallying(source);
    const result = await runJob(job, {
      batches: tally,
      ids: Math.min(total ?? 1 << 16, 1 << 20),
      ops: source.getsOnly !== true,
      progress: (done) => on({ type: "progress", job: 0, done }),
    });
    on({ type: "finished", job: 0, result });
    results = [result];
    summary = tally.summary();
  } else {
    on({ type: "loading" });
    const trace: SharedTrace = loadShared(req.workload.open(), {
      sizes: req.unit === "bytes",
      expected: req.workload.expectedRequests,
    });
    on({ type: "loaded", requests: trace.length, objects: trace.objects });
    summary = {
      requests: trace.length,
      objects: trace.objects,
      requestedBytes: trace.requestedBytes,
      workingSetBytes: trace.workingSetBytes,
    };
    if (trace.length === 0)
      throw new InputError("the workload has no requests (only blank lines, a header or DELETEs)");
    warmupRequests = warmupCount(req.warmup, trace.length);
    if (warmupRequests >= trace.length) {
      throw new InputError(
        `the warm-up (${warmupRequests} requests) is not shorter than the workload (${trace.length} requests)`,
      );
    }
    const jobs: Job[] = [];
    for (const eviction of req.evictions) {
      for (const c of req.capacities) {
        jobs.push({
          eviction,
          admission: req.admission,
          capacity: resolveCapacity(c, req.unit, trace.objects, trace.workingSetBytes),
          capacityText: c.text,
          unit: req.unit,
          seed: req.seed,
          warmup: warmupRequests,
          window: req.window,
        });
      }
    }
    on({
      type: "start",
      jobs: jobs.map((j) => ({ eviction: j.eviction.name, capacityText: j.capacityText })),
      requests: trace.length,
    });
    const next = needsOracle ? sharedNextAccess(trace) : undefined;
    threads = Math.max(1, Math.min(req.threads ?? availableParallelism(), jobs.length));
    results = await runParallel(trace, jobs, {
      threads,
      nextAccess: next,
      progress: (job, done) => on({ type: "progress", job, done }),
      finished: (job, result) => on({ type: "finished", job, result }),
      timeout: req.timeout,
    });
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "cachelab", version },
    kind: "simulate",
    name: req.name,
    seed: req.seed,
    source: withNotes(req.workload.source, req.workload.notes?.() ?? []),
    trace: summary,
    warmupRequests,
    results,
    run: {
      startedAt,
      elapsedMs: Math.round(performance.now() - t0),
      ...machineInfo(),
      threads,
      maxRssBytes: peakRssBytes(),
    },
  };
}

function withNotes(s: SourceInfo, notes: readonly string[]): SourceInfo {
  return notes.length ? { ...s, notes: [...notes] } : s;
}

function warmupCount(w: SimulateRequest["warmup"], total: number): number {
  return "requests" in w ? w.requests : Math.floor(total * w.fraction);
}

function sharedNextAccess(t: SharedTrace): Int32Array {
  const local = nextAccess(t.key, t.length, t.idSpace, t.op);
  const out = new Int32Array(new SharedArrayBuffer(Math.max(4, local.byteLength)));
  out.set(local);
  return out;
}

/** Passes batches through while adding up the trace summary (streaming mode). */
function tallying(source: BatchSource): BatchSource & { summary(): RunResult["trace"] } {
  const t = new WorkingSetTally(source.firstSeenOrder === true);
  return {
    get objects() {
      return source.objects;
    },
    getsOnly: source.getsOnly,
    *[Symbol.iterator]() {
      for (const b of source) {
        t.add(b.key, b.size, b.length);
        yield b;
      }
    },
    summary: () => ({
      requests: t.requests,
      objects: t.objects,
      requestedBytes: t.requestedBytes,
      workingSetBytes: t.workingSetBytes,
    }),
  };
}

/** A trace file as a workload. */
export function traceWorkload(
  path: string,
  format: string,
  open: () => BatchSource,
  recordBytes?: number,
  notes?: () => readonly string[],
): Workload {
  const fp = fingerprint(path);
  const size = statSync(path).size;
  return {
    open,
    notes,
    expectedRequests: recordBytes ? Math.floor(size / recordBytes) : undefined,
    source: { type: "trace", path, format, ...fp },
  };
}
