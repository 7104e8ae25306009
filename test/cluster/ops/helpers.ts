// Shared by the cluster operation tests: a fresh state file per test file, the cluster commands run
// in-process (test/commands/run.ts), and a check that no process a state recorded still runs.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { down } from "../../../src/cluster/manager.js";
import { runs } from "../../../src/cluster/processes.js";
import { type ClusterState, readState } from "../../../src/cluster/state.js";
import { run } from "../../commands/run.js";

export function freshState(): string {
  return join(mkdtempSync(join(tmpdir(), "cachelab-cluster-")), ".cachelab", "cluster.json");
}

/** Every node or proxy pid a state has listed during this test file: cleanUp stops any left. */
const seen = new Set<number>();

function remember(statePath: string): void {
  try {
    const s = readState(statePath);
    if (s) for (const p of pids(s)) seen.add(p);
  } catch {
    // a test wrote a broken state on purpose
  }
}

/** `cachelab cluster …` with the given state file. */
export async function cluster(statePath: string, ...argv: string[]) {
  remember(statePath);
  const r = await run(["cluster", ...argv, "--state", statePath]);
  remember(statePath);
  return r;
}

export function state(statePath: string): ClusterState {
  const s = readState(statePath);
  if (!s) throw new Error(`no state at ${statePath}`);
  return s;
}

/** Every pid of a state (nodes and proxy). */
export function pids(s: ClusterState): number[] {
  return [...s.nodes.map((n) => n.pid), ...(s.proxy ? [s.proxy.pid] : [])];
}

export function running(list: number[]): number[] {
  return list.filter((p) => runs(p));
}

/** afterAll: stop whatever a failed test left (only pids whose command line is a cachelab node or proxy). */
export async function cleanUp(statePath: string, extra: number[] = []): Promise<void> {
  let s: ClusterState | null = null;
  try {
    s = readState(statePath);
  } catch {
    // a test left a broken file on purpose
  }
  if (s) await down(statePath, 1000);
  // a failed test may have left processes the state no longer lists (e.g. replaced by another test)
  for (const p of [...seen].filter((pid) => runs(pid, "cluster"))) process.kill(p, "SIGKILL");
  for (const p of running(extra)) process.kill(p, "SIGKILL");
}
