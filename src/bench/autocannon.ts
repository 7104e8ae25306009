// `cachelab bench --driver autocannon`: the same look-aside replay as ./driver.ts, over the cachelab
// nodes' HTTP port (src/cluster/node/http.ts) instead of RESP, for teams that cache behind HTTP:
//   GET /v1/keys/k:NNNNNNNNNN      200: a hit; 404: a miss — wait the backend's latency (drawn per
//                                  miss), then PUT /v1/keys/k:… with a body of the request's size
//   anything else (421, 401, 5xx, a timeout, a closed connection): an error
//
// The load comes from autocannon (github.com/mcollina/autocannon, v9), through its programmatic API:
// one autocannon instance per node (a key goes to its owner's HTTP port: the node answers 421 to a
// key it does not own), `connections` HTTP/1.1 connections each, pipelining 1, closed loop. Each
// connection loops over two requests: a GET whose `setupRequest` takes the node's next request of
// the workload, and a PUT whose `setupRequest` returns nothing after a hit — autocannon then restarts
// at the GET — or builds the write-back after a miss. `onResponse` classifies each reply.
// The backend wait: autocannon sends a connection's next request as soon as a reply is complete, and
// its API has no delay; the wait is made by deferring that connection's `_doRequest` (autocannon's
// Client method that sends the next request) with a timer — the one use of an autocannon internal,
// checked at start-up so that another autocannon version fails clearly instead of not waiting.
//
// Latency is ours, per look-aside request, into the same HdrHistogram as the RESP driver: from the
// moment the GET is built (just before autocannon writes it) to its reply (a hit) or to the end of
// the backend wait (a miss: the PUT is then built, as the RESP driver sends the SET). This is a
// closed loop: no coordinated-omission correction (`--rate` is refused: autocannon's rate mode
// counts the PUTs of misses as requests and limits per connection per second). autocannon's own
// histogram — per HTTP request, GETs and PUTs alike, 404s included, milliseconds — goes to the notes.
//
// Parameters: connections (per node), warm-up and duration, the backend's latency, timeout (autocannon's
// per-request timeout, whole seconds at least 1).
import { createRequire } from "node:module";
import { CliError, InputError } from "../core/errors.js";
import { LatencyHistogram } from "../sim/cluster/latency.js";
import type { DriverOptions, DriverOutcome, Endpoint, Progress } from "./driver.js";
import { OUT_ERROR, OUT_HIT, OUT_MISS } from "./driver.js";
import { type BenchRequests, keyOf } from "./requests.js";
import { BenchTimeline, progressAt } from "./timeline.js";

