// Scenario events applied live, with real node processes on 127.0.0.1 (ports chosen by the system,
// every process stopped), short runs (3,000 requests due over 2 s; the run ends when they are done):
//   - `down node1` at 40 % on 3 nodes with --replicas 1 (R = 2): zero failed requests, node1 served
//     nothing after the event, and a phase opens at the event;
//   - a node SIGKILLed behind the bench's back: with R = 2 zero errors (reads fail over, the ones in
//     flight are sent again); the same with R = 1 gives errors — the failover is what makes the zero;
//   - Ctrl-C while a cutover starts green: exit 130, nothing written, no blue or green node left;
//   - events refused where they cannot apply: a redis:// target (exit 2, naming the event), a pause in
//     the simulator (exit 2), an `add` that does not name the node a live cluster would add;
//   - the phase arithmetic on hand-worked outcomes (the simulator's PhaseTracker over request windows).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OUT_ERROR, OUT_HIT, OUT_MISS } from "../../src/bench/driver.js";
import { type BenchEvent, livePhases, planEvents } from "../../src/bench/events.js";
import { runs } from "../../src/cluster/processes.js";
import { readState } from "../../src/cluster/state.js";
import type { LoadedEvent } from "../../src/scenario/cluster.js";
import { cleanUp } from "../cluster/ops/helpers.js";
import { run } from "../commands/run.js";
import { BIN } from "../e2e/cli.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-bench-events-"));
const statePaths: string[] = [];
afterAll(async () => {
  for (const p of statePaths) await cleanUp(p);
});

function scenario(name: string, cluster: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}
seed: 7
workload:
  type: synthetic
  requests: 3000
  objects: 1000
  keys: { dist: zipf, alpha: 0.9 }
  sizes: 100
cache:
  unit: objects
  capacity: [50%]
  eviction: [lru]
