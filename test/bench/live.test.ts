// Real processes on 127.0.0.1, every port chosen by the system, every process stopped:
//   - a short bench against a real redis-server: requests = hits + misses + errors, and the server's
//     own keyspace_hits / keyspace_misses equal the bench's hits and misses;
//   - fidelity: a shipped scenario on a 3-node cachelab cluster (started and stopped by the bench),
//     replayed --ordered (one connection per node, each node's requests in trace order — the order
//     the simulator replays them in), gives the simulator's hit ratio within ±1 % absolute;
//   - a real 3-master Redis Cluster (redis-server --cluster-enabled yes, joined by redis-cli --cluster
//     create): every key reaches its slot's master (no error, no -MOVED), per-master counts add up;
//     its result passes through `report` and `gate`;
//   - Ctrl-C: SIGINT to a running bench stops every node it started and writes no result.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { runs } from "../../src/cluster/processes.js";
import { readState } from "../../src/cluster/state.js";
import { resultSchema } from "../../src/report/schema.js";
import { type Proc, startRedis, stopAll } from "../cluster/node/procs.js";
import { cleanUp } from "../cluster/ops/helpers.js";
import { run } from "../commands/run.js";
import { BIN, ROOT } from "../e2e/cli.js";

const SCENARIO = `${ROOT}scenarios/quickstart.yaml`;
const dir = mkdtempSync(join(tmpdir(), "cachelab-bench-"));
const statePaths: string[] = [];
afterAll(async () => {
  for (const p of statePaths) await cleanUp(p);
  await stopAll();
});

