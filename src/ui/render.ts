// What commands call to show a simulation: an ink view with live progress on a TTY, plain lines
// otherwise (CI logs stay readable). With --json, stdout carries only the JSON (oclif prints it) and
// stderr only the periodic progress lines of a long run (none for a run under PLAIN_PROGRESS_MS).
// Presentation only.

import { renderClusterTables } from "../report/cluster-table.js";
import { renderSimulateTables } from "../report/table.js";
import type { RunResult } from "../sim/result.js";
import type { SimulateEvent } from "../sim/simulate.js";
import {
  applyEvent,
  colorAllowed,
  footerText,
  initialState,
  jobText,
  loadingText,
  loadingTiming,
  runningJobs,
  type SimulationState,
  stalledFor,
  tick,
} from "./progress.js";

export interface SimulationView {
  onEvent(e: SimulateEvent): void;
  /** Shows the final table; resolves once the terminal is left in a clean state. */
  done(result: RunResult): Promise<void>;
  /** The run failed: leaves the terminal clean, shows nothing more. */
  close(): Promise<void>;
}

/** Least time between two plain progress reports: a log gets a few lines, not a stream. */
export const PLAIN_PROGRESS_MS = 2000;

/**
 * The view of one run. Resolves once it can draw, so that the first frame is on screen before the
 * engine's loops (which may hold this thread for seconds) start.
 */
export async function renderSimulation(o: { json?: boolean; tty?: boolean }): Promise<SimulationView> {
  if (o.json) {
    const progress = plainView(undefined, { progressOnly: true });
    return { onEvent: progress.onEvent, done: () => progress.close(), close: () => progress.close() };
  }
  const tty = o.tty ?? (process.stdout.isTTY === true && process.env.CI === undefined);
  return tty ? inkView() : plainView();
}

/**
 * The final report: reader notes (stderr); the policy × capacity grid, the per-pair table, the
 * compulsory-miss floor and a summary line (stdout).
 */
export function printResult(result: RunResult): void {
  for (const n of result.source.notes ?? []) process.stderr.write(`note: ${n}\n`);
  process.stdout.write(`${renderSimulateTables(result)}\n${summaryLine(result)}\n`);
  process.stdout.write(renderClusterTables(result.results));
}

/** "quickstart: 1,000,000 requests (100,000 warm-up, 900,000 counted), 100,000 objects, 16 pairs in 2.31 s" */
export function summaryLine(r: RunResult): string {
  const t = r.trace;
  const n = (x: number) => x.toLocaleString("en-US");
  const warm =
    r.warmupRequests > 0 ? ` (${n(r.warmupRequests)} warm-up, ${n(t.requests - r.warmupRequests)} counted)` : "";
  return `${r.name}: ${n(t.requests)} requests${warm}, ${n(t.objects)} objects, ${r.results.length} pair${r.results.length === 1 ? "" : "s"} in ${(r.run.elapsedMs / 1000).toFixed(2)} s`;
}

/** Plain lines on stderr: phases as they happen (not with `progressOnly`), progress at most every PLAIN_PROGRESS_MS. */
export function plainView(
  write: (line: string) => void = (s) => process.stderr.write(`${s}\n`),
  o: { progressOnly?: boolean } = {},
): SimulationView {
  const state: SimulationState = initialState();
  let last = Date.now();
  const phase = o.progressOnly ? () => {} : write;
  const report = () => {
    last = state.now;
    for (const i of runningJobs(state)) {
      write(`${state.jobs[i].eviction} @ ${state.jobs[i].capacityText}: ${jobText(state, i).trimStart()}`);
    }
    write(footerText(state));
  };
  // a pair that stops sending progress (a user policy in a loop) is still reported, as stalled
  const timer = setInterval(() => {
    tick(state);
    if (state.phase === "running" && state.now - last >= PLAIN_PROGRESS_MS) {
      if (runningJobs(state).some((i) => stalledFor(state, i) > 0)) report();
    }
  }, PLAIN_PROGRESS_MS);
  timer.unref();
  return {
    onEvent(e) {
      const wasLoading = state.loading !== null;
      applyEvent(state, e);
      if (e.type === "loading") {
        if (!wasLoading) {
          phase("loading trace…");
          last = state.now;
        } else if (state.now - last >= PLAIN_PROGRESS_MS) {
          write(`loading trace: ${loadingText(state)} · ${loadingTiming(state)}`);
          last = state.now;
        }
      } else if (e.type === "loaded") {
        phase(`loaded ${e.requests.toLocaleString("en-US")} requests, ${e.objects.toLocaleString("en-US")} objects`);
      } else if (e.type === "progress" && state.now - last >= PLAIN_PROGRESS_MS) {
        report();
      } else if (e.type === "finished" && state.jobs.length > 1) {
        const r = e.result;
        phase(
          `done ${r.eviction} @ ${state.jobs[e.job]?.capacityText ?? r.capacity}: miss ratio ${r.missRatio.toFixed(4)}`,
        );
      }
    },
    async done(result) {
      clearInterval(timer);
      printResult(result);
    },
    close: async () => clearInterval(timer),
  };
}

async function inkView(): Promise<SimulationView> {
  // ink is loaded lazily so that commands that never draw do not pay for it at start-up; loading it
  // takes a few hundred ms (over a second on a busy machine), so say something at once: ink's first
  // frame is the same word, drawn over this one (the cursor is back at the line's start)
  process.stdout.write("starting…\r");
  const { mountSimulation } = await import("./components/SimulationApp.js");
  const handle = mountSimulation({ color: colorAllowed() });
  return {
    onEvent: (e) => handle.update(e),
    async done(result) {
      await handle.finish();
      printResult(result);
    },
    close: () => handle.finish(),
  };
}
