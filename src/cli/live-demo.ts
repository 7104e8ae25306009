// The live part of `cachelab demo` (issue 13): after the simulated comparison, bring up a 3-node
// local cluster (the code `cachelab cluster up` uses, ports chosen by the system, a private state
// file in a temporary folder so a cluster the user runs is never touched), replay the same scenario
// against it for about 10 s with the scenario's first policy and capacity (the bench's look-aside
// client, src/bench/run.ts), with the live progress view on a TTY, and tear the cluster down —
// after the run, on an error and on Ctrl-C (runBench releases what it started in every case). The
// bench also simulates exactly the requests it replayed (--compare-sim), so the report can put the
// measured hit ratio beside the simulator's prediction for the same requests.
//
// Load: closed loop, 16 connections, 2 s warm-up then 8 s measured, the scenario's backend latency
// model (a miss waits for the backend before it fills). Never throws: a live run that cannot happen
// (no sockets, a node that does not start) is an outcome with its reason, so the simulated part the
// command already delivered stands.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchResult } from "../bench/result.js";
import type { EnergyFlags } from "../energy/settings.js";
import { loadRun } from "../scenario/load.js";
import type { BenchProgressHandle } from "../ui/bench-progress.js";
import { openWorkload } from "./workload.js";

export const LIVE_DEMO = { nodes: 3, connections: 16, warmupMs: 2000, durationMs: 8000 } as const;

export type LiveOutcome = { status: "ok"; result: BenchResult } | { status: "failed" | "interrupted"; reason: string };

export interface LiveDemoOptions {
  scenario: string;
  seed?: number;
  energy?: EnergyFlags;
  /** Draw the live view (a TTY, no --json). */
  view: boolean;
  log(line: string): void;
  /** Shorter or longer runs (tests); default LIVE_DEMO's. */
  warmupMs?: number;
  durationMs?: number;
}

export async function runLiveDemo(o: LiveDemoOptions): Promise<LiveOutcome> {
  let dir: string | null = null;
  const ac = new AbortController();
  const interrupt = () => ac.abort();
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  let view: Promise<BenchProgressHandle> | undefined;
  let failed = false;
  const warmupMs = o.warmupMs ?? LIVE_DEMO.warmupMs;
  const durationMs = o.durationMs ?? LIVE_DEMO.durationMs;
  try {
    dir = mkdtempSync(join(tmpdir(), "cachelab-demo-"));
    const req = await loadRun(o.scenario, { seed: o.seed, energy: o.energy });
    const workload = await openWorkload(req.workload, req.seed);
    const [{ runBench }, ui] = await Promise.all([
      import("../bench/run.js"),
      o.view ? import("../ui/bench-progress.js") : Promise.resolve(null),
    ]);
    const result = await runBench({
      name: req.name,
      seed: req.seed,
      workload,
      eviction: req.evictions[0].ref,
      capacity: req.capacities[0],
      unit: req.unit,
      energy: req.energy,
      target: "local",
      statePath: join(dir, "cluster.json"),
      nodes: LIVE_DEMO.nodes,
      placement: "ring",
      connections: LIVE_DEMO.connections,
      pipeline: 1,
      ratePerS: null,
      durationMs,
      warmupMs,
      timeoutMs: 1000,
      // the whole workload is read (the run ends at its time): the nodes' memory is the scenario's
      // capacity of all its objects, the cache size the simulation had
      maxRequests: Number.MAX_SAFE_INTEGER,
      compareSim: true,
      signal: ac.signal,
      onStart: (s) => {
        o.log(`live: ${s.target}${s.notes.map((n) => `; ${n}`).join("")}`);
        if (ui)
          view = ui.benchProgress({ target: s.target, requests: s.requests, ratePerS: null, warmupMs, durationMs });
      },
      onProgress: ui ? (p) => void view?.then((v) => v.update(p)) : undefined,
    });
    if (result === null || ac.signal.aborted)
      return { status: "interrupted", reason: "interrupted; the live cluster is stopped" };
    return { status: "ok", result };
  } catch (e) {
    failed = true;
    if (ac.signal.aborted) return { status: "interrupted", reason: "interrupted; the live cluster is stopped" };
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    return { status: "failed", reason: dir ? `${why} (node logs: ${join(dir, "logs")})` : why };
  } finally {
    if (view) (await view).close();
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
    // the logs stay for a failed run (named in its reason); the state file is gone with the cluster
    if (dir && !failed) rmSync(dir, { recursive: true, force: true });
  }
}

export interface SaveLiveOptions {
  /** The demo's simulate result and where it and its report went (null: not written). */
  simulate: object;
  simulatePath: string | null;
  reportPath: string | null;
  /** --out of the simulate result: the live one goes beside it (`x.json` → `x-live.json`). */
  out?: string;
  noSave?: boolean;
  /** Print the live run's summary (not with --json). */
  show: boolean;
  log(line: string): void;
}

/**
 * Shows the live run, saves it (reports/<name>-bench-<time>.json, or beside --out) and rewrites the
 * demo's HTML report with the live run beside the simulated one. Returns the live result's file.
 */
export async function saveLive(result: BenchResult, o: SaveLiveOptions): Promise<{ file: string | null }> {
  const [{ renderBench }, { saveResult }] = await Promise.all([
    import("../bench/render.js"),
    import("../report/result.js"),
  ]);
  if (o.show) process.stdout.write(`\n${renderBench(result)}`);
  let file: string | null = null;
  if (!o.noSave) {
    file = saveResult(result, o.out ? o.out.replace(/(\.json)?$/i, "-live.json") : undefined);
    o.log(`live result written to ${file}`);
  }
  if (o.reportPath) {
    const [{ renderHtml }, { parseResult }, { writeFileSafely }] = await Promise.all([
      import("../report/html/page.js"),
      import("../report/read.js"),
      import("../core/output-file.js"),
    ]);
    const simPath = o.simulatePath ?? "(not saved)";
    const livePath = file ?? "(live, not saved)";
    const html = renderHtml(
      [
        { path: simPath, result: parseResult(o.simulate, simPath) },
        { path: livePath, result: parseResult(JSON.parse(JSON.stringify(result)), livePath) },
      ],
      { reference: "lru" },
    );
    o.log(
      `report written to ${writeFileSafely(o.reportPath, html)} with the live run beside the simulation; open it in a browser`,
    );
  }
  return { file };
}
