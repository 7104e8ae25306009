// A live run's timeline: per window of completion time after the warm-up, the requests, hits,
// misses, errors, hit ratio and p99 (an HdrHistogram per window). Windows are 1 s, wider for runs
// over 5 minutes (at most ~300 of them). Every driver (RESP, autocannon) records into one of these,
// so their timelines mean the same thing; the incident phases (./events.ts) read them.
import { LatencyHistogram } from "../sim/cluster/latency.js";
import type { Progress } from "./driver.js";

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

// outcomes as the drivers code them (driver.ts: OUT_HIT, OUT_MISS; anything else is an error)
const HIT = 1;
const MISS = 2;

interface Window {
  hits: number;
  misses: number;
  errors: number;
  hist: LatencyHistogram;
}

export class BenchTimeline {
  readonly windowMs: number;
  private readonly windows: Window[] = [];
  /** When the measured time starts (performance.now() clock). */
  private fromMs = 0;

  /** `durationMs`: the measured time's planned length (it sets the windows' width). */
  constructor(durationMs: number) {
    this.windowMs = Math.max(1000, Math.ceil(durationMs / 300 / 1000) * 1000);
  }

  /** The measured time starts at `fromMs` (after the warm-up), before any request is recorded. */
  startAt(fromMs: number): void {
    this.fromMs = fromMs;
  }

  /** A measured request ended at `now` with `outcome` after `us` microseconds. */
  record(outcome: number, us: number, now: number): void {
    const w = Math.max(0, Math.floor((now - this.fromMs) / this.windowMs));
    while (this.windows.length <= w) this.windows.push({ hits: 0, misses: 0, errors: 0, hist: new LatencyHistogram() });
    const x = this.windows[w];
    if (outcome === HIT) x.hits++;
    else if (outcome === MISS) x.misses++;
    else x.errors++;
    x.hist.record(us);
  }

  /** p99 (ms) of the last whole window before `now`; null: none yet, or it is empty. */
  lastP99(now: number): number | null {
    const last = this.windows[Math.floor((now - this.fromMs) / this.windowMs) - 1];
    return last && last.hist.count > 0 ? last.hist.percentileMs(99) : null;
  }

  points(): TimelinePoint[] {
    return this.windows.map((x, k) => {
      const requests = x.hits + x.misses + x.errors;
      return {
        tS: (k * this.windowMs) / 1000,
        requests,
        hits: x.hits,
        misses: x.misses,
        errors: x.errors,
        hitRatio: requests > 0 ? Math.round((x.hits / requests) * 1e6) / 1e6 : null,
        p99Ms: requests > 0 ? x.hist.percentileMs(99) : null,
      };
    });
  }
}

/** A driver's progress report at `now` (t0: its start): its counts so far and the p99s. */
export function progressAt(
  now: number,
  t0: number,
  counts: { completed: number; hits: number; misses: number; errors: number },
  latency: LatencyHistogram,
  tl: BenchTimeline,
): Progress {
  return {
    elapsedS: (now - t0) / 1000,
    completed: counts.completed,
    hits: counts.hits,
    misses: counts.misses,
    errors: counts.errors,
    p99Ms: latency.count > 0 ? latency.percentileMs(99) : null,
    windowP99Ms: tl.lastP99(now),
  };
}