describe("cachelab bench against real servers", () => {
  it("redis-server: requests = hits + misses + errors, as the server counted them", async () => {
    const redis: Proc = await startRedis();
    const r = await run([
      "bench",
      SCENARIO,
      "--target",
      `redis://127.0.0.1:${redis.port}`,
      "--requests",
      "3000",
      "--rate",
      "closed-loop",
      "--connections",
      "4",
      "--pipeline",
      "8",
      "--warmup",
      "0s",
      "--backend-latency",
      "0",
      "--json",
    ]);
    expect(r.stderr).toContain("bench: redis://");
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(resultSchema.safeParse(result).success).toBe(true);
    const row = result.results[0];
    expect(result.kind).toBe("bench");
    expect(row.requests).toBe(3000);
    expect(row.hits + row.misses + row.errors).toBe(row.requests);
    expect(row.errors).toBe(0);
    expect(row.hits).toBeGreaterThan(0);
    expect(row.latency.count).toBe(3000);
    const c = new Redis({ port: redis.port, host: "127.0.0.1" });
    const info = await c.info("stats");
    c.disconnect();
    expect(Number(/keyspace_hits:(\d+)/.exec(info)?.[1])).toBe(row.hits);
    expect(Number(/keyspace_misses:(\d+)/.exec(info)?.[1])).toBe(row.misses);
    await redis.stop();
  }, 30_000);

  // SIEVE within ±1 point; S3-FIFO exactly (±0.1 point): a node's SET right after the GET miss of
  // its key is the fill of that miss, so S3-FIFO's ghost hit sends it to the main queue as in the simulator
  it.each([
    ["sieve", 0.01],
    ["s3fifo", 0.001],
  ])(
    "3 cachelab nodes, %s: the live hit ratio is the simulator's within ±%s (quickstart, --ordered)",
    async (eviction, tolerance) => {
      const state = join(dir, `fidelity-${eviction}`, "cluster.json");
      statePaths.push(state);
      const r = await run([
        "bench",
        SCENARIO,
        "--state",
        state,
        "--nodes",
        "3",
        "--eviction",
        eviction,
        "--capacity",
        "10%",
        "--requests",
        "2000",
        "--rate",
        "closed-loop",
        "--ordered",
        "--warmup",
        "0s",
        "--backend-latency",
        "0",
        "--compare-sim",
        "--json",
      ]);
      expect(r.code, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout);
      const row = result.results[0];
      expect(row.requests).toBe(2000);
      expect(row.hits + row.misses + row.errors).toBe(row.requests);
      expect(row.errors).toBe(0);
      expect(row.cluster).toMatchObject({ nodes: 3, placement: "ring" });
      expect(row.nodes.reduce((a: number, n: { requests: number }) => a + n.requests, 0)).toBe(2000);
      const cmp = result.bench.compareSim;
      expect(cmp.predicted.requests).toBe(2000);
      expect(row.hits).toBeGreaterThan(100);
      expect(Math.abs(cmp.measured.hitRatio - cmp.predicted.hitRatio)).toBeLessThanOrEqual(tolerance);
      // the processes were measured, and stopped with the cluster the bench started
      expect(result.bench.processes).toHaveLength(3);
      expect(result.bench.processes.every((p: { cpuSeconds: number | null }) => p.cpuSeconds !== null)).toBe(true);
      expect(row.energy.basis.cpuSeconds).toBeGreaterThan(0);
      expect(readState(state)).toBeNull();
      expect(result.bench.processes.filter((p: { pid: number }) => runs(p.pid))).toEqual([]);
    },
    60_000,
  );

  it("a 3-master Redis Cluster: keys go to their slot's master, requests = hits + misses + errors", async () => {
    const masters: Proc[] = [];
    for (let i = 0; i < 3; i++)
      masters.push(
        await startRedis([
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          join(dir, `nodes-${i}-${Math.random().toString(36).slice(2)}.conf`),
        ]),
      );
    const addrs = masters.map((m) => `127.0.0.1:${m.port}`);
    await promisify(execFile)("redis-cli", ["--cluster", "create", ...addrs, "--cluster-yes"]);
    for (const m of masters) {
      const c = new Redis({ port: m.port, host: "127.0.0.1" });
      for (let i = 0; i < 100 && !String(await c.call("CLUSTER", "INFO")).includes("cluster_state:ok"); i++)
        await new Promise((r) => setTimeout(r, 100));
      c.disconnect();
    }
    const r = await run([
      "bench",
      SCENARIO,
      "--target",
      `redis-cluster://${addrs[1]}`,
      "--requests",
      "2000",
      "--rate",
      "closed-loop",
      "--connections",
      "2",
      "--pipeline",
      "4",
      "--warmup",
      "0s",
      "--backend-latency",
      "0",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    const parsed = resultSchema.safeParse(result);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const row = result.results[0];
    expect(row.requests).toBe(2000);
    expect(row.errors).toBe(0);
    expect(row.hits + row.misses + row.errors).toBe(row.requests);
    expect(row.cluster).toMatchObject({ nodes: 3, placement: "slots" });
    expect(row.nodes.map((n: { name: string }) => n.name).sort()).toEqual([...addrs].sort());
    // each master's own counters: the GETs routed to it, none redirected
    for (const n of row.nodes) {
      const c = new Redis({ port: Number(n.name.split(":")[1]), host: "127.0.0.1" });
      const info = await c.info("stats");
      c.disconnect();
      expect(Number(/keyspace_hits:(\d+)/.exec(info)?.[1]), n.name).toBe(n.hits);
      expect(Number(/keyspace_misses:(\d+)/.exec(info)?.[1]), n.name).toBe(n.misses);
    }
    await Promise.all(masters.map((m) => m.stop()));

    // the result passes through `report` and `gate` (issue 13, item 3)
    const file = join(dir, "redis-cluster.json");
    writeFileSync(file, r.stdout);
    const md = await run(["report", file]);
    expect(md.code, md.stderr).toBe(0);
    // the pairs row (the servers' own policy, no LRU to take deltas from) and the per-master load
    expect(md.stdout).toContain(`| ${row.missRatio.toFixed(4)} | ${row.hitRatio.toFixed(4)} |`);
    expect(md.stdout).toContain("### Per-node load");
    const gate = (...args: string[]) => run(["gate", "--current", file, ...args]);
    const pass = await gate(
      "--rule",
      "errors == 0",
      "--rule",
      "requests >= 2000",
      "--rule",
      "p99Ms <= 60000",
      "--json",
    );
    expect(pass.code, pass.stderr).toBe(0);
    expect(JSON.parse(pass.stdout).checks.map((c: { method: string; value: number }) => [c.method, c.value])).toEqual([
      ["median", 0],
      ["median", 2000],
      ["median", row.latency.p99Ms],
    ]);
    // a cold cache of 1 % never hits every request: the gate fails (exit 1) and says why
    const fail = await gate("--rule", "hitRatio >= 1");
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain(`FAIL eviction=${row.eviction} capacity=1%`);
    expect(fail.stdout).toContain(`hitRatio median of 1 ${Number(row.hitRatio.toPrecision(6))} is past the limit >= 1`);
    // one live run a side cannot carry a rule relative to a baseline: every live metric is noisy
    const noisy = await gate("--baseline", file, "--rule", "missRatio +1%");
    expect(noisy.code).toBe(2);
    expect(noisy.stderr).toMatch(
      /missRatio is noisy \(it differs between identical live runs\).*give at least 5 a side/,
    );
  }, 60_000);

  it("Ctrl-C stops every node it started and writes no result", async () => {
    const state = join(dir, "sigint", "cluster.json");
    statePaths.push(state);
    const out = join(dir, "sigint.json");
    const child = spawn(
      process.execPath,
      [
        BIN,
        "bench",
        SCENARIO,
        "--state",
        state,
        "--nodes",
        "2",
        "--rate",
        "500/s",
        "--duration",
        "60s",
        "--warmup",
        "0s",
        "--connections",
        "2",
        "-o",
        out,
      ],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } },
    );
    let err = "";
    const started = new Promise<void>((resolve) =>
      child.stderr.on("data", (d) => {
        err += d;
        if (err.includes("bench: local cluster")) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await started;
    const pids = (readState(state)?.nodes ?? []).map((n) => n.pid);
    expect(pids).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    const code = await exited;
    expect(code, err).toBe(130);
    expect(err).toContain("interrupted");
    expect(existsSync(out)).toBe(false);
    expect(readState(state)).toBeNull();
    expect(pids.filter((p) => runs(p))).toEqual([]);
  }, 60_000);
});
