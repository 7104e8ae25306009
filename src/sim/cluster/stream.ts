// A streamed cluster run: one cluster job replays the trace in a worker thread while the main thread
// is still reading and interning it into shared memory, so that loading and simulating run on two
// cores at once instead of one after the other (issue 8: the whole-process rate of a cluster row).
//
// How: the main thread copies each batch it reads into shared columns allocated once for the whole
// trace (its length is known from the file's size), then publishes how many requests and how many
// key ids are in (a shared Int32Array: `Atomics.store`, then `Atomics.notify`). The worker takes
// the trace in the same 1 Mi-request views as a loaded run (parallel.ts `traceBatches`), each one
// once it is published (`Atomics.wait`), and grows its owner table as new ids appear (ClusterSim
// `grow`). The job sees the same batches in the same order as when the trace was loaded first: the
// result is the same by construction, byte for byte (test/e2e/cluster-stream.test.ts compares them).
//
// What is not known while the trace is read is its id space. A cluster uses it for one decision:
// whether a cache keeps dense per-id arrays or a slot map (run.ts `makeCache`). A streamed run
// decides on an estimate instead — the ids in the first 1 Mi requests, scaled to the whole trace
// (an over-estimate when a trace meets new objects at a falling rate, as most do), at most one id
// per request — and streams only when that decision cannot change a result: built-in policies that
// keep nothing about evicted keys (no `retains`; slot mode then equals dense mode exactly,
// architecture.md). Anything else loads first, as before: several jobs, writes or TTLs in the
// trace, events, a clock, shares of the working set, a trace whose length is not known from its
// size (compressed, text), one thread, --timeout. If the trace turns out other than announced
// (another length, a column that appears), the streamed result is dropped and the job runs again
// on the loaded trace.
import { Worker } from "node:worker_threads";
import { CliError } from "../../core/errors.js";
import type { PolicyRef } from "../../policies/resolve.js";
import { createStrategy, resolveParams } from "../../policies/resolve.js";
import { type LoadOptions, loadShared, type SharedTrace, sliceBatch } from "../../workload/shared-trace.js";
import { type BatchSource, newBatch, type RequestBatch } from "../../workload/types.js";
import { evictionSpec, type Job, type JobResult } from "../job.js";
import { CHUNK, type ParallelOptions, workerUrl } from "../parallel.js";
import type { SimulateRequest } from "../simulate.js";
import type { WorkerInput, WorkerMessage } from "../worker.js";
import { clusterJobs, clusterNeedsClock } from "./jobs.js";

/** Slots of the control array: requests published, key ids seen by then, the stream's state (0 while loading). */
const PUBLISHED = 0;
const SEEN = 1;
const STATE = 2;
const DONE = 1;
const ABORTED = 2;

export interface StreamControl {
  control: Int32Array;
  /** Requests the trace is announced to have. */
  total: number;
  /** Requests per view the job takes (a loaded run's CHUNK; results do not depend on it). */
  chunk: number;
}

/**
 * Views of a streamed run (tests make them small, to stream a small trace in many views), and
 * whether a job with near caches is split over two workers (tests compare both ways).
 */
export const streamTuning = { chunk: CHUNK, split: true, stallMs: 60_000 };

/**
 * The last line of defence once the trace is loaded: a streamed job whose workers send nothing for
 * `streamTuning.stallMs` (a worker stuck, as one run in a few hundred was once, cause not found) is
 * stopped and run again on the loaded trace, which gives the same result. Counted here for tests.
 */
export const streamStalls = { count: 0 };

/** The workers of one streamed run and when one last reported. */
interface Liveness {
  workers: Worker[];
  last: number;
}

/** A split run's near tier hands its outcome per position to the far tier (run.ts `Part`). */
export interface NearHandoff {
  part: "near" | "far";
  /** The near tier's progress: positions whose outcome is in `out` (as a StreamControl). */
  control: Int32Array;
  /** Per position: NEAR_HIT or the node. */
  out: Uint8Array;
}

/** Whether a streamed job splits: near caches, R = 1, node indexes that fit a byte (the batched path). */
function splits(job: Job): boolean {
  const c = job.cluster!;
  return streamTuning.split && c.l1 !== null && c.replication === 1 && c.nodes.length < 255;
}

/** The worker learns that the main thread dropped the stream (the trace was not as announced). */
export class StreamAborted extends Error {
  constructor() {
    super("the streamed trace was not as announced");
  }
}

/**
 * The one job of a run that can stream, or null (then the trace is loaded first). `expected` is the
 * trace's length as announced by its size; `threads` the threads the run may use.
 */