export interface HttpDriverOptions {
  /** Each node's HTTP endpoint, in the order of `owner`'s indices. */
  endpoints: readonly Endpoint[];
  password?: string | null;
  /** Endpoint index per object id; null: every key to endpoint 0. */
  owner: Uint8Array | null;
  requests: BenchRequests;
  /** HTTP connections per node. */
  connections: number;
  durationMs: number;
  warmupMs: number;
  /** The backend's latency for one miss, µs (drawn per miss). */
  backendUs: () => number;
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface HttpDriverOutcome extends DriverOutcome {
  /** What autocannon itself reported, summed over the nodes' instances (its latency: per HTTP request). */
  autocannon: { httpRequests: number; non2xx: number; errors: number; timeouts: number; latency: string };
}

// the slice of autocannon's API used here (the package ships no types)
interface AcRequest {
  method?: string;
  path?: string;
  body?: Buffer | string;
  headers?: Record<string, string>;
}
interface AcRequestSpec extends AcRequest {
  setupRequest?: (req: AcRequest, ctx: Record<string, unknown>) => AcRequest | null;
  onResponse?: (status: number, body: string, ctx: Record<string, unknown>) => void;
}
interface AcClient {
  destroyed: boolean;
  _doRequest?: () => void;
  getRequestBuffer?: () => Buffer;
  on(event: "connError", f: (e: Error) => void): void;
  on(event: "timeout", f: () => void): void;
}
interface AcHistogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
interface AcResult {
  requests: { sent: number };
  latency: AcHistogram;
  throughput: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AcInstance {
  stop(): void;
  on(event: "done", f: (r: AcResult) => void): void;
  on(event: "error", f: (e: Error) => void): void;
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, r: AcResult) => void) => AcInstance;

const NOT_MEASURED = 0;

export async function runAutocannon(o: HttpDriverOptions): Promise<HttpDriverOutcome> {
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  const r = o.requests;
  const n = r.length;
  const E = o.endpoints.length;
  // each node's requests, in trace order, and how far its connections have taken them
  const counts = new Int32Array(E);
  for (let i = 0; i < n; i++) counts[o.owner ? o.owner[r.key[i]] : 0]++;
  const lists = Array.from(counts, (c) => new Int32Array(c));
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const e = o.owner ? o.owner[r.key[i]] : 0;
    lists[e][counts[e]++] = i;
  }
  const cursor = new Int32Array(E);
  /** Look-aside requests started and not finished (PUT answered or the GET's outcome final), per node. */
  const open = new Int32Array(E);
  let maxSize = 1;
  for (let i = 0; i < n; i++) if (r.size[i] > maxSize) maxSize = r.size[i];
  const value = Buffer.alloc(maxSize, 0x78);
  const startedAt = new Float64Array(n);
  /** Per request: 0, or its outcome when it was measured (a warm-up request's stays 0, as never sent). */
  const outcome = new Uint8Array(n);
  const measured = new Uint8Array(n);
  const finished = new Uint8Array(n);
  const latency = new LatencyHistogram();
  const auth: Record<string, string> = o.password ? { authorization: `Bearer ${o.password}` } : {};
  let hits = 0;
  let misses = 0;
  let errors = 0;
  let timeouts = 0;
  let setErrors = 0;
  let completed = 0;
  let issued = 0;
  /** The lowest index of a measured request: every request below it is warm-up or never sent. */
  let firstMeasured = n;
  let bytesSent = 0;
  let lastDone = 0;
  let stopping = false;
  let firstError: string | null = null;
  /** The backend wait (ms) the reply just classified asks of its connection's next request. */
  let pendingWaitMs = 0;
  const t0 = performance.now();
  const measureFrom = t0 + o.warmupMs;
  const tl = new BenchTimeline(o.durationMs);
  tl.startAt(measureFrom);
  const endAt = measureFrom + o.durationMs;

  const done = (i: number, out: number, now: number) => {
    finished[i] = 1;
    completed++;
    lastDone = now;
    if (measured[i] === NOT_MEASURED) return;
    outcome[i] = out;
    if (i < firstMeasured) firstMeasured = i;
    if (out === OUT_HIT) hits++;
    else if (out === OUT_MISS) misses++;
    else errors++;
    const us = Math.max(0, (now - startedAt[i]) * 1000);
    latency.record(us);
    tl.record(out, us, now);
  };

