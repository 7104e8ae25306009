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
//
// Replicas and failover (`routing`, R copies per key, primary first — the placement-aware client's
// rule, src/cluster/client.ts): a GET goes to the first copy whose node is not known down and whose
// socket is open; a GET whose connection closes or fails under it (a killed node: reset; a paused
// one: the timeout) is sent again to the next such copy, and counted only once it ends — so a node
// lost with R ≥ 2 costs latency, not errors (`failovers` counts the re-sends). The fill after a miss
// goes to every live copy. Live events (./events.ts) change the routing while the run goes on:
// `DriverControl` marks a node down, and `reroute` appends endpoints (a node added, restarted or
// resumed, a green cluster) with sockets opened for every client before the new table takes effect.
// With `routing` (a local cluster) a socket that closed is reopened while its node is routed and not
// known down (after 100 ms, backing off to 1 s); without it (Redis targets) it stays closed.
import { CliError } from "../core/errors.js";
import { LatencyHistogram } from "../sim/cluster/latency.js";
import {
  type OnReply,
  REPLY_CLOSED,
  REPLY_ERROR,
  REPLY_NIL,
  REPLY_OK,
  REPLY_VALUE,
  RespConnection,
} from "./connection.js";
import { type BenchRequests, GET_HEAD, SET_HEAD, ValueHeads } from "./requests.js";
import { BenchTimeline, progressAt, type TimelinePoint } from "./timeline.js";

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
  /** Copies per key: endpoint indices, primary first (`table[id * r + k]`); replaces `owner` for routing. */
  routing?: Routing;
  /** Scenario events applied during the run (./events.ts). */
  hooks?: LiveHooks;
}

export interface Routing {
  r: number;
  table: Uint8Array;
}

/** What live events may do to a running replay. */
export interface DriverControl {
  /** The lowest index of a request not yet sent (requests from here on see what an event changed). */
  position(): number;
  /** A node the bench stopped or killed: no request goes there until it is marked up. */
  setDown(endpoint: number, down: boolean): void;
  /** Endpoints known so far (indices of `reroute`'s table). */
  endpoints(): number;
  /** Opens every client's sockets to `add` (appended), then routes by `routing` over all endpoints. */
  reroute(add: readonly Endpoint[], routing: Routing): Promise<void>;
  /** Requests issued per object (for copy-hot), halved every HOT_AGE requests. */
  hot: Uint32Array;
}

export interface LiveHooks {
  /** The next request index that fires an event (Infinity: none). */
  nextIndex: number;
  /** Request `i` is issued and `i >= nextIndex`. */
  fire(i: number): void;
  /** The replay starts at `t0` (performance.now()); time events are scheduled from here. */
  start(control: DriverControl, t0: number): void;
  /** The replay ended (or was interrupted): no more events. */
  stop(): void;
}

/** Issued-request counts are halved every this many requests, so "hot" means recent (as the simulator's HOT_AGE). */
export const HOT_AGE = 1 << 20;

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