export async function streamableClusterJob(
  req: SimulateRequest,
  source: BatchSource,
  expected: number | undefined,
  threads: number,
  warmup: number,
): Promise<Job | null> {
  const c = req.cluster;
  if (!c || !expected || threads < 2 || req.timeout || req.admission || req.prefetch?.length) return null;
  if (source.getsOnly !== true || source.firstSeenOrder !== true) return null;
  if (c.events.length > 0 || clusterNeedsClock(c)) return null;
  if (req.evictions.length !== 1 || req.capacities.length !== 1 || c.placements.length !== 1 || c.l1.length !== 1)
    return null;
  if ("counts" in c.nodes ? c.nodes.counts.length !== 1 : c.nodes.list.some((n) => n.capacity?.amount === undefined))
    return null;
  const cap = req.capacities[0];
  const l1 = c.l1[0];
  if (cap.amount === undefined || (l1 !== null && l1.capacity.amount === undefined)) return null;
  if (warmup >= expected) return null;
  for (const ref of l1 === null ? [req.evictions[0]] : [req.evictions[0], l1.eviction])
    if (!(await keepsNothingEvicted(ref))) return null;
  const base: Job = {
    eviction: req.evictions[0],
    capacity: cap.amount,
    capacityText: cap.text,
    unit: req.unit,
    seed: req.seed,
    warmup,
    window: req.window,
  };
  const jobs = clusterJobs(base, cap, c, { length: expected, objects: 0, workingSetBytes: 0, time: null });
  return jobs.length === 1 ? jobs[0] : null;
}

/** A built-in policy without `retains`: it keeps nothing about an evicted key. */
async function keepsNothingEvicted(ref: PolicyRef): Promise<boolean> {
  if (ref.module) return false;
  const spec = await evictionSpec(ref);
  if (spec.oracle) return false;
  const params = resolveParams(spec, ref.params, "eviction policy");
  const p = createStrategy<{ retains?: unknown }>(
    spec,
    params,
    { capacity: 1, ids: 1, seed: 0 },
    ref,
    "eviction policy",
  );
  return typeof p.retains !== "function";
}

/**
 * Loads `source` into shared memory while `job` runs on it in a worker. Returns the loaded trace
 * and the job's result to come: null when the trace was not as announced (the caller then runs
 * the job on the loaded trace).
 */
export function loadStreamed(
  job: Job,
  source: BatchSource,
  opts: LoadOptions & { expected: number },
  o: ParallelOptions,
): { trace: SharedTrace; result: Promise<JobResult | null> } {
  const total = opts.expected;
  const control = new Int32Array(new SharedArrayBuffer(3 * 4));
  const started: { run: Promise<JobResult | null> | null } = { run: null };
  const live: Liveness = { workers: [], last: Date.now() };
  let changed = false;
  let trace: SharedTrace;
  try {
    trace = loadShared(
      source,
      { ...opts, capacity: total },
      {
        start(l) {
          const t: SharedTrace = { ...l.finish(), length: total };
          const stream = { control, total, chunk: streamTuning.chunk };
          if (!splits(job)) {
            started.run = runStreamed(t, job, stream, o, undefined, live);
            return;
          }
          // two workers: the near tier, and the far tier that returns the result
          const handoff = { control: new Int32Array(new SharedArrayBuffer(3 * 4)), out: shared8(total) };
          const near = runStreamed(t, job, stream, {}, { ...handoff, part: "near" }, live);
          const far = runStreamed(t, job, stream, o, { ...handoff, part: "far" }, live);
          started.run = Promise.all([near, far]).then(([, r]) => r);
        },
        batch(l) {
          if (l.columnsChanged) changed = true;
          if (changed) return;
          Atomics.store(control, SEEN, l.objects);
          Atomics.store(control, PUBLISHED, l.length);
          Atomics.notify(control, PUBLISHED);
        },
      },
    );
  } catch (e) {
    end(control, false);
    started.run?.catch(() => null);
    throw e;
  }
  const ok = !changed && trace.length === total;
  end(control, ok);
  const run = started.run!;
  return { trace, result: ok ? watched(run, live) : run.then(() => null) };
}

/** `run`, or null (run it on the loaded trace) when its workers stop reporting (streamStalls). */
function watched(run: Promise<JobResult | null>, live: Liveness): Promise<JobResult | null> {
  live.last = Date.now();
  return new Promise((resolve, reject) => {
    const stall = streamTuning.stallMs;
    const timer = setInterval(
      () => {
        if (Date.now() - live.last < stall) return;
        clearInterval(timer);
        streamStalls.count++;
        process.stderr.write(
          `cachelab: the streamed cluster run sent nothing for ${stall / 1000} s; running it again on the loaded trace\n`,
        );
        // unref: a thread that does not stop must not keep the process from exiting
        for (const w of live.workers) {
          w.unref();
          void w.terminate();
        }
        resolve(null);
      },
      Math.max(1, Math.min(1000, stall)),
    );
    timer.unref();
    run.then(
      (r) => {
        clearInterval(timer);
        resolve(r);
      },
      (e) => {
        clearInterval(timer);
        reject(e);
      },
    );
  });
}

