// `cluster up / status / kill / pause / resume / add / remove / down` on real node processes (port 0):
// status sees a killed node as dead and a SIGSTOPped one as paused (never trusting the state file),
// down leaves no process behind (every recorded pid checked in /proc), a stale state (every node
// gone, or a pid reused by another program) is reported and replaced, never signalled.
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ping } from "../../../src/cluster/health.js";
import { cleanUp, cluster, freshState, pids, running, state } from "./helpers.js";

const path = freshState();
afterAll(() => cleanUp(path));

describe("cluster lifecycle", () => {
  it("up starts 3 nodes, writes a 0600 state and prints the endpoints and a redis-cli line", async () => {
    const r = await cluster(path, "up", "-n", "3", "--placement", "ring", "--replicas", "1", "--memory", "8MiB");
    expect(r.code, r.stderr).toBe(0);
    const s = state(path);
    expect(s.nodes.map((n) => n.name)).toEqual(["node0", "node1", "node2"]);
    expect(running(pids(s))).toHaveLength(3);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, "..")).mode & 0o777).toBe(0o700);
    for (const n of s.nodes) expect(r.stdout).toContain(`127.0.0.1:${n.port}`);
    expect(r.stdout).toMatch(
      /^proxy: {6}cachelab proxy --port 6380 {3}\(routes by ring; keep it running\)\nredis-cli: {2}redis-cli -p 6380$/m,
    );
    // a second up refuses to start over a running cluster
    const again = await cluster(path, "up", "-n", "1");
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already running \(3 of 3 nodes/);
  });

  it("status checks pids and ports: a killed node is dead, a paused one paused; resume brings it back", async () => {
    const ok = await cluster(path, "status", "--json");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).up).toBe(3);

    expect((await cluster(path, "kill", "node1")).code).toBe(0);
    expect((await cluster(path, "pause", "node2")).code).toBe(0);
    const st = await cluster(path, "status");
    expect(st.code).toBe(1);
    expect(st.stdout).toMatch(/^1 of 3 nodes up/);
    expect(st.stdout).toMatch(/node1 .* dead \(pid \d+ is gone\)/);
    expect(st.stdout).toMatch(/node2 .* paused \(pid \d+ is stopped \(SIGSTOP\)\)/);
    // a dead node cannot be killed or paused again: one line, exit 2
    const k = await cluster(path, "kill", "node1");
    expect(k.code).toBe(2);
    expect(k.stderr).toMatch(/node1 \(pid \d+\) is not running/);
    expect((await cluster(path, "resume", "node2")).code).toBe(0);
    const j = JSON.parse((await cluster(path, "status", "--json")).stdout);
    expect(j.nodes.map((n: { health: string }) => n.health)).toEqual(["up", "dead", "up"]);
  });

  it("add starts node3 and bumps the generation; remove stops a node and takes it out", async () => {
    const before = state(path);
    const a = await cluster(path, "add");
    expect(a.code, a.stderr).toBe(0);
    const s = state(path);
    expect(s.nodes.map((n) => n.name)).toEqual(["node0", "node1", "node2", "node3"]);
    expect(s.generation).toBe(before.generation + 1);
    const node3 = s.nodes[3].pid;
    expect(running([node3])).toEqual([node3]);
    const r = await cluster(path, "remove", "node3");
    expect(r.code, r.stderr).toBe(0);
    expect(state(path).nodes.map((n) => n.name)).toEqual(["node0", "node1", "node2"]);
    expect(running([node3])).toEqual([]);
  });

  it("down stops every process (a paused one too) and removes the state; nothing is left running", async () => {
    const s = state(path);
    expect((await cluster(path, "pause", "node0")).code).toBe(0);
    const d = await cluster(path, "down", "--json");
    expect(d.code, d.stderr).toBe(0);
    const how = Object.fromEntries(
      JSON.parse(d.stdout).stopped.map((x: { name: string; how: string }) => [x.name, x.how]),
    );
    expect(how).toEqual({ node0: "terminated", node1: "absent", node2: "terminated" });
    expect(running(pids(s))).toEqual([]);
    expect(existsSync(path)).toBe(false);
    const again = await cluster(path, "down");
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/no cluster state at .*nothing to stop/);
  });

  it("a stale state (every node gone) is reported by status and replaced by up", async () => {
    expect((await cluster(path, "up", "-n", "2", "--placement", "jump")).code).toBe(0);
    const s = state(path);
    for (const p of pids(s)) process.kill(p, "SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
    const st = await cluster(path, "status");
    expect(st.code).toBe(1);
    expect(st.stdout).toMatch(/^0 of 2 nodes up/);
    expect(st.stdout).toContain("the state is stale");
    const up = await cluster(path, "up", "-n", "1", "--password", "random");
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/^note: replaced a stale state/);
    // a password: drawn, kept in the 0600 state, on the redis-cli line; the node wants AUTH
    const pw = state(path).password!;
    expect(pw).toMatch(/^[0-9a-f]{32}$/);
    expect(up.stdout).toContain(`redis-cli -c -h 127.0.0.1 -p ${state(path).nodes[0].port} -a ${pw} --no-auth-warning`);
    expect(await ping("127.0.0.1", state(path).nodes[0].port, 2000)).toMatch(/^-NOAUTH/);
    expect(JSON.parse((await cluster(path, "status", "--json")).stdout).up).toBe(1);
    expect((await cluster(path, "down")).code).toBe(0);
  });

  it("a pid the kernel gave to another program is reported, never signalled", async () => {
    // this test process stands for a program that reused a node's pid
    const fake = {
      version: 1,
      createdAt: "2026-01-01T00:00:00.000Z",
      generation: 1,
      placement: "ring",
      replicas: 0,
      eviction: "lru",
      memory: 1 << 20,
      password: null,
      nextIndex: 1,
      proxy: null,
      nodes: [
        {
          name: "node0",
          pid: process.pid,
          host: "127.0.0.1",
          port: 1,
          httpPort: 2,
          log: "x",
          eviction: "lru",
          memory: 1 << 20,
        },
      ],
    };
    writeFileSync(path, JSON.stringify(fake));
    const st = await cluster(path, "status");
    expect(st.stdout).toMatch(/node0 .* dead \(pid \d+ now runs another program\)/);
    const d = await cluster(path, "down", "--json");
    expect(JSON.parse(d.stdout).stopped).toEqual([{ name: "node0", pid: process.pid, how: "absent" }]);
  });

  it("bad input: one line naming the flag or field, exit 2", async () => {
    const p = await cluster(path, "up", "--placement", "bounded");
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/placement 'bounded' is load-aware/);
    const e = await cluster(path, "up", "--eviction", "lruu");
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/unknown eviction policy 'lruu'/);
    const r = await cluster(path, "up", "-n", "2", "--replicas", "2");
    expect(r.code).toBe(2);
    writeFileSync(path, '{"version":1,"placement":"ring"}');
    const bad = await cluster(path, "status");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cluster\.json: field 'eviction' must be a string/);
  });
});
