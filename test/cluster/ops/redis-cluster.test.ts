// Issue 12, item 2: ioredis's `Cluster` client and `redis-cli -c` read and write through a 3-node
// `slots` cluster started by `cachelab cluster up` (real node processes on port 0), following -MOVED
// redirects: each node owns the slot ranges the `slots` placement scheme gives it, and a key sent
// to another node is redirected to its owner. `cluster add` / `remove` send the new map to every node.
import { execFile } from "node:child_process";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Router, routerFor } from "../../../src/cluster/router.js";
import { redisKeyHash } from "../../../src/placement/hash.js";
import { cleanUp, cluster, freshState, pids, running, state } from "./helpers.js";

const path = freshState();
let router: Router;

function redisCli(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile("redis-cli", ["-c", "-p", String(port), ...args], (err, stdout) =>
      err ? reject(err) : resolve(stdout.trim()),
    ),
  );
}

/** A key whose hash slot is `slot` (found by search over short keys). */
function keyInSlot(slot: number): string {
  for (let i = 0; ; i++) if ((redisKeyHash(`s${i}`) & 16383) === slot) return `s${i}`;
}

beforeAll(async () => {
  const r = await cluster(path, "up", "-n", "3", "--placement", "slots", "--memory", "8MiB");
  expect(r.code, r.stderr).toBe(0);
  router = await routerFor("slots", ["node0", "node1", "node2"], 0);
});
afterAll(() => cleanUp(path));

describe("a 3-node slots cluster", () => {
  it("redis-cli -c writes and reads keys owned by every node, following MOVED from node0", async () => {
    const s = state(path);
    const port = s.nodes[0].port;
    // one key per owner: the first k<i> that the slots scheme puts on each node
    const keys = [0, 1, 2].map((owner) => {
      for (let i = 0; ; i++) if (router.primary(`k${i}`) === owner) return `k${i}`;
    });
    for (const k of keys) expect(await redisCli(port, "set", k, `v-${k}`)).toBe("OK");
    for (const k of keys) expect(await redisCli(port, "get", k)).toBe(`v-${k}`);
    // the value really lives on its owner: asked directly (no -c), the owner has it and node0 redirects
    const direct = new Redis({ port: s.nodes[2].port, lazyConnect: true });
    await direct.connect();
    expect(await direct.get(keys[2])).toBe(`v-${keys[2]}`);
    direct.disconnect();
    const node0 = new Redis({ port, lazyConnect: true });
    await node0.connect();
    await expect(node0.get(keys[2])).rejects.toThrow(/^MOVED \d+ 127\.0\.0\.1:\d+$/);
    node0.disconnect();
    expect(await redisCli(port, "cluster", "keyslot", "foo")).toBe("12182");
  });

  it("ioredis Cluster writes and reads 300 keys spread over the three nodes", async () => {
    const s = state(path);
    const c = new Cluster([{ host: "127.0.0.1", port: s.nodes[1].port }], { enableReadyCheck: true });
    try {
      const owners = new Set<number>();
      await Promise.all(Array.from({ length: 300 }, (_, i) => c.set(`user:${i}`, `value-${i}`)));
      for (let i = 0; i < 300; i++) owners.add(router.primary(`user:${i}`));
      expect(owners.size).toBe(3);
      const got = await Promise.all(Array.from({ length: 300 }, (_, i) => c.get(`user:${i}`)));
      expect(got).toEqual(Array.from({ length: 300 }, (_, i) => `value-${i}`));
      // hash tags keep multi-key commands in one slot
      expect(await c.mset("{t}a", "1", "{t}b", "2")).toBe("OK");
      expect(await c.mget("{t}a", "{t}b")).toEqual(["1", "2"]);
    } finally {
      await c.quit();
    }
  });

  it("add and remove update the topology on every node; redis-cli -c follows the new map", async () => {
    const slotsOf = async (port: number) => {
      const r = new Redis({ port, lazyConnect: true });
      await r.connect();
      const rows = (await r.call("cluster", "slots")) as [number, number, [string, number]][];
      r.disconnect();
      return rows.map(([a, b, [, p]]) => [a, b, p]).sort((x, y) => x[0] - y[0]);
    };
    expect((await cluster(path, "add")).code).toBe(0);
    let s = state(path);
    expect(s.nodes).toHaveLength(4);
    const four = await routerFor("slots", ["node0", "node1", "node2", "node3"], 0);
    for (const n of s.nodes) {
      const rows = await slotsOf(n.port);
      // every node serves the same map: the slots scheme over four nodes, node3 included
      expect(rows).toHaveLength(4);
      for (const [a, , port] of rows) expect(port).toBe(s.nodes[four.primary(keyInSlot(a))].port);
    }
    const onNew = Array.from({ length: 500 }, (_, i) => `n${i}`).find((k) => four.primary(k) === 3)!;
    expect(await redisCli(s.nodes[0].port, "set", onNew, "fresh")).toBe("OK");
    expect(await redisCli(s.nodes[1].port, "get", onNew)).toBe("fresh");
    expect((await cluster(path, "remove", "node3")).code).toBe(0);
    s = state(path);
    for (const n of s.nodes) expect(await slotsOf(n.port)).toHaveLength(3);
  });

  it("down leaves none of the node processes running", async () => {
    const all = pids(state(path));
    expect((await cluster(path, "down")).code).toBe(0);
    expect(running(all)).toEqual([]);
  });
});
