// What commands call to show a simulation: an ink view with live progress on a TTY, plain lines
// otherwise (CI logs stay readable), nothing but the final JSON with --json. Presentation only.
import { simulateColumns } from "../report/metrics.js";
import { renderTable } from "../report/table.js";
import type { RunResult } from "../sim/result.js";
import type { SimulateEvent } from "../sim/simulate.js";

export interface SimulationView {
  onEvent(e: SimulateEvent): void;
  /** Shows the final table; resolves once the terminal is left in a clean state. */
  done(result: RunResult): Promise<void>;
}

export function renderSimulation(o: { json?: boolean; tty?: boolean }): SimulationView {
  if (o.json) return { onEvent: () => {}, done: async () => {} };
  const tty = o.tty ?? (process.stdout.isTTY === true && process.env.CI === undefined);
  return tty ? inkView() : plainView();
}

/** The final report: reader notes (stderr), the comparison table and a summary line (stdout). */
export function printResult(result: RunResult): void {
  for (const n of result.source.notes ?? []) process.stderr.write(`note: ${n}\n`);
  process.stdout.write(`${renderTable(result.results, simulateColumns)}\n${summaryLine(result)}\n`);
}

export function summaryLine(r: RunResult): string {
  const t = r.trace;
  return `${r.name}: ${t.requests.toLocaleString("en-US")} requests, ${t.objects.toLocaleString("en-US")} objects, ${r.results.length} pair${r.results.length === 1 ? "" : "s"} in ${(r.run.elapsedMs / 1000).toFixed(2)} s`;
}

function plainView(): SimulationView {
  let jobs: { eviction: string; capacityText: string }[] = [];
  const err = (s: string) => process.stderr.write(`${s}\n`);
  return {
    onEvent(e) {
      if (e.type === "loading") err("loading trace…");
      else if (e.type === "loaded")
        err(`loaded ${e.requests.toLocaleString("en-US")} requests, ${e.objects.toLocaleString("en-US")} objects`);
      else if (e.type === "start") jobs = e.jobs;
      else if (e.type === "finished" && jobs.length > 1) {
        const r = e.result;
        err(`done ${r.eviction} @ ${jobs[e.job]?.capacityText ?? r.capacity}: miss ratio ${r.missRatio.toFixed(4)}`);
      }
    },
    async done(result) {
      printResult(result);
    },
  };
}

function inkView(): SimulationView {
  // ink is loaded lazily so that commands that never draw do not pay for it at start-up
  let handle: { update(e: SimulateEvent): void; finish(): Promise<void> } | null = null;
  const pending: SimulateEvent[] = [];
  const ready = import("./components/SimulationApp.js").then((m) => {
    handle = m.mountSimulation();
    for (const e of pending.splice(0)) handle.update(e);
  });
  return {
    onEvent(e) {
      if (handle) handle.update(e);
      else pending.push(e);
    },
    async done(result) {
      await ready;
      await handle!.finish();
      printResult(result);
    },
  };
}
