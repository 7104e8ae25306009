// A primary's replication stream (src/cluster/node/replication.ts) between two real node processes:
// the full sync of what the primary held before it had a replica (TTLs kept), the primary's
// evictions reaching the replica as DEL (the replica holds exactly the primary's keys), FLUSHALL,
// and a replica that restarts on its port being fully resynced, writes made while it was down
// included, with the password the nodes share.
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, type Proc, startNode, stopAll } from "./procs.js";

afterAll(async () => {
  await stopAll();
});

const PASSWORD = "s3cret";
const env = { CACHELAB_NODE_PASSWORD: PASSWORD };

async function conn(port: number, readonly = false): Promise<Redis> {
  const r = new Redis({ port, host: "127.0.0.1", password: PASSWORD, lazyConnect: true, maxRetriesPerRequest: 0 });
  r.on("error", () => {});
  await r.connect();
  if (readonly) await r.call("readonly");
  return r;
}

async function caughtUp(primary: Redis): Promise<string> {
  for (let k = 0; ; k++) {
    const info = await primary.info("replication");
    const m = /state=(\w+),.*?sent=(\d+),acked=(\d+)/.exec(info);
    if (m && m[1] === "online" && m[2] === m[3]) return info;
    if (k > 250) throw new Error(`the replica did not catch up: ${info}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

async function keysOf(r: Redis): Promise<Map<string, string>> {
  const names = Array.from({ length: 400 }, (_, i) => `k${i}`);
  // cluster mode: one slot per MGET, so pipelined GETs
  const values = await Promise.all(names.map((k) => r.get(k)));
  return new Map(names.flatMap((k, i) => (values[i] === null ? [] : [[k, values[i]!] as const])));
}

describe("the replication stream between two nodes", () => {
  it("full sync, evictions as DEL, FLUSHALL, and a full resync after the replica restarts", async () => {
    const replicaPort = await freePort();
    const replicaArgs = ["--port", String(replicaPort), "--memory", "1MiB", "--eviction", "lru", "--name", "b"];
    let replica: Proc = await startNode(replicaArgs, env);
    // 20,000 bytes hold 119 entries of 4 + 100 + 64 bytes
    const primary = await startNode(["--memory", "20000", "--eviction", "lru", "--name", "a"], env);
    const topology = JSON.stringify({
      nodes: [
        { name: "a", port: primary.port, slots: [[0, 16383]] },
        { name: "b", port: replicaPort, replicaOf: "a" },
      ],
    });
    const a = await conn(primary.port);
    let b = await conn(replicaPort);
    try {
      // written before the topology names a replica: carried by the full sync
      await Promise.all(Array.from({ length: 50 }, (_, i) => a.set(`k${i}`, `v${i}`.padEnd(100, "."))));
      await a.set("k0", "with-ttl".padEnd(100, "."), "PX", 500_000);
      expect(await b.call("cluster", "settopology", topology)).toBe("OK");
      expect(await a.call("cluster", "settopology", topology)).toBe("OK");
      expect(await b.call("readonly")).toBe("OK");
      let info = await caughtUp(a);
      expect(info).toMatch(/connected_slaves:1\r\nslave0:ip=127\.0\.0\.1,port=\d+,state=online/);
      expect(await b.dbsize()).toBe(50);
      expect(await b.get("k7")).toBe("v7".padEnd(100, "."));
      const pttl = await b.pttl("k0");
      expect(pttl).toBeGreaterThan(490_000);
      expect(pttl).toBeLessThanOrEqual(500_000);
      expect(await b.info("replication")).toContain("master_link_status:up");

      // the primary evicts (LRU, 119 entries fit): the replica gets the DELs and holds the same keys
      await Promise.all(Array.from({ length: 350 }, (_, j) => a.set(`k${j + 50}`, `v${j + 50}`.padEnd(100, "."))));
      await caughtUp(a);
      const evicted = Number(/evicted_keys:(\d+)/.exec(await a.info("stats"))?.[1]);
      expect(evicted).toBe(400 - 119);
      expect(await a.dbsize()).toBe(119);
      expect(await b.dbsize()).toBe(119);
      expect(/evicted_keys:(\d+)/.exec(await b.info("stats"))?.[1]).toBe("0");
      expect(await keysOf(b)).toEqual(await keysOf(a));

      // the replica restarts on its port: nothing is queued meanwhile; the reconnection's full sync
      // brings the keyspace as it is then, the writes made while it was down included
      await replica.stop();
      b.disconnect();
      await a.set("k1", "written while the replica was down");
      await a.del("k399");
      replica = await startNode([...replicaArgs, "--topology", topology], env);
      b = await conn(replicaPort, true);
      info = await caughtUp(a);
      expect(info).toMatch(/syncs=2/);
      expect(await b.get("k1")).toBe("written while the replica was down");
      expect(await b.get("k399")).toBeNull();
      expect(await keysOf(b)).toEqual(await keysOf(a));

      expect(await a.flushall()).toBe("OK");
      await caughtUp(a);
      expect(await b.dbsize()).toBe(0);
      // an ordinary client's write on the replica is redirected to the primary
      await expect(b.set("k1", "x")).rejects.toThrow(`MOVED 12706 127.0.0.1:${primary.port}`);
    } finally {
      a.disconnect();
      b.disconnect();
    }
  }, 30_000);
});
