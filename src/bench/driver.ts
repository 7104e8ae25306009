// The live replay: sends a workload's requests to a cache over RESP, look-aside — GET; on a miss wait
// the backend's latency, then SET the value — and measures what comes back.
//
// Load models (Schroeder, Wierman, Harchol-Balter, "Open versus closed: a cautionary tale", NSDI 2006):
//   - open loop (`--rate R/s`): request i is due at t0 + i/R whatever the cache does. It goes to client
//     connection i mod C; a connection holds at most `pipeline` requests in flight, the rest wait in
//     its queue. Latency is measured from the request's DUE time, not from when it could be sent, so a
//     stall counts against every request it delayed: the coordinated-omission correction (G. Tene,
//     "How NOT to measure latency", 2013; wrk2 and HdrHistogram do the same).
//   - closed loop: each connection keeps `pipeline` requests in flight and takes the next request of
//     the workload (in order) when one completes; latency from the moment it is sent.
// A "connection" is one client: against a cluster it holds one socket per node and routes each key
// to its owner (`owner[id]`, from the same placement as the nodes'); against one server, one socket.
//
// Order: with one connection and pipeline 1 in closed loop, requests run strictly one after another,
// so every node sees its keys in trace order — what the simulator replays (the fidelity test runs
// so). A SET after a miss goes on the same socket as later GETs of that node, so the node applies it
// before any later request of that client: there is no read-before-fill race within a connection.
//
// Counted: each request ends as a hit (the GET returned a value), a miss (nil: fetched from the
// backend and written back) or an error (an error reply, a closed connection, a timeout); a failed
// write-back is counted apart (`setErrors`) and does not change its request's outcome. A connection
// whose oldest command is older than `timeoutMs` is closed (its commands in flight are timeouts;
// later requests routed to it fail at once). Requests due but not yet sent when the run ends are
// `unsent`. Only requests issued after the warm-up are measured.
// Latency goes into src/sim/cluster/latency.ts's LatencyHistogram (HdrHistogram layout, 3 digits).
import { CliError } from "../core/errors.js";
import { LatencyHistogram } from "../sim/cluster/latency.js";
import { type OnReply, REPLY_ERROR, REPLY_NIL, REPLY_OK, REPLY_VALUE, RespConnection } from "./connection.js";
import { type BenchRequests, CommandCache } from "./requests.js";

export const OUT_HIT = 1;
export const OUT_MISS = 2;
export const OUT_ERROR = 3;

const KIND_GET = 0;
const KIND_SET = 1;
const KIND_AUTH = 2;
const CRLF = Buffer.from("\r\n");

export interface Endpoint {
  host: string;
  port: number;
}

export interface DriverOptions {
  endpoints: readonly Endpoint[];
  password?: string | null;
  /** Endpoint index per object id; null: every key to endpoint 0. */
  owner: Uint8Array | null;
  requests: BenchRequests;
  connections: number;
  pipeline: number;
  /** Requests per second (open loop), or null for closed loop. */
  ratePerS: number | null;
  durationMs: number;
  warmupMs: number;
  /** The backend's latency for one miss, µs (drawn per miss). */
  backendUs: () => number;
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /**
   * Closed loop, one connection per node, each taking its node's requests in trace order: every
   * node sees exactly the sequence the simulator replays for it, with the nodes working in parallel.
   * Needs `owner`, warm-up 0; `connections` is ignored.
   */
  ordered?: boolean;
}

export interface Progress {
  elapsedS: number;
  completed: number;
  hits: number;
  misses: number;
  errors: number;
  /** p99 latency (ms) of the measured requests so far, and of the last whole timeline window; null: none yet. */
  p99Ms: number | null;
  windowP99Ms: number | null;
}

/** One window of the run's timeline (by completion time after the warm-up). */
export interface TimelinePoint {
  /** Start of the window, seconds after the warm-up. */
  tS: number;
  requests: number;
  hits: number;
  misses: number;
  errors: number;
  /** hits / requests (null: no request completed in the window). */
  hitRatio: number | null;
  p99Ms: number | null;
}

