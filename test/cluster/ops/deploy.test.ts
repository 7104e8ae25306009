// `cluster deploy` (blue-green) under a reader that goes through the proxy the whole time: green
// starts with the new eviction policy, the proxy's 50 hottest keys are copied to it, the proxy
// switches, blue stops. No read fails or returns a wrong value (each is served wholly by blue or by
// warmed green), the hot keys are on green, a cold key is not, blue's processes are gone.
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEntry, spawnReady } from "../../../src/cluster/processes.js";
import { cleanUp, cluster, freshState, pids, running, state } from "./helpers.js";

const path = freshState();
let proxyPid = 0;
let viaProxy: Redis;

beforeAll(async () => {
  const r = await cluster(path, "up", "-n", "2", "--placement", "jump", "--eviction", "lru", "--memory", "8MiB");
  expect(r.code, r.stderr).toBe(0);
  const p = await spawnReady({
    entry: cliEntry(),
    args: ["proxy", "--port", "0", "--json", "--state", path],
    log: join(path, "..", "logs", "proxy.log"),
    env: { CI: "1" },
  });
  proxyPid = p.pid;
  viaProxy = new Redis({ port: p.port, lazyConnect: true });
  await viaProxy.connect();
});

afterAll(async () => {
  viaProxy?.disconnect();
  await cleanUp(path, [proxyPid]);
});

describe("cluster deploy", () => {
  it("switches to warmed green nodes with the new policy; no read through the proxy fails", async () => {
    await Promise.all(Array.from({ length: 300 }, (_, i) => viaProxy.set(`k:${i}`, `v${i}`)));
    for (let round = 0; round < 4; round++)
      await Promise.all(Array.from({ length: 50 }, (_, i) => viaProxy.get(`k:${i}`)));
    const blue = state(path).nodes.map((n) => n.pid);

    const errors: string[] = [];
    let reads = 0;
    let done = false;
    const reader = (async () => {
      for (let i = 0; !done; i++) {
        const k = i % 50;
        try {
          const v = await viaProxy.get(`k:${k}`);
          reads++;
          if (v !== `v${k}`) errors.push(`k:${k} → ${v}`);
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
    })();
    const d = await cluster(path, "deploy", "--eviction", "sieve", "--warm", "copy-hot:50", "--drain", "200", "--json");
    done = true;
    await reader;
    expect(d.code, d.stderr).toBe(0);
    const r = JSON.parse(d.stdout);
    expect(r).toMatchObject({ generation: 2, eviction: "sieve", proxySwitched: true });
    expect(r.warm).toEqual({ asked: 50, hot: 50, copied: 50, source: "proxy" });
    expect(errors).toEqual([]);
    expect(reads).toBeGreaterThan(20);

    const s = state(path);
    expect(s.nodes.map((n) => [n.name, n.eviction])).toEqual([
      ["node0", "sieve"],
      ["node1", "sieve"],
    ]);
    expect(running(blue)).toEqual([]);
    expect(running(s.nodes.map((n) => n.pid))).toHaveLength(2);
    // hot keys were copied; a cold one was not (green started empty)
    expect(await viaProxy.mget("k:0", "k:49", "k:150")).toEqual(["v0", "v49", null]);
    expect(await viaProxy.info()).toMatch(/generation:2/);
  });

  it("bad --warm is one line and exit 2; down leaves nothing running", async () => {
    const bad = await cluster(path, "deploy", "--warm", "copy-hottest");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--warm 'copy-hottest': expected copy-hot:N/);
    const all = pids(state(path));
    viaProxy.disconnect();
    expect((await cluster(path, "down")).code).toBe(0);
    expect(running(all)).toEqual([]);
  });
});
