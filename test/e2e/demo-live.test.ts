// `cachelab demo` with its live part, for real (issue 13): the built binary runs the simulated
// comparison, then brings up a 3-node local cluster, benches it for about 10 s, tears it down and
// writes the report with the live run beside the simulated one. Checked: `--json` keeps the simulate
// result's contract and adds `live`; the live result is a bench result of the scenario's first policy
// and capacity with the simulator's prediction for the same requests; every node process the run
// listed is gone afterwards and its private state folder (under TMPDIR) is removed; the HTML report
// holds the live-vs-simulated table. And when the live part cannot run (TMPDIR unusable: no state
// folder), the demo says why and still delivers the simulated result, exit 0. Ctrl-C during the
// live part stops the cluster (its node processes, read from the private state file, are gone),
// keeps the simulated result and exits 130.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeMarker, runs } from "../../src/cluster/processes.js";
import { readState } from "../../src/cluster/state.js";
import { BIN, type CliResult, cli } from "./cli.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-demo-live-"));
const ownTmp = join(dir, "tmp");
mkdirSync(ownTmp);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The demo, interrupted (SIGINT) once its live cluster is up; the node pids it had. */
function interrupted(tmp: string): Promise<CliResult & { pids: number[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "demo", "--no-save"], {
      cwd: dir,
      env: { ...process.env, CI: "1", TMPDIR: tmp },
    });
    let stdout = "";
    let stderr = "";
    let pids: number[] = [];
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      if (pids.length === 0 && /^live: local cluster of 3 nodes/m.test(stderr)) {
        const folder = readdirSync(tmp).find((f) => f.startsWith("cachelab-demo-")) as string;
        pids = (readState(join(tmp, folder, "cluster.json"))?.nodes ?? []).map((n) => n.pid);
        child.kill("SIGINT");
      }
    });
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr, pids }));
  });
}

let live: CliResult;
let failed: CliResult;
let stopped: CliResult & { pids: number[] };
const stopTmp = join(dir, "tmp-sigint");
mkdirSync(stopTmp);
beforeAll(async () => {
  [live, failed, stopped] = await Promise.all([
    cli(["demo", "--json"], { cwd: dir, env: { TMPDIR: ownTmp } }),
    cli(["demo", "--json", "--no-save"], { cwd: dir, env: { TMPDIR: join(dir, "missing") } }),
    interrupted(stopTmp),
  ]);
}, 400_000); // three 1 M-request simulations and two live runs, on a loaded machine

// a node process: alive, not a zombie, and its command line a cachelab node's (a pid may be reused)
const alive = (pid: number) => runs(pid, nodeMarker());

describe("cachelab demo: the live run", () => {
  it("--json: the simulate result as before, the live run under `live`; the cluster is gone", () => {
    expect(live.code, live.stderr).toBe(0);
    const out = JSON.parse(live.stdout);
    expect(out.kind).toBe("simulate");
    expect(out.results).toHaveLength(16);
    expect(out.live.status, out.live.reason).toBe("ok");
    const b = out.live.result;
    expect(b.kind).toBe("bench");
    expect(b.results[0]).toMatchObject({ eviction: "lru", capacityText: "1%", errors: 0 });
    expect(b.results[0].requests).toBeGreaterThan(0);
    expect(b.bench.target).toBe("local cluster of 3 nodes (ring)");
    expect(b.bench.compareSim.predicted.requests).toBe(b.results[0].requests);
    // every node process the run measured is stopped, and its state folder removed
    expect(b.bench.processes).toHaveLength(3);
    for (const p of b.bench.processes) expect(alive(p.pid), `${p.name} (pid ${p.pid})`).toBe(false);
    expect(readdirSync(ownTmp)).toEqual([]);
    // the live result is saved beside the simulated one, and the report shows them side by side
    expect(JSON.parse(readFileSync(join(dir, out.live.file), "utf8")).kind).toBe("bench");
    // (with --json the paths are not printed: the one HTML report under reports/)
    const pages = readdirSync(join(dir, "reports")).filter((f) => f.endsWith(".html"));
    expect(pages).toHaveLength(1);
    const html = readFileSync(join(dir, "reports", pages[0]), "utf8");
    expect(html).toContain('<div class="live-vs-sim">');
    expect(html).toContain("<td>lru at 1%</td>");
  });

  it("a live part that cannot run is said, the simulated part stands (exit 0)", () => {
    expect(failed.code, failed.stderr).toBe(0);
    expect(failed.stderr).toMatch(/^demo: the live run did not complete: .*missing/m);
    const out = JSON.parse(failed.stdout);
    expect(out.kind).toBe("simulate");
    expect(out.results).toHaveLength(16);
    expect(out.live).toMatchObject({ status: "failed", file: null, result: null });
    expect(existsSync(join(dir, "missing"))).toBe(false);
  });

  it("Ctrl-C during the live run: the cluster is stopped, the simulated part stands, exit 130", () => {
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.pids).toHaveLength(3);
    for (const pid of stopped.pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    expect(stopped.stderr).toMatch(/^demo: the live run did not complete: interrupted; the live cluster is stopped/m);
    expect(stopped.stdout).toContain("quickstart: 1,000,000 requests");
    expect(readdirSync(stopTmp)).toEqual([]);
  });
});