export function end(control: Int32Array, ok: boolean): void {
  Atomics.store(control, STATE, ok ? DONE : ABORTED);
  Atomics.notify(control, PUBLISHED);
}

function shared8(n: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(Math.max(1, n)));
}

/**
 * Runs the job (or one part of it) in a worker on a trace being loaded; null when the stream was
 * aborted, or for the near part.
 */
function runStreamed(
  trace: SharedTrace,
  job: Job,
  stream: StreamControl,
  o: ParallelOptions,
  near?: NearHandoff,
  live?: Liveness,
): Promise<JobResult | null> {
  return new Promise((resolve, reject) => {
    const data: WorkerInput = { trace, job, stream, ...(near ? { near } : {}) };
    const w = new Worker(workerUrl(), { workerData: data });
    live?.workers.push(w);
    let settled = false;
    w.on("message", (m: WorkerMessage) => {
      if (live) live.last = Date.now();
      if (m.type === "progress") o.progress?.(0, m.done);
      else if (m.type === "done") {
        settled = true;
        o.finished?.(0, m.result);
        resolve(m.result);
      } else if (m.type === "aborted" || m.type === "near-done") {
        settled = true;
        resolve(null);
      } else {
        settled = true;
        reject(m.exitCode ? new CliError(m.message, m.exitCode) : new Error(m.message));
      }
    });
    w.on("error", (e) => {
      settled = true;
      reject(e);
    });
    w.on("exit", (code) => {
      if (!settled) reject(new Error(`simulation worker exited with code ${code}`));
    });
  });
}

// --- the worker's side ---

/** Waits until `n` requests are published; false when the stream was aborted first. */
export function waitFor(s: StreamControl, n: number): boolean {
  const c = s.control;
  for (;;) {
    const have = Atomics.load(c, PUBLISHED);
    if (have >= n) return true;
    if (Atomics.load(c, STATE) === ABORTED) return false;
    // DONE with fewer requests than announced: the main thread aborts right after, wait for it
    Atomics.wait(c, PUBLISHED, have, 100);
  }
}

/** Key ids read so far (every published request's id is below it). */
export function seenIds(s: StreamControl): number {
  return Atomics.load(s.control, SEEN);
}

/**
 * The id space a streamed run decides dense or slot mode on: the ids in the first `prefix`
 * requests (ids come in first-seen order, so the largest id + 1), scaled to the whole trace, at
 * most one per request. Deterministic: it depends on the trace only.
 */
export function estimateIds(key: Uint32Array, prefix: number, total: number): number {
  let max = -1;
  for (let i = 0; i < prefix; i++) if (key[i] > max) max = key[i];
  const seen = max + 1;
  return Math.max(1, Math.min(total, Math.ceil((seen * total) / Math.max(1, prefix))));
}

/** The trace as views of `chunk` requests (a loaded run's 1 Mi), each once it is published. */
export function* streamedBatches(t: SharedTrace, s: StreamControl): Generator<RequestBatch> {
  const scratch = newBatch(0);
  for (let from = 0; from < s.total; from += s.chunk) {
    const to = Math.min(s.total, from + s.chunk);
    if (!waitFor(s, to)) throw new StreamAborted();
    yield sliceBatch(t, from, to, scratch);
  }
}

/** Publishes that the first `n` requests (or outcomes) are in. */
export function publish(control: Int32Array, n: number): void {
  Atomics.store(control, PUBLISHED, n);
  Atomics.notify(control, PUBLISHED);
}

/**
 * A split run's near tier (in its worker): the near caches replay each view once it is loaded and
 * route their misses; the outcome per position goes to `h.out`, published view by view to the far
 * tier. On any failure the far tier is told (aborted) before this throws.
 */
export async function runNearTier(
  job: Job,
  t: SharedTrace,
  s: StreamControl,
  ids: number,
  h: NearHandoff,
): Promise<void> {
  try {
    const { ClusterSim } = await import("./run.js");
    const sim = await ClusterSim.create(job, ids, false, seenIds(s), "near");
    let pos = 0;
    for (const b of streamedBatches(t, s)) {
      sim.grow(seenIds(s));
      sim.nearInto(b, 0, b.length, pos, h.out);
      pos += b.length;
      publish(h.control, pos);
    }
    end(h.control, true);
  } catch (e) {
    end(h.control, false);
    throw e;
  }
}
