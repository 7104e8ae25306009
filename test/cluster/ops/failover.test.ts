// Issue 12, item 5: `cluster kill` of one of three nodes (`--replicas 1`, ring placement) while a
// client writes and reads, through the library client and through `cachelab proxy` (a real process):
// no request fails, and every key written before the kill still reads back its value (served by the
// surviving replica for the killed node's keys). Then `cluster down` leaves no process behind: the
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
    args: ["proxy", "--port", "0", "--json", "--timeout", "300", "--state", path],
    log: join(path, "..", "logs", "proxy.log"),
    env: { CI: "1" },
  });
  proxyPid = p.pid;
  client = await ClusterClient.fromState(path, { timeoutMs: 300 });
  viaProxy = new Redis({ port: p.port, lazyConnect: true });
  await viaProxy.connect();
});

afterAll(async () => {
  viaProxy?.disconnect();
  await client?.close();
  await cleanUp(path, [proxyPid]);
});

describe("kill one of three nodes with --replicas 1", () => {
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
    expect(requests).toBeGreaterThan(300);
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