export type { TimelinePoint } from "./timeline.js";

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
  /** GETs sent again to another copy after their connection failed. */
  failovers: number;
  /** Sockets reopened after they closed (a local cluster's nodes). */
  reconnects: number;
  /** Per request: the endpoint that answered its GET (the last one tried). */
  servedBy: Uint8Array;
  /** Endpoints at the end (events may have appended some). */
  endpoints: number;
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
  const valueHeads = new ValueHeads();
  // routing: R copies per key, endpoint indices over a list that events may extend
  let R = o.routing ? o.routing.r : 1;
  let table = o.routing ? o.routing.table : (o.owner ?? new Uint8Array(r.objects));
  let nEndpoints = o.endpoints.length;
  const endpointList: Endpoint[] = [...o.endpoints];
  // endpoints the current table routes to (a socket of one of them that closes is reopened)
  let routed = new Uint8Array(256);
  const markRouted = () => {
    routed = new Uint8Array(256);
    for (let k = 0; k < table.length; k++) routed[table[k]] = 1;
  };
  if (o.routing) markRouted();
  const reconnecting = new Set<number>();
  let retiredSent = 0;
  let retiredReceived = 0;
  let reconnects = 0;
  let down = new Uint8Array(Math.max(256, nEndpoints));
  const hot = new Uint32Array(o.hooks ? r.objects : 0);
  const hooks = o.hooks;
  const sentTo = new Uint8Array(n);
  const tries = new Uint8Array(n);
  let failovers = 0;
  let maxSize = 1;
  for (let i = 0; i < n; i++) if (r.size[i] > maxSize) maxSize = r.size[i];
  const value = Buffer.alloc(maxSize, 0x78);
  const intended = new Float64Array(n);
  const state = new Uint8Array(n); // 0 new, 1 GET in flight, 2 backend wait, 3 done
  const outcome = new Uint8Array(n);
  const connOf = new Uint16Array(n);
  const latency = new LatencyHistogram();
  // the timeline: at most ~300 windows of whole seconds over the measured time
  const tl = new BenchTimeline(o.durationMs);
  const windowMs = tl.windowMs;
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
    if (reply === REPLY_CLOSED && tries[i] <= R) {
      // the connection failed under it: the next live copy, if any (not counted until it ends)
      const c = clients[connOf[i]];
      const e = pick(c, r.key[i], sentTo[i]);
      if (e >= 0) {
        tries[i]++;
        failovers++;
        sentTo[i] = e;
        c.socks[e].sendKeyed(i, KIND_GET, now, GET_HEAD, r.key[i]);
        return;
      }
    }
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
        const c = clients[connOf[i]].socks[sentTo[i]];
        firstError = reply === REPLY_ERROR ? "an error reply to GET" : (c.closed ?? "connection closed");
      }
      done(i, OUT_ERROR, now);
    }
  };

  /** The first copy of `id` that is not down, not `skip`, with an open socket for client `c`; -1: none. */
  const pick = (c: Client, id: number, skip: number): number => {
    const base = id * R;
    for (let k = 0; k < R; k++) {
      const e = table[base + k];
      if (e !== skip && down[e] === 0 && c.socks[e].closed === null) return e;
    }
    return -1;
  };

  const fill = (i: number, now: number) => {
    const id = r.key[i];
    const socks = clients[connOf[i]].socks;
    const size = r.size[i];
    if (R === 1) {
      socks[table[id]].sendKeyed(i, KIND_SET, now, SET_HEAD, id, valueHeads.get(size), value.subarray(0, size), CRLF);
      return;
    }
    // every live copy (a copy known down or with a closed socket is skipped: it would only fail)
    const base = id * R;
    for (let k = 0; k < R; k++) {
      const e = table[base + k];
      if (down[e] === 0 && socks[e].closed === null)
        socks[e].sendKeyed(i, KIND_SET, now, SET_HEAD, id, valueHeads.get(size), value.subarray(0, size), CRLF);
    }
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
      tl.record(out, us, now);
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
    if (hooks !== undefined) {
      if (i >= hooks.nextIndex && o.ratePerS === null) hooks.fire(i);
      // what a copy-hot cutover copies: recent request counts (nothing to count without events)
      if (++hot[id] === 0xffffffff || (i & (HOT_AGE - 1)) === HOT_AGE - 1)
        for (let k = 0; k < hot.length; k++) hot[k] >>>= 1;
    }
    // the primary unless it is known down or its socket closed; with no live copy the primary (it fails)
    let e = R === 1 ? table[id] : pick(c, id, -1);
    if (e < 0) e = table[id * R];
    sentTo[i] = e;
    c.socks[e].sendKeyed(i, KIND_GET, now, GET_HEAD, id);
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
  const auth = o.password
    ? Buffer.from(`*2\r\n$4\r\nAUTH\r\n$${Buffer.byteLength(o.password)}\r\n${o.password}\r\n`)
    : null;
  if (auth) for (const c of clients) for (const s of c.socks) s.send(-1, KIND_AUTH, performance.now(), auth);

  // A local cluster's client reopens a socket that closed (a timeout, a reset) while its node is in
  // the routing and not known down: after 100 ms, backing off to 1 s while it is refused. Until then
  // the key's other copies take its reads (R = 1: they fail at once).
  const reconnect = (ci: number, e: number) => {
    const key = ci * 256 + e;
    if (reconnecting.has(key)) return;
    reconnecting.add(key);
    const attempt = (delay: number) =>
      setTimeout(() => {
        if (stopping || down[e] === 1 || routed[e] === 0) {
          reconnecting.delete(key);
          return;
        }
        RespConnection.open(endpointList[e].host, endpointList[e].port, onReply, 1000).then(
          (sock) => {
            reconnecting.delete(key);
            if (stopping) {
              sock.close();
              return;
            }
            if (auth) sock.send(-1, KIND_AUTH, performance.now(), auth);
            const old = clients[ci].socks[e];
            retiredSent += old.bytesWritten;
            retiredReceived += old.bytesRead;
            clients[ci].socks[e] = sock;
            reconnects++;
          },
          () => attempt(Math.min(1000, delay * 2)),
        );
      }, delay);
    attempt(100);
  };

  const t0 = performance.now();
  tl.startAt(t0 + o.warmupMs);
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
    if (o.routing && !stopping)
      for (const [ci, c] of clients.entries())
        for (let e = 0; e < c.socks.length; e++)
          if (c.socks[e].closed !== null && down[e] === 0 && routed[e] === 1) reconnect(ci, e);
    if (o.onProgress && now - lastProgress >= 1000) {
      lastProgress = now;
      o.onProgress(progressAt(now, t0, { completed, hits, misses, errors }, latency, tl));
    }
    // drain deadline: whatever is still in flight a timeout after the end will not come
    if (stopping && now > endAt + o.timeoutMs + 100) finish?.();
  }, 20);

  const failInFlight = (s: RespConnection) => s.failAll("timeout");

  if (hooks) {
    const control: DriverControl = {
      // the lowest request not yet sent: open loop, requests due but queued behind a busy connection
      // are sent after whatever the event changes
      position: () => {
        let p = next;
        if (o.ratePerS !== null)
          for (const c of clients)
            if (c.backlogHead < c.backlog.length && c.backlog[c.backlogHead] < p) p = c.backlog[c.backlogHead];
        return p;
      },
      setDown: (e, isDown) => {
        down[e] = isDown ? 1 : 0;
      },
      endpoints: () => nEndpoints,
      hot,
      reroute: async (add, routing) => {
        if (nEndpoints + add.length > 255) throw new Error("more than 255 endpoints over the run");
        // every client's sockets at once; one failure closes the others (nothing half-routed)
        const all = await Promise.allSettled(
          clients.flatMap(() => add.map((e) => RespConnection.open(e.host, e.port, onReply))),
        );
        const failed = all.find((t) => t.status === "rejected");
        const socketsOpened = all.flatMap((t) => (t.status === "fulfilled" ? [t.value] : []));
        if (failed) {
          for (const s of socketsOpened) s.close();
          throw (failed as PromiseRejectedResult).reason;
        }
        const opened = clients.map((_, ci) => socketsOpened.slice(ci * add.length, (ci + 1) * add.length));
        if (auth) for (const socks of opened) for (const s of socks) s.send(-1, KIND_AUTH, performance.now(), auth);
        if (stopping) {
          for (const socks of opened) for (const s of socks) s.close();
          return;
        }
        for (const [ci, c] of clients.entries()) c.socks.push(...opened[ci]);
        nEndpoints += add.length;
        if (nEndpoints > down.length) {
          const d = new Uint8Array(256);
          d.set(down);
          down = d;
        }
        endpointList.push(...add);
        R = routing.r;
        table = routing.table;
        markRouted();
      },
    };
    hooks.start(control, t0);
  }

  if (o.ratePerS !== null) {
    const interval = 1000 / o.ratePerS;
    const tick = () => {
      if (stopping) return;
      const now = performance.now();
      while (next < n && t0 + next * interval <= now) {
        const i = next++;
        intended[i] = t0 + i * interval;
        if (hooks !== undefined && i >= hooks.nextIndex) hooks.fire(i); // open loop: when it is due
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
  hooks?.stop();
  clearInterval(clock);
  o.signal?.removeEventListener("abort", onAbort);
  let bytesSent = retiredSent;
  let bytesReceived = retiredReceived;
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
  const timeline = tl.points();
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
    failovers,
    reconnects,
    servedBy: sentTo,
    endpoints: nEndpoints,
  };
}
