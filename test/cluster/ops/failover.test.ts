// Issue 12, item 5: `cluster kill` of one of three nodes (`--replicas 1`, ring placement) while a
// client writes and reads, through the library client and through `cachelab proxy` (a real process):
// no request fails, and every key written before the kill still reads back its value (served by the
// surviving replica for the killed node's keys). Before that, a SIGSTOPped node: its keys are read
// from the replica once the per-command timeout passes. Then `cluster down` leaves no process behind: the
// nodes and the proxy, every pid checked.
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterClient } from "../../../src/cluster/client.js";
import { cliEntry, spawnReady } from "../../../src/cluster/processes.js";
import { cleanUp, cluster, freshState, pids, running, state } from "./helpers.js";

const path = freshState();
let proxyPid = 0;
let client: ClusterClient;
let viaProxy: Redis;

beforeAll(async () => {
  const r = await cluster(path, "up", "-n", "3", "--placement", "ring", "--replicas", "1", "--memory", "8MiB");
  expect(r.code, r.stderr).toBe(0);
  const p = await spawnReady({
    entry: cliEntry(),
    args: ["proxy", "--port", "0", "--json", "--timeout", "1000", "--state", path],
    log: join(path, "..", "logs", "proxy.log"),
    env: { CI: "1" },
  });
  proxyPid = p.pid;
  client = await ClusterClient.fromState(path, { timeoutMs: 1000, downMs: 300 });
  viaProxy = new Redis({ port: p.port, lazyConnect: true });
  await viaProxy.connect();
});

afterAll(async () => {
  viaProxy?.disconnect();
  await client?.close();
  await cleanUp(path, [proxyPid]);
});

describe("the proxy", () => {
  it("splits multi-key commands per node and merges them; pipelined replies come back in order", async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `multi:${i}`);
    const owners = new Set(keys.map((k) => client.ownersOf(k)[0]));
    expect(owners.size).toBe(3);
    expect(await viaProxy.mset(Object.fromEntries(keys.map((k) => [k, `m:${k}`])))).toBe("OK");
    expect(await viaProxy.mget(...keys, "multi:absent")).toEqual([...keys.map((k) => `m:${k}`), null]);
    expect(await viaProxy.exists(...keys.slice(0, 10), "multi:absent")).toBe(10);
    // one pipeline: writes, reads and local commands, answered in the order sent
    const p = viaProxy.pipeline();
    p.set("multi:x", "1").incr("multi:x").get("multi:x").echo("hi").ping().del("multi:x", "multi:0").get("multi:0");
    const replies = (await p.exec())!.map(([err, v]) => err?.message ?? v);
    expect(replies).toEqual(["OK", 2, "2", "hi", "PONG", 2, null]);
    await expect(viaProxy.call("nosuchcommand", "a")).rejects.toThrow(/^ERR unknown command 'nosuchcommand'/);
    await expect(viaProxy.select(1)).rejects.toThrow(/DB index is out of range/);
    // the proxy's own table of hot keys counts what it routed
    const hot = (await viaProxy.call("cachelab.hotkeys", "3")) as (string | number)[];
    expect(hot).toHaveLength(6);
  });
});

