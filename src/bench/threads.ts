// `cachelab bench --threads N`: the RESP driver (./driver.ts) in N worker threads (./driver-worker.ts),
// for when one event loop cannot keep up with the cache (issue 13: the load generator must not be the
// bottleneck). Thread t takes the requests i with i mod N = t, in order, and its share of the
// connections (C/N, the first C mod N threads one more); in open loop each thread runs at R/N, so
// request i is still due about i/R after the start (each thread's clock starts when its connections
// are up, a few ms apart). Every thread is a complete driver: its own sockets, queues, histogram.
//
// Merged on the main thread: counts summed (hits, misses, errors, timeouts, write-back errors,
// unsent, bytes), the outcome per request put back at its index, the latency histograms merged
// (LatencyHistogram.encode/decode — HdrHistogram buckets add exactly, so the run's percentiles are
// those of one histogram of every request), the measured time the longest thread's. A request sent
// during a thread's warm-up is left out of the outcome array, so the result's per-request tallies
// see only measured requests. The timeline's windows add their counts; a window's p99 is the highest
// of the threads' p99s for it (an upper bound: per-window histograms stay in the threads).
// Coordinated omission: each thread measures from each request's due time in open loop, as one
// thread does. Same requests and deterministic replies: the same counts as one thread (a test).
//
// `--ordered` (one connection per node in trace order) stays single-threaded.
import { Worker } from "node:worker_threads";
import { CliError } from "../core/errors.js";
import { LatencyHistogram } from "../sim/cluster/latency.js";
import type { DriverOptions, DriverOutcome, Progress, TimelinePoint } from "./driver.js";
import type { BenchRequests } from "./requests.js";

/** What a worker gets: driver options without the functions, and how to draw the backend's latency. */
export interface WorkerInput {
  options: Omit<DriverOptions, "backendUs" | "signal" | "onProgress">;
  /** A distribution's text (src/scenario/latency.ts), drawn with `seed`. */
  backendLatency: string;
  seed: number;
}

export type WorkerOutput = Omit<DriverOutcome, "latency"> & { latency: string };

/** The requests i with i mod n = t, in order (the arrays copied: they go to another thread). */
export function shareOf(r: BenchRequests, t: number, n: number): BenchRequests {
  const len = t < r.length ? Math.ceil((r.length - t) / n) : 0;
  const key = new Uint32Array(len);
  const size = new Uint32Array(len);
  for (let j = 0; j < len; j++) {
    key[j] = r.key[j * n + t];
    size[j] = r.size[j * n + t];
  }
  return { ...r, length: len, key, size };
}

/**
 * runDriver's call shape over `threads` worker threads (run.ts picks it for `--threads` > 1).
 * `backendLatency` is the text of the backend's distribution, `seed` the run's seed (thread t draws
 * with seed + t).
 */
export function threadedDriver(
  threads: number,
  backendLatency: string,
  seed: number,
): (o: DriverOptions) => Promise<DriverOutcome> {
  return (o) => runThreads(o, threads, backendLatency, seed);
}

export async function runThreads(
  o: DriverOptions,
  threads: number,
  backendLatency: string,
  seed: number,
): Promise<DriverOutcome> {
  if (o.ordered) throw new CliError("--ordered runs on one thread: give --threads 1", 2);
  const T = Math.max(1, Math.min(threads, o.connections, Math.max(1, o.requests.length)));
  const progress: (Progress | null)[] = new Array(T).fill(null);
  const workers: Worker[] = [];
  const onAbort = () => {
    for (const w of workers) w.postMessage({ abort: true });
  };
  o.signal?.addEventListener("abort", onAbort, { once: true });
  let lastProgress = 0;
  const runs = Array.from({ length: T }, (_, t) => {
    const connections = Math.floor(o.connections / T) + (t < o.connections % T ? 1 : 0);
    const input: WorkerInput = {
      options: {
        endpoints: o.endpoints,
        password: o.password,
        owner: o.owner,
        requests: shareOf(o.requests, t, T),
        connections,
        pipeline: o.pipeline,
        ratePerS: o.ratePerS === null ? null : o.ratePerS / T,
        durationMs: o.durationMs,
        warmupMs: o.warmupMs,
        timeoutMs: o.timeoutMs,
      },
      backendLatency,
      seed: seed + t,
    };
    const w = new Worker(new URL("./driver-worker.js", import.meta.url), { workerData: input });
    workers.push(w);
    if (o.signal?.aborted) w.postMessage({ abort: true });
    return new Promise<WorkerOutput>((resolve, reject) => {
      w.on("message", (m: { progress?: Progress; done?: WorkerOutput; error?: string; exit?: 1 | 2 }) => {
        if (m.progress) {
          progress[t] = m.progress;
          const now = performance.now();
          if (o.onProgress && now - lastProgress >= 1000) {
            lastProgress = now;
            const ps = progress.filter((p): p is Progress => p !== null);
            o.onProgress({
              elapsedS: Math.max(...ps.map((p) => p.elapsedS)),
              completed: ps.reduce((s, p) => s + p.completed, 0),
              hits: ps.reduce((s, p) => s + p.hits, 0),
              misses: ps.reduce((s, p) => s + p.misses, 0),
              errors: ps.reduce((s, p) => s + p.errors, 0),
              // the highest of the threads' p99s: an upper bound of the merged p99, as for timeline windows
              p99Ms: maxOf(ps.map((p) => p.p99Ms)),
              windowP99Ms: maxOf(ps.map((p) => p.windowP99Ms)),
            });
          }
        } else if (m.done) resolve(m.done);
        else if (m.error !== undefined) reject(new CliError(m.error, m.exit ?? 1));
      });
      w.on("error", (e) => reject(new CliError(`driver thread ${t}: ${e.message}`, 1)));
      w.on("exit", (code) => reject(new CliError(`driver thread ${t} exited (${code}) without a result`, 1)));
    });
  });
  let outs: WorkerOutput[];
  try {
    outs = await Promise.all(runs);
  } catch (e) {
    onAbort();
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  } finally {
    o.signal?.removeEventListener("abort", onAbort);
  }
  // a worker listening for an abort stays alive: end them (their results are in)
  await Promise.all(workers.map((w) => w.terminate()));
  return merge(outs, o.requests.length, T);
}