  const instances: AcInstance[] = [];
  const results: AcResult[] = [];
  const stopNode = (e: number) => {
    const inst = instances[e];
    if (inst && !stoppedNode[e]) {
      stoppedNode[e] = 1;
      inst.stop();
    }
  };
  const stoppedNode = new Uint8Array(E);
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (let e = 0; e < E; e++) stopNode(e);
  };
  const nodeFinished = (e: number) => {
    if (open[e] === 0 && (cursor[e] === lists[e].length || stopping)) stopNode(e);
  };

  const specsFor = (e: number): AcRequestSpec[] => {
    const list = lists[e];
    return [
      {
        method: "GET",
        setupRequest: (req, ctx) => {
          if (stopping || cursor[e] === list.length) {
            // nothing left for this connection; autocannon needs a request: a harmless one
            ctx.i = -1;
            req.method = "GET";
            req.path = "/healthz";
            return req;
          }
          const i = list[cursor[e]++];
          const now = performance.now();
          ctx.i = i;
          startedAt[i] = now;
          if (now >= measureFrom) measured[i] = 1;
          issued++;
          open[e]++;
          req.method = "GET";
          req.path = `/v1/keys/${keyOf(r.key[i])}`;
          return req;
        },
        onResponse: (status, _body, ctx) => {
          const i = ctx.i as number;
          ctx.miss = false;
          if (i < 0) return;
          const now = performance.now();
          if (status === 200) {
            done(i, OUT_HIT, now);
            open[e]--;
            nodeFinished(e);
          } else if (status === 404) {
            ctx.miss = true;
            pendingWaitMs = o.backendUs() / 1000;
          } else {
            firstError ??= `HTTP ${status} to GET /v1/keys/${keyOf(r.key[i])}`;
            done(i, OUT_ERROR, now);
            open[e]--;
            nodeFinished(e);
          }
        },
      },
      {
        method: "PUT",
        setupRequest: (req, ctx) => {
          if (!ctx.miss) return null; // a hit or an error: back to the GET of the next request
          const i = ctx.i as number;
          done(i, OUT_MISS, performance.now());
          req.method = "PUT";
          req.path = `/v1/keys/${keyOf(r.key[i])}`;
          req.body = value.subarray(0, r.size[i]);
          return req;
        },
        onResponse: (status, _body, ctx) => {
          if (status !== 204 && status !== 202) setErrors++;
          ctx.miss = false;
          open[e]--;
          nodeFinished(e);
        },
      },
    ];
  };

  const setupClient = (client: AcClient) => {
    const send = client._doRequest;
    const buffer = client.getRequestBuffer;
    if (typeof send !== "function" || typeof buffer !== "function")
      throw new CliError(
        "--driver autocannon: this autocannon version has no Client._doRequest/getRequestBuffer (cachelab needs autocannon 9)",
        1,
      );
    // the backend wait: defer the send that follows a miss's reply
    client._doRequest = () => {
      const wait = pendingWaitMs;
      pendingWaitMs = 0;
      if (client.destroyed) return;
      if (wait <= 0.05) send.call(client);
      else
        setTimeout(() => {
          if (!client.destroyed) send.call(client);
        }, wait);
    };
    client.getRequestBuffer = () => {
      const b = buffer.call(client);
      bytesSent += b.length;
      return b;
    };
    client.on("connError", (err) => {
      firstError ??= `connection error: ${err.message}`;
    });
    client.on("timeout", () => {
      timeouts++;
    });
  };

  const ran = Promise.all(
    o.endpoints.map(
      (ep, e) =>
        new Promise<void>((resolve, reject) => {
          const inst = autocannon(
            {
              url: `http://${ep.host}:${ep.port}`,
              connections: o.connections,
              pipelining: 1,
              // copied into each request by autocannon (a request's own headers object gets its Content-Length)
              headers: auth,
              // we stop it; this only bounds a run that would hang
              duration: Math.ceil((o.warmupMs + o.durationMs + o.timeoutMs) / 1000) + 60,
              timeout: Math.max(1, Math.ceil(o.timeoutMs / 1000)),
              requests: specsFor(e),
              setupClient,
              // how often autocannon looks at its stop flag (and samples its per-interval counts)
              sampleInt: 100,
            },
            (err, res) => {
              if (err) reject(err);
              else {
                results[e] = res;
                resolve();
              }
            },
          );
          instances[e] = inst;
          if (lists[e].length === 0) stopNode(e);
        }),
    ),
  );

  const onAbort = () => stop();
  o.signal?.addEventListener("abort", onAbort, { once: true });
  if (o.signal?.aborted) onAbort();
  let lastProgress = t0;
  const clock = setInterval(() => {
    const now = performance.now();
    if (now >= endAt) stop();
    if (o.onProgress && now - lastProgress >= 1000) {
      lastProgress = now;
      o.onProgress(progressAt(now, t0, { completed, hits, misses, errors }, latency, tl));
    }
  }, 20);
  try {
    await ran;
  } catch (e) {
    stop();
    throw new CliError(`--driver autocannon: ${(e as Error).message}`, 1);
  } finally {
    clearInterval(clock);
    o.signal?.removeEventListener("abort", onAbort);
  }

  // a request started whose outcome never came (its connection timed out or closed): an error
  for (let e = 0; e < E; e++)
    for (let k = 0; k < cursor[e]; k++) {
      const i = lists[e][k];
      if (finished[i] === 0) {
        firstError ??= "no reply (timeout or closed connection)";
        done(i, OUT_ERROR, performance.now());
      }
    }
  const timeline = tl.points();
  const ac = { httpRequests: 0, non2xx: 0, errors: 0, timeouts: 0, latency: "" };
  const lat: string[] = [];
  results.forEach((res, e) => {
    if (!res) return;
    ac.httpRequests += res.requests.sent;
    ac.non2xx += res.non2xx;
    ac.errors += res.errors;
    ac.timeouts += res.timeouts;
    const l = res.latency;
    lat.push(`${o.endpoints[e].host}:${o.endpoints[e].port} p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms`);
  });
  ac.latency = lat.join("; ");
  return {
    timeline,
    timelineWindowMs: tl.windowMs,
    failovers: 0,
    reconnects: 0,
    servedBy: ownersServed(o),
    endpoints: o.endpoints.length,
    aborted: o.signal?.aborted ?? false,
    issued,
    warmupRequests: firstMeasured,
    outcome,
    latency,
    hits,
    misses,
    errors,
    timeouts,
    setErrors,
    unsent: 0,
    elapsedMs: Math.max(0, lastDone - measureFrom),
    bytesSent,
    bytesReceived: results.reduce((s, res) => s + (res ? res.throughput.total : 0), 0),
    firstError,
    autocannon: ac,
  };
}

