// Worker thread: replays one job over the shared trace and posts its result. Each job gets a fresh
// worker so that the engine's call sites stay monomorphic (one policy class per isolate).
import { parentPort, workerData } from "node:worker_threads";
import { CliError } from "../core/errors.js";
import { describeThrown } from "../policies/resolve.js";
import type { SharedTrace } from "../workload/shared-trace.js";
import {
  end,
  estimateIds,
  type NearHandoff,
  runNearTier,
  StreamAborted,
  type StreamControl,
  seenIds,
  streamedBatches,
  waitFor,
} from "./cluster/stream.js";
import { type Job, type RunInput, runJob } from "./job.js";
import { traceBatches } from "./parallel.js";

export interface WorkerInput {
  trace: SharedTrace;
  nextAccess?: Int32Array;
  job: Job;
  /** The trace is still being loaded: take it as it is published (cluster/stream.ts). */
  stream?: StreamControl;
  /** One part of a split streamed run (cluster/stream.ts). */
  near?: NearHandoff;
}

export type WorkerMessage =
  | { type: "progress"; done: number }
  | { type: "done"; result: import("./job.js").JobResult }
  /** A streamed trace was not as announced: the main thread runs the job again on the loaded trace. */
  | { type: "aborted" }
  /** A split run's near tier has handed over every position's outcome. */
  | { type: "near-done" }
  | { type: "error"; message: string; exitCode?: 1 | 2 };

const input = workerData as WorkerInput;
const port = parentPort!;
try {
  const progress = (done: number) => port.postMessage({ type: "progress", done } satisfies WorkerMessage);
  const s = input.stream;
  let run: RunInput | null;
  if (s) {
    // the id space is decided on the first views, so wait for them before the job starts
    const prefix = Math.min(s.total, s.chunk);
    if (!waitFor(s, prefix)) {
      if (input.near) end(input.near.control, false);
      throw new StreamAborted();
    }
    const ids = estimateIds(input.trace.key, prefix, s.total);
    const near = input.near;
    if (near?.part === "near") {
      await runNearTier(input.job, input.trace, s, ids, near);
      run = null;
    } else
      run = {
        // the far tier takes each view once the near tier has handed it over
        batches: streamedBatches(input.trace, near ? { ...s, control: near.control } : s),
        ids,
        ops: false,
        growing: { seen: () => seenIds(s) },
        progress,
        ...(near ? { near: near.out } : {}),
      };
  } else
    run = {
      batches: traceBatches(input.trace),
      ids: input.trace.idSpace,
      ops: input.trace.op !== null,
      contexts: input.trace.contexts,
      nextAccess: input.nextAccess,
      progress,
    };
  if (run === null) port.postMessage({ type: "near-done" } satisfies WorkerMessage);
  else {
    const result = await runJob(input.job, run);
    port.postMessage({ type: "done", result } satisfies WorkerMessage);
  }
} catch (e) {
  if (e instanceof StreamAborted) port.postMessage({ type: "aborted" } satisfies WorkerMessage);
  // anything may be thrown (a user's module can `throw 42`): always one line of text
  else
    port.postMessage({
      type: "error",
      message: e instanceof Error ? String(e.message) : describeThrown(e),
      exitCode: e instanceof CliError ? e.exitCode : undefined,
    } satisfies WorkerMessage);
}
