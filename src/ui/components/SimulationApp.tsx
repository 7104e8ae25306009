// Live view of a simulation on a TTY: finished pairs go to <Static> (printed once, above), the
// running ones show a progress bar below. Updates are throttled to 20 per second. When the run
// ends the view is unmounted and the caller prints the final table as plain text.
// `SimulationView` is the dumb view of a state; `applyEvent` folds engine events into that state;
// `mountSimulation` wires them to ink.
import { Box, render, Static, Text } from "ink";
import { useEffect, useState } from "react";
import { capacityLabel } from "../../report/metrics.js";
import type { JobResult } from "../../sim/job.js";
import type { SimulateEvent } from "../../sim/simulate.js";

export interface SimulationState {
  phase: "loading" | "running" | "done";
  total: number | null;
  jobs: { eviction: string; capacityText: string }[];
  done: number[];
  finished: { job: number; result: JobResult }[];
}

export function initialState(): SimulationState {
  return { phase: "loading", total: null, jobs: [], done: [], finished: [] };
}

/** Folds one engine event into the state (mutates and returns it). */
export function applyEvent(state: SimulationState, e: SimulateEvent): SimulationState {
  if (e.type === "loading") state.phase = "loading";
  else if (e.type === "start") {
    state.phase = "running";
    state.jobs = e.jobs;
    state.total = e.requests;
  } else if (e.type === "progress") state.done[e.job] = e.done;
  else if (e.type === "finished") state.finished.push({ job: e.job, result: e.result });
  return state;
}

function Bar({ frac, width = 24 }: { frac: number; width?: number }) {
  const n = Math.max(0, Math.min(width, Math.round(frac * width)));
  return (
    <Text>
      <Text color="cyan">{"█".repeat(n)}</Text>
      <Text dimColor>{"░".repeat(width - n)}</Text>
    </Text>
  );
}

export function SimulationView({ state: s }: { state: SimulationState }) {
  const running = s.jobs
    .map((j, i) => ({ ...j, i, done: s.done[i] ?? 0 }))
    .filter((j) => !s.finished.some((f) => f.job === j.i) && j.done > 0);
  return (
    <Box flexDirection="column">
      <Static items={s.finished}>
        {(f) => (
          <Text key={f.job}>
            <Text color="green">✔</Text> {f.result.eviction.padEnd(14)} {capacityLabel(f.result).padEnd(22)} miss ratio{" "}
            <Text bold>{f.result.missRatio.toFixed(4)}</Text> byte miss ratio {f.result.byteMissRatio.toFixed(4)}
          </Text>
        )}
      </Static>
      {s.phase === "loading" && <Text color="yellow">loading trace…</Text>}
      {s.phase === "running" &&
        running.map((j) => (
          <Text key={j.i}>
            <Text color="yellow">▸</Text> {j.eviction.padEnd(14)} {j.capacityText.padEnd(10)}{" "}
            <Bar frac={s.total ? j.done / s.total : 0} />{" "}
            {s.total ? `${Math.floor((100 * j.done) / s.total)}%` : j.done}
          </Text>
        ))}
      {s.phase === "running" && (
        <Text dimColor>
          {s.finished.length}/{s.jobs.length} pairs done
        </Text>
      )}
    </Box>
  );
}

type Listener = (s: SimulationState) => void;

function App({ subscribe }: { subscribe: (l: Listener) => void }) {
  const [s, setS] = useState<SimulationState | null>(null);
  useEffect(() => subscribe(setS), [subscribe]);
  return s ? <SimulationView state={s} /> : null;
}

export function mountSimulation(): { update(e: SimulateEvent): void; finish(): Promise<void> } {
  const state = initialState();
  let listener: Listener | null = null;
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  const push = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 50) {
      timer ??= setTimeout(() => {
        timer = null;
        push(true);
      }, 50);
      return;
    }
    last = now;
    listener?.({ ...state, done: [...state.done], finished: [...state.finished] });
  };
  const app = render(
    <App
      subscribe={(l) => {
        listener = l;
        push(true);
      }}
    />,
  );
  return {
    update(e) {
      applyEvent(state, e);
      push(e.type !== "progress");
    },
    async finish() {
      state.phase = "done";
      if (timer) clearTimeout(timer);
      push(true);
      // let React commit the last state (the remaining <Static> rows) before ink's final frame
      await new Promise((r) => setTimeout(r, 30));
      app.unmount();
      await app.waitUntilExit();
    },
  };
}
