// Worker thread: replays one job over the shared trace and posts its result. Each job gets a fresh
// worker so that the engine's call sites stay monomorphic (one policy class per isolate).
import { parentPort, workerData } from "node:worker_threads";
import { CliError } from "../core/errors.js";
import { describeThrown } from "../policies/resolve.js";
import type { SharedTrace } from "../workload/shared-trace.js";
import { type Job, runJob } from "./job.js";
import { traceBatches } from "./parallel.js";

export interface WorkerInput {
  trace: SharedTrace;
  nextAccess?: Int32Array;
  job: Job;
}

export type WorkerMessage =
  | { type: "progress"; done: number }
  | { type: "done"; result: import("./job.js").JobResult }
  | { type: "error"; message: string; exitCode?: 1 | 2 };

const input = workerData as WorkerInput;
const port = parentPort!;
try {
  const result = await runJob(input.job, {
    batches: traceBatches(input.trace),
    ids: input.trace.idSpace,
    ops: input.trace.op !== null,
    contexts: input.trace.contexts,
    nextAccess: input.nextAccess,
    progress: (done) => port.postMessage({ type: "progress", done } satisfies WorkerMessage),
  });
  port.postMessage({ type: "done", result } satisfies WorkerMessage);
} catch (e) {
  // anything may be thrown (a user's module can `throw 42`): always one line of text
  port.postMessage({
    type: "error",
    message: e instanceof Error ? String(e.message) : describeThrown(e),
    exitCode: e instanceof CliError ? e.exitCode : undefined,
  } satisfies WorkerMessage);
}