describe("kill one of three nodes with --replicas 1", () => {
  it("a paused node (SIGSTOP) times out: its keys are read from the replica, writes kept as hints and replayed to it once resumed", async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `pause:${i}`);
    const hinted = client.stats.hinted;
    await Promise.all(keys.map((k) => client.set(k, `v:${k}`)));
    await new Promise((r) => setTimeout(r, 50));
    const onNode2 = keys.filter((k) => client.ownersOf(k)[0] === "node2");
    expect(onNode2.length).toBeGreaterThan(5);
    const failovers = client.stats.failovers;
    expect((await cluster(path, "pause", "node2")).code).toBe(0);
    try {
      expect(await Promise.all(onNode2.map((k) => client.get(k)))).toEqual(onNode2.map((k) => `v:${k}`));
      expect(client.stats.failovers - failovers).toBe(onNode2.length);
      // written while node2 is paused: served by the replica, kept as hints for node2
      await Promise.all(onNode2.map((k) => client.set(k, `w:${k}`)));
      expect(client.stats.hinted - hinted).toBe(onNode2.length);
    } finally {
      expect((await cluster(path, "resume", "node2")).code).toBe(0);
    }
    expect(await viaProxy.get(onNode2[0])).toBe(`v:${onNode2[0]}`); // the proxy wrote nothing meanwhile
    // node2 is back: its hints are replayed before it serves again, so it never answers a stale value
    const deadline = Date.now() + 5000;
    const direct = client.connection("node2");
    let onNode = await Promise.all(onNode2.map((k) => direct.get(k)));
    while (onNode.some((v, i) => v !== `w:${onNode2[i]}`) && Date.now() < deadline) {
      expect(await Promise.all(onNode2.map((k) => client.get(k)))).toEqual(onNode2.map((k) => `w:${k}`));
      await new Promise((r) => setTimeout(r, 50));
      onNode = await Promise.all(onNode2.map((k) => direct.get(k)));
    }
    expect(onNode).toEqual(onNode2.map((k) => `w:${k}`));
  });

  it("no failed request through the client or the proxy; keys written before the kill read back", async () => {
    expect(state(path).proxy?.pid).toBe(proxyPid);
    const before = Array.from({ length: 150 }, (_, i) => `before:${i}`);
    await Promise.all(before.map((k) => client.set(`c:${k}`, `v:${k}`)));
    await Promise.all(before.map((k) => viaProxy.set(`p:${k}`, `v:${k}`)));
    // the killed node owns some of these keys as primary
    expect(before.filter((k) => client.ownersOf(`c:${k}`)[0] === "node1").length).toBeGreaterThan(10);
    await new Promise((r) => setTimeout(r, 100)); // replicas have the copies

    const errors: string[] = [];
    const wrong: string[] = [];
    let requests = 0;
    let afterKill = 0;
    let killed = false;
    const t0 = Date.now();
    const worker = async (w: number) => {
      for (let i = 0; Date.now() - t0 < 1200; i++) {
        const k = before[(i * 7 + w * 31) % before.length];
        const fresh = `during:${w}:${i}`;
        for (const [prefix, get, set] of [
          ["c:", (key: string) => client.get(key), (key: string, v: string) => client.set(key, v)],
          ["p:", (key: string) => viaProxy.get(key), (key: string, v: string) => viaProxy.set(key, v)],
        ] as const) {
          try {
            requests += 3;
            if (killed) afterKill += 3;
            const v = await get(`${prefix}${k}`);
            if (v !== `v:${k}`) wrong.push(`${prefix}${k} → ${v}`);
            await set(`${prefix}${fresh}`, "x");
            const back = await get(`${prefix}${fresh}`);
            if (back !== "x") wrong.push(`${prefix}${fresh} → ${back}`);
          } catch (e) {
            errors.push(`${prefix} ${(e as Error).message}`);
          }
        }
      }
    };
    const kill = (async () => {
      await new Promise((r) => setTimeout(r, 300));
      const r = await cluster(path, "kill", "node1");
      expect(r.code, r.stderr).toBe(0);
      killed = true;
    })();
    await Promise.all([worker(0), worker(1), worker(2), worker(3), kill]);
    expect(killed).toBe(true);
    expect(errors).toEqual([]);
    expect(wrong).toEqual([]);
    expect(requests).toBeGreaterThan(100);
    expect(afterKill).toBeGreaterThan(20); // the load went on after node1 died
    // the killed node's keys were served by their replica
    expect(client.stats.failovers).toBeGreaterThan(0);
    expect(client.stats.failed).toBe(0);
    const info = await viaProxy.info();
    expect(info).toMatch(/failed:0/);
    expect(Number(/failovers:(\d+)/.exec(info)![1])).toBeGreaterThan(0);
  });

  it("cluster down stops the proxy and every node: no process is left", async () => {
    const all = pids(state(path));
    expect(all).toContain(proxyPid);
    viaProxy.disconnect();
    const d = await cluster(path, "down", "--json");
    expect(d.code, d.stderr).toBe(0);
    const how = Object.fromEntries(
      JSON.parse(d.stdout).stopped.map((x: { name: string; how: string }) => [x.name, x.how]),
    );
    expect(how).toEqual({ proxy: "terminated", node0: "terminated", node1: "absent", node2: "terminated" });
    expect(running(all)).toEqual([]);
  });
});