export interface DriverOutcome {
  /** Hit ratio and p99 per window of `timelineWindowMs` of completion time. */
  timeline: TimelinePoint[];
  timelineWindowMs: number;
  aborted: boolean;
  /** Requests issued (sent) in all, warm-up included. */
  issued: number;
  /** Index of the first measured request (the warm-up is every request before it). */
  warmupRequests: number;
  /** Per request: 0 never sent, OUT_HIT, OUT_MISS or OUT_ERROR. */
  outcome: Uint8Array;
  /** Completion order is not kept: latency per measured request, µs (NaN when not measured). */
  latency: LatencyHistogram;
  hits: number;
  misses: number;
  errors: number;
  timeouts: number;
  setErrors: number;
  unsent: number;
  /** Measured period, ms: from the end of the warm-up to the last completion. */
  elapsedMs: number;
  bytesSent: number;
  bytesReceived: number;
  /** The first error message seen, if any. */
  firstError: string | null;
}

interface Client {
  socks: RespConnection[];
  outstanding: number;
  backlog: number[];
  backlogHead: number;
}

export async function runDriver(o: DriverOptions): Promise<DriverOutcome> {
  const r = o.requests;
  const n = r.length;
  if (o.ordered && (o.ratePerS !== null || o.warmupMs !== 0))
    throw new Error("an ordered replay is closed-loop without warm-up");
  const C = o.ordered ? o.endpoints.length : o.connections;
  // ordered: the request indices of each node, in order, and how far each connection has got
  const lists: Int32Array[] = [];
  const cursor = new Int32Array(C);
  if (o.ordered) {
    const counts = new Int32Array(C);
    for (let i = 0; i < n; i++) counts[o.owner ? o.owner[r.key[i]] : 0]++;
    for (let c = 0; c < C; c++) lists.push(new Int32Array(counts[c]));
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const node = o.owner ? o.owner[r.key[i]] : 0;
      lists[node][counts[node]++] = i;
    }
  }
  let exhausted = 0;
  const P = o.pipeline;
  const cache = new CommandCache(r.objects);
  let maxSize = 1;
  for (let i = 0; i < n; i++) if (r.size[i] > maxSize) maxSize = r.size[i];
  const value = Buffer.alloc(maxSize, 0x78);
  const intended = new Float64Array(n);
  const state = new Uint8Array(n); // 0 new, 1 GET in flight, 2 backend wait, 3 done
  const outcome = new Uint8Array(n);
  const connOf = new Uint16Array(n);
  const latency = new LatencyHistogram();
  // the timeline: at most ~300 windows of whole seconds over the measured time
  const windowMs = Math.max(1000, Math.ceil(o.durationMs / 300 / 1000) * 1000);
  const tl: { hits: number; misses: number; errors: number; hist: LatencyHistogram }[] = [];
  let hits = 0;
  let misses = 0;
  let errors = 0;
  let timeouts = 0;
  let setErrors = 0;
  let completed = 0;
  let inFlight = 0;
  let next = 0;
  let warmIndex = o.ordered ? 0 : -1;
  let stopping = false;
  let lastDone = 0;
  let firstError: string | null = null;
  let fatal: Error | null = null;
  let finish: (() => void) | null = null;

  const clients: Client[] = [];
  const onReply: OnReply = (i, kind, reply, now) => {
    if (kind === KIND_AUTH) {
      if (reply !== REPLY_OK) fatal ??= new CliError("AUTH failed: wrong password, or the server has none", 1);
      return;
    }
    if (kind === KIND_SET) {
      if (reply !== REPLY_OK) setErrors++;
      return;
    }
    if (state[i] !== 1) return; // timed out already
    if (reply === REPLY_VALUE) done(i, OUT_HIT, now);
    else if (reply === REPLY_NIL) {
      const wait = o.backendUs();
      if (wait < 1000 * 0.05) {
        fill(i, now);
        done(i, OUT_MISS, now);
      } else {
        state[i] = 2;
        setTimeout(() => {
          if (stopping && o.signal?.aborted) return;
          const t = performance.now();
          fill(i, t);
          done(i, OUT_MISS, t);
        }, wait / 1000);
      }
    } else {
      if (firstError === null) {
        const c = clients[connOf[i]].socks[o.owner ? o.owner[r.key[i]] : 0];
        firstError = reply === REPLY_ERROR ? "an error reply to GET" : (c.closed ?? "connection closed");
      }
      done(i, OUT_ERROR, now);
    }
  };

  const fill = (i: number, now: number) => {
    const id = r.key[i];
    const sock = clients[connOf[i]].socks[o.owner ? o.owner[id] : 0];
    const size = r.size[i];
    sock.send(i, KIND_SET, now, cache.setKey(id), cache.setValueHead(size), value.subarray(0, size), CRLF);
  };

  const done = (i: number, out: number, now: number) => {
    state[i] = 3;
    outcome[i] = out;
    completed++;
    inFlight--;
    lastDone = now;
    if (warmIndex >= 0 && i >= warmIndex) {
      if (out === OUT_HIT) hits++;
      else if (out === OUT_MISS) misses++;
      else errors++;
      const us = Math.max(0, (now - intended[i]) * 1000);
      latency.record(us);
      const w = Math.max(0, Math.floor((now - t0 - o.warmupMs) / windowMs));
      while (tl.length <= w) tl.push({ hits: 0, misses: 0, errors: 0, hist: new LatencyHistogram() });
      const x = tl[w];
      if (out === OUT_HIT) x.hits++;
      else if (out === OUT_MISS) x.misses++;
      else x.errors++;
      x.hist.record(us);
    }
    const c = clients[connOf[i]];
    c.outstanding--;
    pump(connOf[i], now);
    if (stopping && inFlight === 0) finish?.();
  };

  const issue = (i: number, ci: number, now: number) => {
    if (o.ratePerS === null) intended[i] = now;
    if (warmIndex < 0 && intended[i] >= t0 + o.warmupMs) warmIndex = i;
    connOf[i] = ci;
    state[i] = 1;
    inFlight++;
    const c = clients[ci];
    c.outstanding++;
    const id = r.key[i];
    c.socks[o.owner ? o.owner[id] : 0].send(i, KIND_GET, now, cache.get(id));
  };

  const pump = (ci: number, now: number) => {
    if (stopping) return;
    const c = clients[ci];
    if (o.ordered) {
      const list = lists[ci];
      while (c.outstanding < P && cursor[ci] < list.length) {
        issue(list[cursor[ci]++], ci, now);
        next++;
      }
      if (cursor[ci] === list.length && c.outstanding === 0 && c.backlogHead !== -1) {
        c.backlogHead = -1; // marks this connection done
        if (++exhausted === C) stop();
      }
    } else if (o.ratePerS === null) {
      while (c.outstanding < P && next < n) issue(next++, ci, now);
      if (next === n) stop();
    } else {
      while (c.outstanding < P && c.backlogHead < c.backlog.length) issue(c.backlog[c.backlogHead++], ci, now);
      if (c.backlogHead > 4096 && c.backlogHead * 2 > c.backlog.length) {
        c.backlog = c.backlog.slice(c.backlogHead);
        c.backlogHead = 0;
      }
    }
  };

  // connect every client's sockets (in parallel), authenticate
  try {
    for (let ci = 0; ci < C; ci++) {
      const socks = await Promise.all(o.endpoints.map((e) => RespConnection.open(e.host, e.port, onReply)));
      clients.push({ socks, outstanding: 0, backlog: [], backlogHead: 0 });
    }
  } catch (e) {
    for (const c of clients) for (const s of c.socks) s.close();
    throw new CliError(`cannot reach the target: ${(e as Error).message}`, 1);
  }
  if (o.password) {
    const auth = Buffer.from(`*2\r\n$4\r\nAUTH\r\n$${Buffer.byteLength(o.password)}\r\n${o.password}\r\n`);
    for (const c of clients) for (const s of c.socks) s.send(-1, KIND_AUTH, performance.now(), auth);
  }

  const t0 = performance.now();
  const endAt = t0 + o.warmupMs + o.durationMs;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (inFlight === 0) finish?.();
  };

  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const onAbort = () => {
    stopping = true;
    for (const c of clients) for (const s of c.socks) s.close();
    finish?.();
  };
  o.signal?.addEventListener("abort", onAbort, { once: true });
  if (o.signal?.aborted) onAbort();

  // the clock: stops the run at its end, closes stuck connections, reports progress
  let lastProgress = t0;
  const clock = setInterval(() => {
    const now = performance.now();
    if (now >= endAt) stop();
    if (fatal) {
      stop();
      onAbort();
    }
    for (const c of clients)
      for (const s of c.socks)
        if (s.closed === null && now - s.oldestSentAt() > o.timeoutMs) {
          timeouts += s.inFlight;
          s.close();
          // close() reports nothing; the in-flight commands end as errors through a closed socket
          failInFlight(s);
        }
    if (o.onProgress && now - lastProgress >= 1000) {
      lastProgress = now;
      const last = tl[Math.floor((now - t0 - o.warmupMs) / windowMs) - 1];
      o.onProgress({
        elapsedS: (now - t0) / 1000,
        completed,
        hits,
        misses,
        errors,
        p99Ms: latency.count > 0 ? latency.percentileMs(99) : null,
        windowP99Ms: last && last.hist.count > 0 ? last.hist.percentileMs(99) : null,
      });
    }
    // drain deadline: whatever is still in flight a timeout after the end will not come
    if (stopping && now > endAt + o.timeoutMs + 100) finish?.();
  }, 20);

  const failInFlight = (s: RespConnection) => s.failAll("timeout");

  if (o.ratePerS !== null) {
    const interval = 1000 / o.ratePerS;
    const tick = () => {
      if (stopping) return;
      const now = performance.now();
      while (next < n && t0 + next * interval <= now) {
        const i = next++;
        intended[i] = t0 + i * interval;
        const ci = i % C;
        const c = clients[ci];
        if (c.outstanding < P && c.backlogHead === c.backlog.length) issue(i, ci, now);
        else c.backlog.push(i);
      }
      if (next === n) {
        // every request is due: the run ends when the queues have drained
        const waitQueues = () => {
          if (clients.some((c) => c.backlogHead < c.backlog.length) && !stopping) setTimeout(waitQueues, 1);
          else stop();
        };
        waitQueues();
        return;
      }
      const wait = t0 + next * interval - performance.now();
      if (wait > 2) setTimeout(tick, wait - 1);
      else setImmediate(tick);
    };
    tick();
  } else {
    const now = performance.now();
    for (let ci = 0; ci < C; ci++) pump(ci, now);
    if (n === 0) stop();
    void now;
  }

  await finished;
  clearInterval(clock);
  o.signal?.removeEventListener("abort", onAbort);
  let bytesSent = 0;
  let bytesReceived = 0;
  for (const c of clients)
    for (const s of c.socks) {
      bytesSent += s.bytesWritten;
      bytesReceived += s.bytesRead;
      s.close();
    }
  if (fatal) throw fatal;
  // due but never sent: open loop only (a closed loop sends a request only when it can)
  let unsent = 0;
  if (o.ratePerS !== null) for (let i = 0; i < next; i++) if (state[i] === 0) unsent++;
  let issued = 0;
  for (let i = 0; i < n; i++) if (state[i] !== 0) issued++;
  const measuredFrom = t0 + o.warmupMs;
  const timeline = tl.map((x, k) => {
    const requests = x.hits + x.misses + x.errors;
    return {
      tS: (k * windowMs) / 1000,
      requests,
      hits: x.hits,
      misses: x.misses,
      errors: x.errors,
      hitRatio: requests > 0 ? Math.round((x.hits / requests) * 1e6) / 1e6 : null,
      p99Ms: requests > 0 ? x.hist.percentileMs(99) : null,
    };
  });
  return {
    timeline,
    timelineWindowMs: windowMs,
    aborted: o.signal?.aborted ?? false,
    issued,
    warmupRequests: warmIndex < 0 ? next : warmIndex,
    outcome,
    latency,
    hits,
    misses,
    errors,
    timeouts,
    setErrors,
    unsent,
    elapsedMs: Math.max(0, lastDone - measuredFrom),
    bytesSent,
    bytesReceived,
    firstError,
  };
}
