// Runs simulation jobs over one shared in-memory trace: each job in its own worker thread, at most
// `threads` at a time, results in job order. A fresh worker per job keeps the engine's call sites
// monomorphic (one policy class per isolate). A single job, or a small run (requests × jobs up to
// IN_THREAD_WORK), runs in this thread instead, one job after another: a worker's start-up (its
// isolate loads and compiles the simulator, ~0.3 s here) costs more than it saves on so few requests.
// The results are the same either way (tests compare both).
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { CliError } from "../core/errors.js";
import { type SharedTrace, sliceBatch } from "../workload/shared-trace.js";
import { newBatch, type RequestBatch } from "../workload/types.js";
import { type Job, type JobResult, runJob } from "./job.js";
import type { WorkerInput, WorkerMessage } from "./worker.js";

/** Requests per view of the shared trace a job replays (a streamed run takes the same views). */
export const CHUNK = 1 << 20;

/** The shared trace as a stream of views, 1 Mi requests each (progress ticks between them). */
export function* traceBatches(t: SharedTrace): Generator<RequestBatch> {
  const scratch = newBatch(0);
  for (let from = 0; from < t.length; from += CHUNK)
    yield sliceBatch(t, from, Math.min(t.length, from + CHUNK), scratch);
}

/** The compiled worker; under a TypeScript test runner this module is .ts, so use the build. */
export function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith(".ts")) return new URL("../../dist/src/sim/worker.js", here);
  return new URL("./worker.js", here);
}

/** Request replays in all (requests × jobs) up to which the jobs run in this thread. */
export const IN_THREAD_WORK = 2_000_000;

/** Whether `runParallel` runs these jobs in this thread (never under a timeout: only a worker can be stopped). */
export function runsInThread(
  requests: number,
  jobs: number,
  o: Pick<ParallelOptions, "timeout" | "inThreadWork">,
): boolean {
  if (o.timeout) return false;
  return jobs === 1 || requests * jobs <= (o.inThreadWork ?? IN_THREAD_WORK);
}

export interface ParallelOptions {
  threads?: number;
  /** Replays up to which jobs run in this thread (default IN_THREAD_WORK; 0: workers for several jobs). */
  inThreadWork?: number;
  nextAccess?: Int32Array;
  /** Called with (job index, positions done) as jobs progress. */
  progress?: (job: number, done: number) => void;
  /** Called when a job finishes. */
  finished?: (job: number, result: JobResult) => void;
  /** Seconds a job may run; past it, its worker is stopped and the run fails (exit 1). */
  timeout?: number;
}

export async function runParallel(trace: SharedTrace, jobs: Job[], o: ParallelOptions = {}): Promise<JobResult[]> {
  const threads = Math.max(1, Math.min(o.threads ?? availableParallelism(), jobs.length));
  const results: JobResult[] = new Array(jobs.length);
  if (runsInThread(trace.length, jobs.length, o)) {
    for (let j = 0; j < jobs.length; j++) {
      results[j] = await runJob(jobs[j], {
        batches: traceBatches(trace),
        ids: trace.idSpace,
        ops: trace.op !== null,
        contexts: trace.contexts,
        nextAccess: o.nextAccess,
        progress: (d) => o.progress?.(j, d),
      });
      o.finished?.(j, results[j]);
    }
    return results;
  }
  let next = 0;
  const active = new Set<Worker>();
  const runOne = (j: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const data: WorkerInput = { trace, job: jobs[j], nextAccess: o.nextAccess };
      const w = new Worker(workerUrl(), { workerData: data });
      active.add(w);
      let settled = false;
      // a user's module can loop forever in evict(): only stopping its thread ends that
      const timer =
        o.timeout === undefined
          ? undefined
          : setTimeout(() => {
              settled = true;
              const job = jobs[j];
              reject(
                new CliError(
                  `${job.eviction.name} at ${job.capacityText}: no result after ${o.timeout} s (--timeout); stopped`,
                  1,
                ),
              );
              void w.terminate();
            }, o.timeout * 1000);
      w.on("exit", () => {
        clearTimeout(timer);
        active.delete(w);
      });
      w.on("message", (m: WorkerMessage) => {
        if (m.type === "progress") o.progress?.(j, m.done);
        else if (m.type === "done") {
          settled = true;
          results[j] = m.result;
          o.finished?.(j, m.result);
          resolve();
        } else if (m.type === "error") {
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
  const lane = async (): Promise<void> => {
    while (next < jobs.length) await runOne(next++);
  };
  try {
    await Promise.all(Array.from({ length: threads }, lane));
  } catch (e) {
    // one pair failed: the run has failed, stop the others rather than let them run on
    next = jobs.length;
    for (const w of active) void w.terminate();
    throw e;
  }
  return results;
}
