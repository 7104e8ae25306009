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
import type { ClusterRequest } from "../scenario/cluster.js";
import { fingerprint } from "../workload/fingerprint.js";
import { loadShared, type SharedTrace } from "../workload/shared-trace.js";
import { WorkingSetTally } from "../workload/tally.js";
import { tapped } from "../workload/tap.js";
import type { BatchSource, RequestBatch } from "../workload/types.js";
import { clusterJobLabel, clusterJobs, clusterNeedsClock } from "./cluster/jobs.js";
import { loadStreamed, streamableClusterJob } from "./cluster/stream.js";
import { admissionSpec, evictionSpec, type Job, type JobResult, prefetchSpec, runJob } from "./job.js";
import { nextAccess } from "./oracle.js";
import { runParallel, runsInThread } from "./parallel.js";
import { type RunResult, SCHEMA_VERSION, type SourceInfo } from "./result.js";

export interface Workload {
  /** Opens the request stream (called once, or once per pass). */
  open(): BatchSource;
  /** What the reader decided on the user's behalf, known once it has been read. */
  notes?(): readonly string[];
  /** Requests in the workload when known without reading it. */
  expectedRequests?: number;
  /** Size of the trace file in bytes, when it is one (loading progress). */
  fileBytes?: number;
  source: SourceInfo;
}

export interface SimulateRequest {
  name: string;
  seed: number;
  workload: Workload;
  evictions: PolicyRef[];
  admission?: PolicyRef;
  /** Prefetchers to compare: every eviction × prefetch × capacity is a job (absent: no prefetching). */
  prefetch?: PolicyRef[];
  capacities: CapacitySpec[];
  unit: Unit;
  /** Warm-up as a share of the requests, or a count. */
  warmup: { fraction: number } | { requests: number };
  /** Window of the miss-ratio series in requests; "auto" = 128–256 points (see drive.ts). */
  window: number | "auto";
  threads?: number;
  /** Replays (requests × pairs) up to which the pairs run in this thread (parallel.ts; 0: in workers). */
  inThreadWork?: number;
  /** --timeout: seconds a pair may run before it is stopped (exit 1); runs every pair in a worker. */
  timeout?: number;
  /** A simulated cluster (the scenario's `cluster:` section): every job runs one (docs/cluster.md). */
  cluster?: ClusterRequest;
}

/**
 * What the simulator reports while it runs. Progress (`loading`, `progress`) comes between batches,
 * never per request, at most every PROGRESS_MS per job; `loading` first comes with 0 requests read.
 */
export type SimulateEvent =
  | {
      type: "loading";
      /** Requests read so far, and the requests and file bytes expected in all (null: unknown). */
      requests: number;
      expectedRequests: number | null;
      fileBytes: number | null;
    }
  | { type: "loaded"; requests: number; objects: number }
  | { type: "start"; jobs: { eviction: string; capacityText: string }[]; requests: number | null }
  | { type: "progress"; job: number; done: number }
  | { type: "finished"; job: number; result: JobResult };

/** Least time between two progress events of the same job (or of loading): ≤ 20 per second. */
export const PROGRESS_MS = 50;

/** Passes every event on, but progress of one job (or loading) at most every PROGRESS_MS. */
function throttled(on: (e: SimulateEvent) => void): (e: SimulateEvent) => void {
  const last = new Map<number, number>();
  return (e) => {
    if (e.type === "progress" || e.type === "loading") {
      const key = e.type === "loading" ? -1 : e.job;
      const now = performance.now();
      const prev = last.get(key);
      // the first event of each job always passes: it marks the job's start
      if (prev !== undefined && now - prev < PROGRESS_MS) return;
      last.set(key, now);
    }
    on(e);
  };
}

/** Passes batches through, reporting how many requests have been read (loading progress). */
function reading(source: BatchSource, report: (requests: number) => void): BatchSource {
  let n = 0;
  return tapped(
    source,
    (b) => report((n += b.length)),
    () => report((n = 0)),
  );
}

