// Issue 12, replication in a Redis Cluster: `cluster up -n 6 --replicas 1 --placement slots` starts
// 3 primaries and 3 replicas (real node processes, port 0). ioredis's Cluster writes through the
// primaries; each primary streams the effect of its writes to its replica (src/cluster/node/
// replication.ts), which serves them to READONLY clients and redirects writes to its primary;
// `cluster kill` of a primary promotes its replica, and ioredis recovers with every write that had
// reached the replica.
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Router, routerFor } from "../../../src/cluster/router.js";
import { cleanUp, cluster, freshState, state } from "./helpers.js";

const path = freshState();
let router: Router;
const N = 300;

async function conn(port: number): Promise<Redis> {
  const r = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0 });
  r.on("error", () => {});
  await r.connect();
  return r;
}

/** Waits until every primary's replication links have every command acknowledged. */
async function caughtUp(): Promise<void> {
  const s = state(path);
  for (const n of s.nodes.filter((x) => !x.replicaOf)) {
    const r = await conn(n.port);
    try {
      for (let k = 0; ; k++) {
        const info = await r.info("replication");
        const links = [...info.matchAll(/state=(\w+),.*?sent=(\d+),acked=(\d+)/g)];
        if (links.length > 0 && links.every((m) => m[1] === "online" && m[2] === m[3])) break;
        if (k > 200) throw new Error(`${n.name} did not catch up: ${info}`);
        await new Promise((res) => setTimeout(res, 20));
      }
    } finally {
      r.disconnect();
    }
  }
}

beforeAll(async () => {
  const r = await cluster(path, "up", "-n", "6", "--replicas", "1", "--placement", "slots", "--memory", "8MiB");
  expect(r.code, r.stderr).toBe(0);
  router = await routerFor("slots", ["node0", "node1", "node2"], 0);
}, 30_000);
afterAll(() => cleanUp(path));