/** One outcome from the threads' (thread t held the requests i ≡ t mod T). */
export function merge(outs: WorkerOutput[], n: number, T: number): DriverOutcome {
  const outcome = new Uint8Array(n);
  const servedBy = new Uint8Array(n);
  const latency = new LatencyHistogram();
  // every request below the lowest (first measured index) over the threads is one of a warm-up
  let warmupRequests = n;
  for (const [t, d] of outs.entries()) {
    latency.merge(LatencyHistogram.decode(d.latency));
    // the thread's warm-up requests (local index below its first measured one) stay out of the tallies
    for (let j = d.warmupRequests; j < d.outcome.length; j++) outcome[j * T + t] = d.outcome[j];
    for (let j = 0; j < d.servedBy.length; j++) servedBy[j * T + t] = d.servedBy[j];
    warmupRequests = Math.min(warmupRequests, d.warmupRequests * T + t);
  }
  const sum = (f: (d: WorkerOutput) => number) => outs.reduce((s, d) => s + f(d), 0);
  const windows = Math.max(0, ...outs.map((d) => d.timeline.length));
  const timeline: TimelinePoint[] = [];
  for (let k = 0; k < windows; k++) {
    const here = outs.map((d) => d.timeline[k]).filter((p) => p !== undefined);
    const hits = here.reduce((s, p) => s + p.hits, 0);
    const misses = here.reduce((s, p) => s + p.misses, 0);
    const errors = here.reduce((s, p) => s + p.errors, 0);
    const requests = hits + misses + errors;
    const p99s = here.map((p) => p.p99Ms).filter((x): x is number => x !== null);
    timeline.push({
      tS: here[0]?.tS ?? 0,
      requests,
      hits,
      misses,
      errors,
      hitRatio: requests > 0 ? Math.round((hits / requests) * 1e6) / 1e6 : null,
      p99Ms: p99s.length > 0 ? Math.max(...p99s) : null,
    });
  }
  return {
    timeline,
    timelineWindowMs: outs[0]?.timelineWindowMs ?? 1000,
    failovers: sum((d) => d.failovers),
    reconnects: sum((d) => d.reconnects),
    servedBy,
    endpoints: Math.max(...outs.map((d) => d.endpoints)),
    aborted: outs.some((d) => d.aborted),
    issued: sum((d) => d.issued),
    warmupRequests,
    outcome,
    latency,
    hits: sum((d) => d.hits),
    misses: sum((d) => d.misses),
    errors: sum((d) => d.errors),
    timeouts: sum((d) => d.timeouts),
    setErrors: sum((d) => d.setErrors),
    unsent: sum((d) => d.unsent),
    elapsedMs: Math.max(0, ...outs.map((d) => d.elapsedMs)),
    bytesSent: sum((d) => d.bytesSent),
    bytesReceived: sum((d) => d.bytesReceived),
    firstError: outs.find((d) => d.firstError !== null)?.firstError ?? null,
  };
}

/** The largest of the values given, null when there is none. */
function maxOf(xs: readonly (number | null)[]): number | null {
  const ns = xs.filter((x): x is number => x !== null);
  return ns.length > 0 ? Math.max(...ns) : null;
}