export async function simulate(
  req: SimulateRequest,
  onEvent: (e: SimulateEvent) => void = () => {},
): Promise<RunResult> {
  const on = throttled(onEvent);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  // Resolve every strategy first: a typo fails in milliseconds, before a large trace is read.
  const specs = await Promise.all(req.evictions.map(evictionSpec));
  specs.forEach((s, i) => {
    resolveParams(s, req.evictions[i].params, "eviction policy");
  });
  if (req.admission) resolveParams(await admissionSpec(req.admission), req.admission.params, "admission policy");
  for (const p of req.prefetch ?? []) resolveParams(await prefetchSpec(p), p.params, "prefetcher");
  // no prefetch list: one job per pair, no prefetch section (the runs before the feature existed)
  const prefetches: (PolicyRef | undefined)[] = req.prefetch?.length ? req.prefetch : [undefined];
  const pairs = req.evictions.length * req.capacities.length * prefetches.length;
  const needsOracle = specs.some((s) => s.oracle);
  const needsShare = req.capacities.some((c) => c.fraction !== undefined);
  const warmupFraction = "fraction" in req.warmup && req.warmup.fraction > 0;
  const stream =
    pairs === 1 &&
    !needsOracle &&
    !needsShare &&
    (!warmupFraction || req.workload.expectedRequests) &&
    !req.timeout &&
    !req.cluster;

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
      ...(prefetches[0] ? { prefetch: prefetches[0] } : {}),
    };
    on({ type: "start", jobs: [{ eviction: req.evictions[0].name, capacityText: cap.text }], requests: total });
    const source = req.workload.open();
    const tally = tallying(source);
    const result = await runJob(job, {
      batches: tally,
      ids: Math.min(total ?? 1 << 16, 1 << 20),
      ops: source.getsOnly !== true,
      contexts: source.contexts,
      // streamed: the id space is not known up front, so a prefetch may name any 32-bit id
      idLimit: 0xffffffff,
      progress: (done) => on({ type: "progress", job: 0, done }),
    });
    on({ type: "finished", job: 0, result });
    results = [result];
    summary = tally.summary();
  } else {
    const expectedRequests = req.workload.expectedRequests ?? null;
    const fileBytes = req.workload.fileBytes ?? null;
    // a cluster needs the clock (near-cache TTLs, events at a time) even when the trace is GETs only
    const times = req.cluster && clusterNeedsClock(req.cluster) ? recordTimes() : null;
    const read = reading(req.workload.open(), (requests) =>
      on({ type: "loading", requests, expectedRequests, fileBytes }),
    );
    const clock = clocked(times ? tapped(read, times.add) : read);
    const load = { sizes: req.unit === "bytes", expected: req.workload.expectedRequests };
    // one cluster job may run while the trace is still being read (cluster/stream.ts)
    const wanted = req.threads ?? availableParallelism();
    const expectedWarmup = warmupCount(req.warmup, load.expected ?? 0);
    const streamJob = await streamableClusterJob(req, clock, load.expected, wanted, expectedWarmup);
    let streamed: Promise<JobResult | null> | null = null;
    let trace: SharedTrace;
    if (streamJob && load.expected) {
      const progress = (job: number, done: number) => on({ type: "progress", job, done });
      ({ trace, result: streamed } = loadStreamed(
        streamJob,
        clock,
        { ...load, expected: load.expected },
        { progress },
      ));
    } else trace = loadShared(clock, load);
    // awaited below; a failure before that must not surface as an unhandled rejection
    streamed?.catch(() => null);
    if (times && trace.time === null) trace.time = times.column();
    on({ type: "loaded", requests: trace.length, objects: trace.objects });
    summary = {
      requests: trace.length,
      objects: trace.objects,
      requestedBytes: trace.requestedBytes,
      workingSetBytes: trace.workingSetBytes,
      ...clock.span(),
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
      for (const prefetch of prefetches) {
        for (const c of req.capacities) {
          const job: Job = {
            eviction,
            admission: req.admission,
            capacity: resolveCapacity(c, req.unit, trace.objects, trace.workingSetBytes),
            capacityText: c.text,
            unit: req.unit,
            seed: req.seed,
            warmup: warmupRequests,
            window: req.window,
            ...(prefetch ? { prefetch } : {}),
          };
          if (req.cluster) jobs.push(...clusterJobs(job, c, req.cluster, { ...trace, time: trace.time }));
          else jobs.push(job);
        }
      }
    }
    on({
      type: "start",
      jobs: jobs.map((j) => ({
        eviction: j.cluster
          ? clusterJobLabel(j)
          : j.prefetch
            ? `${j.eviction.name}+${j.prefetch.name}`
            : j.eviction.name,
        capacityText: j.capacityText,
      })),
      requests: trace.length,
    });
    const next = needsOracle ? sharedNextAccess(trace) : undefined;
    threads = runsInThread(trace.length, jobs.length, { timeout: req.timeout, inThreadWork: req.inThreadWork })
      ? 1
      : Math.max(1, Math.min(req.threads ?? availableParallelism(), jobs.length));
    const result = await streamed;
    if (result) {
      // the job ran while the trace was read (the main thread reading, one or two workers
      // simulating): two, the cores a streamed run is made for
      threads = 2;
      on({ type: "finished", job: 0, result });
      results = [result];
    } else
      results = await runParallel(trace, jobs, {
        threads,
        inThreadWork: req.inThreadWork,
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

/**
 * Passes batches through while noting the time of the first and the last request (the trace's own
 * clock, in seconds): a trace's request rate, for its energy estimate, is requests / (end − start).
 * Two reads per batch, nothing per request.
 */
function clocked(source: BatchSource): BatchSource & { span(): { startTimeS: number; endTimeS: number } } {
  let start = Number.NaN;
  let end = Number.NaN;
  return tapped(
    source,
    (b) => {
      if (b.length > 0) {
        if (Number.isNaN(start)) start = b.time[0];
        end = b.time[b.length - 1];
      }
    },
    undefined,
    { span: () => (Number.isNaN(start) ? { startTimeS: 0, endTimeS: 0 } : { startTimeS: start, endTimeS: end }) },
  );
}

/** The time of every request as it is read, into shared memory (a cluster's clock; grows by doubling). */
function recordTimes(): { add(b: RequestBatch): void; column(): Float64Array } {
  let col = new Float64Array(new SharedArrayBuffer(8 * (1 << 16)));
  let n = 0;
  return {
    add(b) {
      if (n + b.length > col.length) {
        let cap = col.length;
        while (cap < n + b.length) cap *= 2;
        const next = new Float64Array(new SharedArrayBuffer(8 * cap));
        next.set(col.subarray(0, n));
        col = next;
      }
      col.set(b.time.subarray(0, b.length), n);
      n += b.length;
    },
    column: () => col,
  };
}

/** Passes batches through while adding up the trace summary (streaming mode). */
function tallying(source: BatchSource): BatchSource & { summary(): RunResult["trace"] } {
  const t = new WorkingSetTally(source.firstSeenOrder === true);
  const clock = clocked(tapped(source, (b) => t.add(b.key, b.size, b.length)));
  return tapped(clock, () => {}, undefined, {
    summary: () => ({
      requests: t.requests,
      objects: t.objects,
      requestedBytes: t.requestedBytes,
      workingSetBytes: t.workingSetBytes,
      ...clock.span(),
    }),
  });
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
    fileBytes: size,
    source: { type: "trace", path, format, ...fp },
  };
}
