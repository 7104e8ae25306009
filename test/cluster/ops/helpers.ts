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

/** `cachelab cluster …` with the given state file. */
export function cluster(statePath: string, ...argv: string[]) {
  return run(["cluster", ...argv, "--state", statePath]);
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

/** afterAll: stop whatever a failed test left. */
export async function cleanUp(statePath: string, extra: number[] = []): Promise<void> {
  let s: ClusterState | null = null;
  try {
    s = readState(statePath);
  } catch {
    // a test left a broken file on purpose
  }
  if (s) await down(statePath, 1000);
  for (const p of running(extra)) process.kill(p, "SIGKILL");
}
