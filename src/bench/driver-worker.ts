// One worker thread of a threaded bench (./threads.ts): runs ./driver.ts's runDriver over the share of
// the requests and connections it is given, and posts back its outcome — counts, outcome per request
// of its share, and its latency histogram encoded (LatencyHistogram.encode), since a class instance
// does not cross a thread boundary. The backend's latency is drawn here from the distribution's text
// and a seed of its own (a function does not cross either). An abort message from the main thread
// aborts the run. Progress is posted about once a second.
import { parentPort, workerData } from "node:worker_threads";
import { defaultLatency, parseDistribution } from "../scenario/latency.js";
import { LatencySampler } from "../sim/cluster/latency.js";
import { runDriver } from "./driver.js";
import type { WorkerInput, WorkerOutput } from "./threads.js";

const input = workerData as WorkerInput;
const port = parentPort;
if (port === null) throw new Error("driver-worker runs in a worker thread");
const config = defaultLatency();
config.backend = parseDistribution(input.backendLatency);
const sampler = new LatencySampler(config, input.seed);
const ac = new AbortController();
port.on("message", (m: { abort?: boolean }) => {
  if (m.abort) ac.abort();
});
try {
  const d = await runDriver({
    ...input.options,
    backendUs: () => sampler.backend(),
    signal: ac.signal,
    onProgress: (p) => port.postMessage({ progress: p }),
  });
  const out: WorkerOutput = {
    ...d,
    latency: d.latency.encode(),
  };
  port.postMessage({ done: out }, [out.outcome.buffer as ArrayBuffer]);
} catch (e) {
  const err = e as Error & { exitCode?: number; oclif?: { exit?: number } };
  port.postMessage({ error: err.message, exit: err.oclif?.exit ?? err.exitCode ?? 1 });
}
