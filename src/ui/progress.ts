// The state of a running simulation as the views see it, folded from the engine's events, and the
// words both views (ink on a terminal, plain lines in logs) use for it: requests read while loading,
// each pair's share done, elapsed time, requests per second and an ETA. Times are passed in (`now`,
// in ms) so that a state and its text can be tested without a clock.
import { formatBytes } from "../core/format-bytes.js";
import type { JobResult } from "../sim/job.js";
import type { SimulateEvent } from "../sim/simulate.js";

export interface LoadingState {
  requests: number;
  expectedRequests: number | null;
  fileBytes: number | null;
}

export interface SimulationState {
  phase: "loading" | "running" | "done";
  /** When the view started (ms). */
  startedAt: number;
  /** The clock of the last event (ms): elapsed times are measured to it. */
  now: number;
  loading: LoadingState | null;
  /** When loading started (ms). */
  loadingSince: number;
  /** Requests each pair replays (null: not known before the end, e.g. a streamed CSV). */
  total: number | null;
  jobs: { eviction: string; capacityText: string }[];
  /** Positions replayed per job. */
  done: number[];
  /** When each job started (ms); undefined: not yet. */
  started: (number | undefined)[];
  /** When each job last moved forward (ms): a pair that stops moving is shown as stalled. */
  advancedAt: (number | undefined)[];
  finished: { job: number; result: JobResult }[];
}

export function initialState(now = Date.now()): SimulationState {
  return {
    phase: "loading",
    startedAt: now,
    now,
    loading: null,
    loadingSince: now,
    total: null,
    jobs: [],
    done: [],
    started: [],
    advancedAt: [],
    finished: [],
  };
}

/** Folds one engine event into the state (mutates and returns it). */
export function applyEvent(state: SimulationState, e: SimulateEvent, now = Date.now()): SimulationState {
  state.now = now;
  if (e.type === "loading") {
    if (state.loading === null) state.loadingSince = now;
    state.phase = "loading";
    state.loading = { requests: e.requests, expectedRequests: e.expectedRequests, fileBytes: e.fileBytes };
  } else if (e.type === "loaded") {
    // all read: the loading line shows 100 % until the pairs start
    state.loading = { requests: e.requests, expectedRequests: e.requests, fileBytes: state.loading?.fileBytes ?? null };
  } else if (e.type === "start") {
    state.phase = "running";
    state.jobs = e.jobs;
    state.total = e.requests;
  } else if (e.type === "progress") {
    state.started[e.job] ??= now;
    if (state.advancedAt[e.job] === undefined || e.done !== state.done[e.job]) state.advancedAt[e.job] = now;
    state.done[e.job] = e.done;
  } else if (e.type === "finished") state.finished.push({ job: e.job, result: e.result });
  return state;
}

/** A copy that a later applyEvent does not change (what a view is given to draw). */
export function snapshot(s: SimulationState): SimulationState {
  return { ...s, done: [...s.done], started: [...s.started], advancedAt: [...s.advancedAt], finished: [...s.finished] };
}

/** A running pair that has not moved for this long is shown as stalled (a policy in a loop?). */
export const STALL_MS = 10_000;

/** The clock moves on without an event (a view's timer), so a pair that sends none shows as stalled. */
export function tick(state: SimulationState, now = Date.now()): SimulationState {
  state.now = now;
  return state;
}

/** How long running job `i` has not moved (ms), or 0 when it moved within STALL_MS. */
export function stalledFor(s: SimulationState, i: number): number {
  const at = s.advancedAt[i];
  if (at === undefined || s.finished.some((f) => f.job === i)) return 0;
  const idle = s.now - at;
  return idle >= STALL_MS ? idle : 0;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** 0.4 s, 12 s, 2 min 05 s */
export function formatSeconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - 60 * m)).padStart(2, "0")} s`;
}

/** 5.9 M req/s, 850 k req/s */
export function formatRate(perSec: number): string {
  if (perSec >= 1e6) return `${(perSec / 1e6).toFixed(1)} M req/s`;
  if (perSec >= 1e3) return `${Math.round(perSec / 1e3)} k req/s`;
  return `${Math.round(perSec)} req/s`;
}

/** elapsed · rate · ETA for `done` of `total` since `since` (ms). */
function timing(done: number, total: number | null, since: number, now: number): string {
  const ms = now - since;
  const parts = [formatSeconds(ms)];
  if (ms > 0 && done > 0) {
    const rate = (done / ms) * 1000;
    parts.push(formatRate(rate));
    if (total !== null && total > done) parts.push(`ETA ${formatSeconds(((total - done) / rate) * 1000)}`);
  }
  return parts.join(" · ");
}

/** "3,145,728 / 10,000,000 requests (72 MiB of 229 MiB) · 31%" */
export function loadingText(s: SimulationState): string {
  const l = s.loading ?? { requests: 0, expectedRequests: null, fileBytes: null };
  if (l.expectedRequests === null || l.expectedRequests <= 0) return `${int(l.requests)} requests`;
  let what = `${int(l.requests)} / ${int(l.expectedRequests)} requests`;
  if (l.fileBytes !== null) {
    const read = Math.min(l.fileBytes, (l.fileBytes * l.requests) / l.expectedRequests);
    what += ` (${formatBytes(read)} of ${formatBytes(l.fileBytes)})`;
  }
  return `${what} · ${Math.min(100, Math.floor((100 * l.requests) / l.expectedRequests))}%`;
}

/** "1.2 s · 2.6 M req/s · ETA 2.7 s" of loading */
export function loadingTiming(s: SimulationState): string {
  const l = s.loading ?? { requests: 0, expectedRequests: null };
  return timing(l.requests, l.expectedRequests, s.loadingSince, s.now);
}

/** Share of job `i` done, 0…1 (0 when the total is unknown). */
export function jobFraction(s: SimulationState, i: number): number {
  return s.total ? Math.min(1, (s.done[i] ?? 0) / s.total) : 0;
}

/** "45% · 1.9 s · 2.4 M req/s · ETA 2.3 s"; with the total unknown, "4,500,000 · 1.9 s · 2.4 M req/s" */
export function jobText(s: SimulationState, i: number): string {
  const done = s.done[i] ?? 0;
  const counts = s.total ? `${String(Math.floor(100 * jobFraction(s, i))).padStart(3)}%` : int(done);
  const idle = stalledFor(s, i);
  const stalled = idle > 0 ? ` · no progress for ${formatSeconds(idle)}: stuck? (--timeout SECONDS stops a pair)` : "";
  return `${counts} · ${timing(done, s.total, s.started[i] ?? s.now, s.now)}${stalled}`;
}

/** Jobs started and not finished, in job order. */
export function runningJobs(s: SimulationState): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.jobs.length; i++) {
    if (s.started[i] !== undefined && !s.finished.some((f) => f.job === i)) out.push(i);
  }
  return out;
}

/** "1/2 pairs done · 10,000,000 requests each · 3.4 s" */
export function footerText(s: SimulationState): string {
  const n = s.jobs.length;
  const each = s.total ? ` · ${int(s.total)} requests${n === 1 ? "" : " each"}` : "";
  return `${s.finished.length}/${n} pair${n === 1 ? "" : "s"} done${each} · ${formatSeconds(s.now - s.startedAt)}`;
}

/** Whether colour may be used: NO_COLOR (any non-empty value) turns it off. */
export function colorAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR;
}