cluster:
${cluster}
`,
  );
  return file;
}

const LOAD = ["--rate", "1500/s", "--warmup", "0s", "--duration", "6s", "--connections", "16", "--pipeline", "2"];
const LOAD_FLAGS = [...LOAD, "--backend-latency", "0", "--timeout", "500ms", "--json"];

describe("live events against real nodes", () => {
  it("down node1 mid-bench with --replicas 1: zero failed requests, the phase opens at the event", async () => {
    const file = scenario("down", "  nodes: 3\n  replication: 2\n  events:\n    - { at: 40%, down: node1 }");
    const state = join(dir, "down", "cluster.json");
    statePaths.push(state);
    const r = await run(["bench", file, "--state", state, ...LOAD_FLAGS]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    const row = result.results[0];
    expect(row.requests).toBe(3000);
    expect(row.errors).toBe(0);
    expect(row.hits + row.misses).toBe(3000);
    expect(row.cluster.replication).toBe(2);
    const [e] = result.bench.events as BenchEvent[];
    expect(e).toMatchObject({ label: "down node1", kind: "down", node: "node1", atRequest: 1200, error: null });
    expect(e.appliedAtRequest).toBeGreaterThan(0);
    expect(row.phases.map((p: { event: string }) => p.event)).toEqual(["start", "down node1"]);
    expect(row.phases[1].atRequest).toBe(e.appliedAtRequest);
    expect(row.phases[0].requests + row.phases[1].requests).toBe(3000);
    expect(row.phases[1].errors).toBe(0);
    // the timeline names the event in the window where it took effect
    const marked = result.bench.timeline.filter((p: { events?: string[] }) => p.events?.includes("down node1"));
    expect(marked).toHaveLength(1);
    // node1 answered only before the event: its rows' requests are at most the requests before it
    const n1 = row.nodes.find((n: { name: string }) => n.name === "node1");
    expect(n1.requests).toBeGreaterThan(0);
    expect(n1.requests).toBeLessThanOrEqual(e.appliedAtRequest!);
    // the cluster the bench started is gone (its killed node too)
    expect(readState(state)).toBeNull();
    expect(result.bench.processes.filter((p: { pid: number }) => runs(p.pid))).toEqual([]);
  }, 60_000);

  for (const replicas of [1, 0])
    it(`a node killed behind the bench's back: ${replicas === 1 ? "R = 2 fails over, zero errors" : "R = 1 gives errors"}`, async () => {
      const file = scenario(`kill-${replicas}`, "  nodes: 3");
      const state = join(dir, `kill-${replicas}`, "cluster.json");
      statePaths.push(state);
      const pending = run(["bench", file, "--state", state, "--replicas", String(replicas), ...LOAD_FLAGS]);
      // once the cluster is up and the load has run a while, SIGKILL node1 from outside
      let victim = 0;
      for (let i = 0; i < 200 && victim === 0; i++) {
        await new Promise((res) => setTimeout(res, 50));
        victim = readState(state)?.nodes.find((n) => n.name === "node1")?.pid ?? 0;
      }
      expect(victim).toBeGreaterThan(0);
      await new Promise((res) => setTimeout(res, 900));
      process.kill(victim, "SIGKILL");
      const r = await pending;
      expect(r.code, r.stderr).toBe(0);
      const row = JSON.parse(r.stdout).results[0];
      expect(row.hits + row.misses + row.errors).toBe(3000);
      if (replicas === 1) expect(row.errors).toBe(0);
      else expect(row.errors).toBeGreaterThan(0);
      expect(readState(state)).toBeNull();
    }, 60_000);

  it("Ctrl-C while a cutover starts green: exit 130, nothing written, every blue and green node gone", async () => {
    const file = scenario(
      "cutover",
      "  nodes: 2\n  events:\n    - { at: 5%, cutover: { eviction: fifo, warm: cold } }",
    );
    const state = join(dir, "cutover", "cluster.json");
    const out = join(dir, "cutover.json");
    statePaths.push(state);
    const child = spawn(
      process.execPath,
      [BIN, "bench", file, "--state", state, "--rate", "100/s", "--duration", "60s", "--warmup", "0s", "-o", out],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } },
    );
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // green's logs appear when its processes are spawned: interrupt then
    const logs = join(dir, "cutover", "logs");
    for (let i = 0; i < 600 && !(existsSync(logs) && readdirSync(logs).some((f) => f.includes("-g2"))); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(
      readdirSync(logs).some((f) => f.includes("-g2")),
      err,
    ).toBe(true);
    child.kill("SIGINT");
    const code = await exited;
    expect(code, err).toBe(130);
    expect(existsSync(out)).toBe(false);
    expect(readState(state)).toBeNull();
    // every node that ever started here wrote its ready line (with its pid) to its log
    await new Promise((r) => setTimeout(r, 200));
    const pids = readdirSync(logs).flatMap((f) =>
      readFileSync(join(logs, f), "utf8")
        .split("\n")
        .filter((l) => l.startsWith('{"ready"'))
        .map((l) => JSON.parse(l).pid as number),
    );
    expect(pids.length).toBeGreaterThanOrEqual(2);
    expect(pids.filter((p) => runs(p))).toEqual([]);
  }, 60_000);

  it("events need a local cluster: a redis:// target is refused naming the event (exit 2)", async () => {
    const file = scenario("redis", "  nodes: 3\n  events:\n    - { at: 10%, pause: node2 }");
    const r = await run(["bench", file, "--target", "redis://127.0.0.1:1", ...LOAD_FLAGS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cluster.events.0 (pause node2)");
    expect(r.stderr).toContain("--target local");
  });

  it("the simulator refuses a pause with a clear error (exit 2)", async () => {
    const file = scenario("sim-pause", "  nodes: 3\n  events:\n    - { at: 10%, pause: node2 }");
    const r = await run(["simulate", file, "--no-save"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cluster.events.0: pause is applied live only (cachelab bench)");
  });
});

describe("planning and phases (no processes)", () => {
  const ev = (e: Partial<LoadedEvent> & { kind: string }): LoadedEvent =>
    ({ at: { fraction: 0.5 }, label: `${e.kind} ${(e as { node?: string }).node}`, ...e }) as LoadedEvent;
  const opts = { requests: 1000, where: "s.yaml: cluster", names: ["node0", "node1", "node2"], nextIndex: 3 };

  it("resolves shares of the planned requests and times on the clock, in request order", () => {
    const plan = planEvents(
      [
        ev({ kind: "up", node: "node1", at: { fraction: 0.6 } }),
        ev({ kind: "down", node: "node1", at: { index: 100 } }),
        ev({ kind: "pause", node: "node2", at: { seconds: 1.5 } }),
      ],
      opts,
    );
    expect(plan.map((p) => [p.label, p.atRequest, p.atMs])).toEqual([
      ["down node1", 100, null],
      ["up node1", 600, null],
      ["pause node2", null, 1500],
    ]);
  });

  it("refuses what a live cluster cannot do, naming the event", () => {
    expect(() => planEvents([ev({ kind: "up", node: "node1" })], opts)).toThrow(
      "s.yaml: cluster.events.0 (up node1): node 'node1' is not down",
    );
    expect(() =>
      planEvents([ev({ kind: "add", node: { name: "extra", weight: 1 }, label: "add extra" } as never)], opts),
    ).toThrow("names the node it adds node3");
    const cutover = {
      kind: "cutover",
      at: { fraction: 0.5 },
      warm: [
        { text: "cold", warm: { kind: "cold" } },
        { text: "copy-hot:10", warm: { kind: "copy-hot", keys: 10 } },
      ],
    } as LoadedEvent;
    expect(() => planEvents([cutover], opts)).toThrow("compares cold, copy-hot:10: choose one with --warm");
    expect(planEvents([cutover], { ...opts, warm: "copy-hot:10" })[0].cutover?.warmHot).toBe(10);
    expect(() => planEvents([{ ...cutover, nodes: 8 } as LoadedEvent], { ...opts, warm: "cold" })).toThrow(
      "simulator-only",
    );
  });

  it("phases: the simulator's windows over request order, errors counted apart", () => {
    // 12 requests, window 4 (PhaseTracker), an event in effect at request 6:
    //   0-3  H H H M  → window 0.75
    //   4-5  H M      → partial, cut by the event: before = (3 + 1) / (4 + 2) = 0.667
    //   6-9  E M M H  → first window of the phase 0.25 (the dip), errors 1
    //  10-11 H H      → partial at the end
    const H = OUT_HIT;
    const M = OUT_MISS;
    const E = OUT_ERROR;
    const outcome = Uint8Array.from([H, H, H, M, H, M, E, M, M, H, H, H]);
    const event: BenchEvent = {
      label: "down node1",
      kind: "down",
      node: "node1",
      atRequest: 5,
      atS: 0,
      appliedAtRequest: 6,
      appliedS: 0,
      keysRemapped: 0,
      error: null,
    };
    const [start, down] = livePhases(outcome, 0, [event], 4);
    expect(start).toMatchObject({ event: "start", atRequest: 0, requests: 6, hits: 4, misses: 2, errors: 0 });
    expect(down).toMatchObject({ event: "down node1", atRequest: 6, requests: 6, hits: 3, misses: 2, errors: 1 });
    expect(down.hitRatioBefore).toBeCloseTo(4 / 6, 10);
    expect(down.lowestHitRatio).toBe(0.25);
    expect(down.recoveryRequests).toBeNull(); // no complete window back within 2 % of 0.667
  });
});