/** What `--driver autocannon` cannot do, as a usage error (exit 2), before anything starts. */
export function checkAutocannon(
  o: {
    target: string;
    ratePerS: number | null;
    pipeline: number;
    ordered?: boolean;
    compareSim: boolean;
    threads?: number;
  },
  targetType: string,
): void {
  const why =
    targetType !== "local"
      ? `--target ${o.target}: only a local cluster (its nodes' HTTP ports, from the state file) is driven over HTTP`
      : o.ratePerS !== null
        ? "--rate: autocannon runs closed-loop here (its rate mode counts the PUTs of misses as requests); give --rate closed-loop"
        : o.pipeline !== 1
          ? "--pipeline: autocannon's request API keeps one request in flight per connection; give --pipeline 1"
          : o.ordered
            ? "--ordered needs the RESP driver"
            : o.compareSim
              ? "--compare-sim needs the RESP driver"
              : (o.threads ?? 1) > 1
                ? "--threads is the RESP driver's (autocannon runs in this thread)"
                : null;
  if (why) throw new InputError(`--driver autocannon: ${why}`);
}

/**
 * The RESP driver's call shape over the nodes' HTTP ports (`http`, in the order of the RESP
 * endpoints): run.ts picks one or the other. What autocannon itself measured goes to `notes`.
 */
export function httpDriver(http: readonly Endpoint[], notes: string[]): (o: DriverOptions) => Promise<DriverOutcome> {
  return async (o) => {
    const out = await runAutocannon({ ...o, endpoints: http });
    const a = out.autocannon;
    notes.push(
      `autocannon's own count: ${a.httpRequests} HTTP requests (GETs and the PUTs of misses; ${a.non2xx} non-2xx, 404 misses included), ${a.errors} errors, ${a.timeouts} timeouts; its own latency per HTTP request, not per look-aside request and without coordinated-omission correction: ${a.latency}`,
    );
    return out;
  };
}

/** Per request, the endpoint its GET went to: the key's owner (this driver has no failover). */
function ownersServed(o: {
  owner: Uint8Array | null;
  requests: { key: ArrayLike<number>; length: number };
}): Uint8Array {
  const served = new Uint8Array(o.requests.length);
  if (o.owner) for (let i = 0; i < served.length; i++) served[i] = o.owner[o.requests.key[i]];
  return served;
}
