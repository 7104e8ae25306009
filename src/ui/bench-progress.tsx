// The live view of `cachelab bench` (and of the demo's live run) on a TTY: redrawn each second from
// the driver's progress reports (src/bench/driver.ts `Progress`): elapsed and planned time with a
// bar (the warm-up marked), requests done (of how many the replay holds), throughput overall and
// over the last second, hit ratio overall and over the last second, errors, and p99 latency (of
// every measured request so far, and of the last whole timeline window). The "last second" numbers
// are differences between two consecutive reports, folded here (`foldProgress`); the text is built
// by `benchProgressLines` (pure, tested) and drawn by ink on stderr, so stdout keeps the result.
// Not used without a TTY, nor with --json (the command prints one status line there, or nothing).
import { Box, Text } from "ink";
import type { Progress } from "../bench/driver.js";

/** What the run is: known before the first report. */
export interface BenchPlan {
  /** e.g. "local cluster of 3 nodes (ring)". */
  target: string;
  /** Requests the replay holds (it may end sooner, at the planned time). */
  requests: number;
  warmupS: number;
  /** Warm-up plus measured time; the run ends then or when the requests run out. */
  plannedS: number;
  /** "open loop 20,000/s" or "closed loop". */
  load: string;
}

export interface BenchProgressState {
  plan: BenchPlan;
  last: Progress | null;
  /** Over the interval between the last two reports: null before the second report. */
  window: { seconds: number; completed: number; hitRatio: number | null } | null;
}

export function initialBenchProgress(plan: BenchPlan): BenchProgressState {
  return { plan, last: null, window: null };
}

/** Folds one report into the state (the previous report gives the last-interval numbers). */
export function foldProgress(s: BenchProgressState, p: Progress): BenchProgressState {
  const prev = s.last;
  let window: BenchProgressState["window"] = null;
  if (prev && p.elapsedS > prev.elapsedS) {
    const hits = p.hits - prev.hits;
    const answered = hits + p.misses - prev.misses + p.errors - prev.errors;
    window = {
      seconds: p.elapsedS - prev.elapsedS,
      completed: p.completed - prev.completed,
      hitRatio: answered > 0 ? hits / answered : null,
    };
  }
  return { plan: s.plan, last: p, window };
}

const int = (x: number) => Math.round(x).toLocaleString("en-US");
const ratio = (x: number | null) => (x === null ? "–" : x.toFixed(4));
const ms = (x: number | null) => (x === null ? "–" : `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : int(x)} ms`);

/** A bar of `width` cells, `done` in [0, 1]. */
export function bar(done: number, width: number): string {
  const full = Math.max(0, Math.min(width, Math.round(done * width)));
  return "█".repeat(full) + "░".repeat(width - full);
}

/** The view's lines (title first); the same text the ink view draws, without colour. */
export function benchProgressLines(s: BenchProgressState, width = 28): string[] {
  const { plan, last: p, window: w } = s;
  const title = `bench → ${plan.target} · ${plan.load} · ${int(plan.requests)} requests`;
  if (!p) return [title, "  connecting…"];
  const phase = p.elapsedS < plan.warmupS ? ` · warm-up (${plan.warmupS.toFixed(0)} s, not counted)` : "";
  const done = plan.plannedS > 0 ? Math.min(1, p.elapsedS / plan.plannedS) : 0;
  const answered = p.hits + p.misses + p.errors;
  const lastS = w ? ` · last ${w.seconds.toFixed(1)} s ${int(w.completed / w.seconds)}/s` : "";
  return [
    title,
    `  ${p.elapsedS.toFixed(1)} s / ${plan.plannedS.toFixed(1)} s  ${bar(done, width)} ${Math.floor(done * 100)}%${phase}`,
    `  requests   ${int(p.completed)} done of ${int(plan.requests)} · ${int(p.completed / Math.max(p.elapsedS, 1e-9))}/s${lastS}`,
    answered > 0 || p.elapsedS < plan.warmupS
      ? `  hit ratio  ${ratio(answered > 0 ? p.hits / answered : null)} measured${w ? ` · last ${w.seconds.toFixed(1)} s ${ratio(w.hitRatio)}` : ""}`
      : "  hit ratio  – (no measured request answered yet: the target is behind the warm-up's requests)",
    `  errors     ${int(p.errors)}`,
    `  p99        ${ms(p.p99Ms)} measured · ${ms(p.windowP99Ms)} last window`,
  ];
}

export function BenchProgressView({ state, color = true }: { state: BenchProgressState; color?: boolean }) {
  const [title, ...rest] = benchProgressLines(state);
  const errors = (state.last?.errors ?? 0) > 0;
  return (
    <Box flexDirection="column">
      <Text bold={color}>{title}</Text>
      {rest.map((l) => (
        <Text key={l.slice(0, 13)} color={color && errors && l.startsWith("  errors") ? "red" : undefined}>
          {l}
        </Text>
      ))}
      <Text dimColor={color}>Ctrl-C stops the run and everything it started</Text>
    </Box>
  );
}

export interface BenchProgressHandle {
  update(p: Progress): void;
  /** Leaves the last frame on screen and the terminal clean. */
  close(): void;
}

/** Draws the view on stderr (a TTY) until close(); Ctrl-C stays the command's (no raw mode). */
export async function mountBenchProgress(plan: BenchPlan): Promise<BenchProgressHandle> {
  const { render } = await import("ink");
  let state = initialBenchProgress(plan);
  const color = process.env.NO_COLOR === undefined;
  const app = render(<BenchProgressView state={state} color={color} />, {
    stdout: process.stderr as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  let open = true;
  return {
    update(p) {
      if (!open) return;
      state = foldProgress(state, p);
      app.rerender(<BenchProgressView state={state} color={color} />);
    },
    close() {
      if (!open) return;
      open = false;
      app.unmount();
    },
  };
}

/** The plan from what a command knows, and the view mounted on stderr. */
export function benchProgress(o: {
  target: string;
  requests: number;
  ratePerS: number | null;
  warmupMs: number;
  durationMs: number;
}): Promise<BenchProgressHandle> {
  const timed = (o.warmupMs + o.durationMs) / 1000;
  // open loop: the replay also ends when its requests have all been due
  const plannedS = o.ratePerS === null ? timed : Math.min(timed, o.requests / o.ratePerS);
  return mountBenchProgress({
    target: o.target,
    requests: o.requests,
    warmupS: o.warmupMs / 1000,
    plannedS,
    load: o.ratePerS === null ? "closed loop" : `open loop ${int(o.ratePerS)}/s`,
  });
}