describe("a slots cluster with a replica per primary", () => {
  it("records node3 … node5 as replicas of node0 … node2, and CLUSTER SLOTS lists each replica after its primary", async () => {
    const s = state(path);
    expect(s.nodes.map((n) => n.replicaOf ?? null)).toEqual([null, null, null, "node0", "node1", "node2"]);
    const r = await conn(s.nodes[4].port);
    const rows = (await r.call("cluster", "slots")) as [number, number, [string, number], [string, number]][];
    expect(rows.map((x) => [x[0], x[1], x[2][1], x[3][1]])).toEqual([
      [0, 5460, s.nodes[0].port, s.nodes[3].port],
      [5461, 10922, s.nodes[1].port, s.nodes[4].port],
      [10923, 16383, s.nodes[2].port, s.nodes[5].port],
    ]);
    expect(await r.info("replication")).toMatch(/role:slave\r\nmaster_host:127\.0\.0\.1\r\nmaster_port:\d+/);
    r.disconnect();
  });

  it("ioredis Cluster writes through the primaries; each replica gets its primary's writes (read with READONLY)", async () => {
    const s = state(path);
    const c = new Cluster([{ host: "127.0.0.1", port: s.nodes[1].port }]);
    try {
      await Promise.all(Array.from({ length: N }, (_, i) => c.set(`user:${i}`, `value-${i}`)));
      await c.set("ttl-key", "x", "EX", 1000);
      await c.set("n", "41");
      await c.incr("n");
      await c.append("user:0", "-appended");
      await c.del("user:1");
    } finally {
      await c.quit();
    }
    await caughtUp();
    for (let p = 0; p < 3; p++) {
      const replica = await conn(s.nodes[3 + p].port);
      expect(await replica.call("readonly")).toBe("OK");
      const mine = Array.from({ length: N }, (_, i) => i).filter((i) => router.primary(`user:${i}`) === p);
      expect(mine.length).toBeGreaterThan(50);
      const got = await Promise.all(mine.map((i) => replica.get(`user:${i}`)));
      expect(got).toEqual(mine.map((i) => (i === 0 ? "value-0-appended" : i === 1 ? null : `value-${i}`)));
      // the replica holds its primary's keys only
      expect(await replica.dbsize()).toBe(
        mine.length -
          (mine.includes(1) ? 1 : 0) +
          (router.primary("n") === p ? 1 : 0) +
          (router.primary("ttl-key") === p ? 1 : 0),
      );
      if (router.primary("n") === p) expect(await replica.get("n")).toBe("42");
      if (router.primary("ttl-key") === p) {
        const ttl = await replica.ttl("ttl-key");
        expect(ttl).toBeGreaterThan(990);
        expect(ttl).toBeLessThanOrEqual(1000);
      }
      // a write sent to the replica is redirected to its primary, as Redis does
      const k = `user:${mine[2]}`;
      await expect(replica.set(k, "nope")).rejects.toThrow(
        `MOVED ${router.placement.hashKey(k) & 16383} 127.0.0.1:${s.nodes[p].port}`,
      );
      replica.disconnect();
    }
  });

  it("ioredis Cluster with scaleReads: 'slave' reads from the replicas", async () => {
    const s = state(path);
    const c = new Cluster([{ host: "127.0.0.1", port: s.nodes[0].port }], { scaleReads: "slave" });
    const hits = async () => {
      let total = 0;
      for (const n of s.nodes.slice(3)) {
        const r = await conn(n.port);
        total += Number(/keyspace_hits:(\d+)/.exec(await r.info("stats"))?.[1]);
        r.disconnect();
      }
      return total;
    };
    const before = await hits();
    try {
      const got = await Promise.all(Array.from({ length: 30 }, (_, i) => c.get(`user:${i + 10}`)));
      expect(got).toEqual(Array.from({ length: 30 }, (_, i) => `value-${i + 10}`));
    } finally {
      await c.quit();
    }
    expect((await hits()) - before).toBe(30);
  });

  it("cluster kill of a primary promotes its replica; ioredis recovers with every replicated write", async () => {
    const s = state(path);
    const c = new Cluster([{ host: "127.0.0.1", port: s.nodes[1].port }], {
      clusterRetryStrategy: () => 50,
      retryDelayOnFailover: 50,
      redisOptions: { connectTimeout: 500 },
    });
    c.on("error", () => {});
    try {
      expect(await c.get("user:5")).toBe("value-5");
      await caughtUp();
      const r = await cluster(path, "kill", "node0");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("node3 promoted to primary of its slots");
      const after = state(path);
      expect(after.nodes.map((n) => [n.name, n.replicaOf ?? null])).toEqual([
        ["node3", null],
        ["node1", null],
        ["node2", null],
        ["node4", "node1"],
        ["node5", "node2"],
      ]);
      expect(after.generation).toBe(s.generation + 1);
      // every key, node0's included, reads back through the same client (it follows the new map)
      const got = await Promise.all(Array.from({ length: N }, (_, i) => c.get(`user:${i}`)));
      expect(got).toEqual(
        Array.from({ length: N }, (_, i) => (i === 0 ? "value-0-appended" : i === 1 ? null : `value-${i}`)),
      );
      // and the promoted node takes writes for node0's former slots
      const k = Array.from({ length: N }, (_, i) => `new:${i}`).find((x) => router.primary(x) === 0)!;
      expect(await c.set(k, "after")).toBe("OK");
      const node3 = await conn(after.nodes[0].port);
      expect(await node3.get(k)).toBe("after");
      expect(await node3.info("replication")).toContain("role:master");
      node3.disconnect();
    } finally {
      c.disconnect();
    }
  }, 30_000);

  it("cluster remove of a primary with a replica promotes it (its slots are not re-split)", async () => {
    const r = await cluster(path, "remove", "node1");
    expect(r.code, r.stderr).toBe(0);
    const s = state(path);
    expect(s.nodes.map((n) => [n.name, n.replicaOf ?? null])).toEqual([
      ["node3", null],
      ["node4", null],
      ["node2", null],
      ["node5", "node2"],
    ]);
    const node2 = await conn(s.nodes[2].port);
    const rows = (await node2.call("cluster", "slots")) as [number, number, ...[string, number][]][];
    expect(rows.map((x) => [x[0], x[1], ...x.slice(2).map((e) => (e as [string, number])[1])])).toEqual([
      [0, 5460, s.nodes[0].port],
      [5461, 10922, s.nodes[1].port],
      [10923, 16383, s.nodes[2].port, s.nodes[3].port],
    ]);
    node2.disconnect();
    const c = new Cluster([{ host: "127.0.0.1", port: s.nodes[2].port }]);
    try {
      const mine = Array.from({ length: N }, (_, i) => i).filter((i) => i > 1 && router.primary(`user:${i}`) === 1);
      expect(await Promise.all(mine.map((i) => c.get(`user:${i}`)))).toEqual(mine.map((i) => `value-${i}`));
    } finally {
      c.disconnect();
    }
  }, 30_000);

  it("refuses -n that is not a multiple of replicas + 1, naming both", async () => {
    const other = freshState();
    const r = await cluster(other, "up", "-n", "5", "--replicas", "1", "--placement", "slots");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("-n 5 must be a multiple of 2");
  });
});
