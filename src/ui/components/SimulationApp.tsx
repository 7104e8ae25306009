// Live view of a simulation on a TTY: while a trace loads, the requests (and bytes) read with time,
// rate and ETA; then each running pair's progress bar with its elapsed time, requests/s and ETA;
// finished pairs go to <Static> (printed once, above). `SimulationView` is the dumb view of a state
// (src/ui/progress.ts folds engine events into it); `mountSimulation` draws it with ink.
//
// The engine's loops run on this thread (a streamed pair, loading a trace), so the event loop may
// not turn for seconds: every frame is drawn synchronously from `update` (ink's legacy mode renders
// a rerender at once), at most one every PROGRESS_MS. When the run ends the view is unmounted and
// the caller prints the final table as plain text.
import { Box, render, Static, Text } from "ink";
import { capacityLabel } from "../../report/metrics.js";
import { PROGRESS_MS, type SimulateEvent } from "../../sim/simulate.js";
import {
  applyEvent,
  footerText,
  initialState,
  jobFraction,
  jobText,
  loadingText,
  loadingTiming,
  runningJobs,
  type SimulationState,
  snapshot,
  stalledFor,
  tick,
} from "../progress.js";

export { applyEvent, initialState, type SimulationState } from "../progress.js";

function Bar({ frac, width = 20, color }: { frac: number; width?: number; color: boolean }) {
  const n = Math.max(0, Math.min(width, Math.round(frac * width)));
  return (
    <Text>
      <Text color={color ? "cyan" : undefined}>{"█".repeat(n)}</Text>
      <Text dimColor={color}>{"░".repeat(width - n)}</Text>
    </Text>
  );
}

export function SimulationView({ state: s, color = true }: { state: SimulationState; color?: boolean }) {
  const c = (name: string) => (color ? name : undefined);
  return (
    <Box flexDirection="column">
      <Static items={s.finished}>
        {(f) => (
          <Text key={f.job}>
            <Text color={c("green")}>✔</Text> {f.result.eviction.padEnd(14)} {capacityLabel(f.result).padEnd(22)} miss
            ratio <Text bold={color}>{f.result.missRatio.toFixed(4)}</Text>
            {/* in the objects unit the byte miss ratio only repeats the miss ratio */}
            {f.result.unit === "bytes" ? ` byte miss ratio ${f.result.byteMissRatio.toFixed(4)}` : ""}
          </Text>
        )}
      </Static>
      {s.phase === "loading" && s.loading === null && <Text color={c("yellow")}>starting…</Text>}
      {s.phase === "loading" && s.loading !== null && (
        <Box flexDirection="column">
          <Text wrap="truncate-end">
            <Text color={c("yellow")}>loading trace</Text> {loadingText(s)}
          </Text>
          <Text wrap="truncate-end" dimColor={color}>
            {"              "}
            {loadingTiming(s)}
          </Text>
        </Box>
      )}
      {s.phase === "running" &&
        runningJobs(s).map((i) => (
          <Text key={i} wrap="truncate-end">
            <Text color={c("yellow")}>▸</Text> {s.jobs[i].eviction.padEnd(12)} {s.jobs[i].capacityText.padEnd(8)}{" "}
            {s.total ? (
              <>
                <Bar frac={jobFraction(s, i)} color={color} />{" "}
              </>
            ) : null}
            {jobText(s, i)}
          </Text>
        ))}
      {s.phase === "running" && (
        <Text dimColor={color} wrap="truncate-end">
          {footerText(s)}
        </Text>
      )}
    </Box>
  );
}

export function mountSimulation(o: { color: boolean }): { update(e: SimulateEvent): void; finish(): Promise<void> } {
  const state = initialState();
  let last = 0;
  const app = render(<SimulationView state={snapshot(state)} color={o.color} />, { patchConsole: false });
  const draw = () => {
    last = Date.now();
    app.rerender(<SimulationView state={snapshot(state)} color={o.color} />);
  };
  // the clock moves on between events, so a pair that has stopped sending progress shows as stalled
  const timer = setInterval(() => {
    if (state.phase !== "running" || runningJobs(state).length === 0) return;
    tick(state);
    if (runningJobs(state).some((i) => stalledFor(state, i) > 0)) draw();
  }, 1000);
  timer.unref();
  return {
    update(e) {
      applyEvent(state, e);
      // progress is drawn at most every PROGRESS_MS; phase changes and finished pairs at once
      if (e.type === "progress" || e.type === "loading") {
        if (Date.now() - last < PROGRESS_MS) return;
      }
      draw();
    },
    async finish() {
      clearInterval(timer);
      state.phase = "done";
      state.now = Date.now();
      draw();
      app.unmount();
      await app.waitUntilExit();
    },
  };
}
