// Redis Cluster mode of the node: three primaries and one replica given a topology at run time
// (CLUSTER SETTOPOLOGY, and SIGHUP from a file), then driven by `redis-cli -c` and ioredis's
// Cluster client, which must follow the -MOVED redirects; the exact redirect and CLUSTER replies.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Proc, startNode, stopAll } from "./procs.js";

const NAMES = ["n1", "n2", "n3", "n1r"];
let nodes: Proc[];
let topology: object;
const clients: Redis[] = [];

beforeAll(async () => {
  nodes = await Promise.all(NAMES.map((name) => startNode(["--name", name, "--memory", "8MiB"])));
  topology = {
    epoch: 1,
    nodes: NAMES.map((name, i) => ({
      name,
      host: "127.0.0.1",
      port: nodes[i].port,
      ...(name === "n1r" ? { replicaOf: "n1" } : {}),
    })),
  };
  for (const n of nodes) {
    const r = new Redis({ port: n.port, lazyConnect: true });
    await r.connect();
    clients.push(r);
    expect(await r.call("CLUSTER", "SETTOPOLOGY", JSON.stringify(topology))).toBe("OK");
  }
}, 30_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await stopAll();
});

function cli(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("redis-cli", args, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    child.stdin!.end(input ?? "");
  });
}

describe("cluster mode", () => {
  it("hashes keys to slots as Redis does (CRC16, hash tags)", async () => {
    const r = clients[0];
    expect(await r.call("CLUSTER", "KEYSLOT", "foo")).toBe(12182);
    expect(await r.call("CLUSTER", "KEYSLOT", "{user1000}.following")).toBe(
      await r.call("CLUSTER", "KEYSLOT", "{user1000}.followers"),
    );
    expect(await r.call("CLUSTER", "KEYSLOT", "foo{}{bar}")).toBe(await r.call("CLUSTER", "KEYSLOT", "foo{}{bar}"));
    expect(await r.call("CLUSTER", "KEYSLOT", "{}foo")).not.toBe(await r.call("CLUSTER", "KEYSLOT", "foo"));
  });

  it("splits the slots as redis-cli --cluster create does, replica listed under its primary", async () => {
    const slots = (await clients[1].call("CLUSTER", "SLOTS")) as unknown[][];
    const ranges = slots.map((s) => [s[0], s[1], (s[2] as unknown[])[1], s.length - 3]);
    expect(ranges).toEqual([
      [0, 5460, nodes[0].port, 1],
      [5461, 10922, nodes[1].port, 0],
      [10923, 16383, nodes[2].port, 0],
    ]);
    expect((slots[0][3] as unknown[])[1]).toBe(nodes[3].port);
    const text = (await clients[0].call("CLUSTER", "NODES")) as string;
    expect(text).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${nodes[0].port}@${nodes[0].port + 10000} myself,master - 0 0 1 connected 0-5460\\n`),
    );
    expect(text).toMatch(/ slave [0-9a-f]{40} 0 0 1 connected\n/);
    expect(await clients[0].call("CLUSTER", "INFO")).toMatch(/^cluster_state:ok\r\ncluster_slots_assigned:16384\r\n/);
  });

  it("redirects with -MOVED slot host:port, and refuses keys in different slots", async () => {
    // foo is in slot 12182: n3
    await expect(clients[0].call("SET", "foo", "1")).rejects.toThrow(`MOVED 12182 127.0.0.1:${nodes[2].port}`);
    expect(await clients[2].call("SET", "foo", "1")).toBe("OK");
    await expect(clients[2].call("MGET", "foo", "bar")).rejects.toThrow(
      "CROSSSLOT Keys in request don't hash to the same slot",
    );
  });

  it("serves reads on a replica after READONLY, redirects writes to the primary, takes the replication stream's", async () => {
    const owned = "{b}x"; // slot 3300: n1's
    expect(await clients[0].call("CLUSTER", "KEYSLOT", owned)).toBe(3300);
    await expect(clients[3].call("GET", owned)).rejects.toThrow(/^MOVED /);
    expect(await clients[3].call("READONLY")).toBe("OK");
    expect(await clients[3].call("GET", owned)).toBeNull();
    await expect(clients[3].call("SET", owned, "v")).rejects.toThrow(`127.0.0.1:${nodes[0].port}`);
    // the replication stream (the cluster manager) may write its primary's keys on the replica
    const stream = new Redis({ port: nodes[3].port, lazyConnect: true });
    await stream.connect();
    expect(await stream.call("REPLCONF", "cachelab-writes", "yes")).toBe("OK");
    expect(await stream.call("SET", owned, "copied")).toBe("OK");
    await expect(stream.call("SET", "foo", "1")).rejects.toThrow(/^MOVED 12182 /); // not its primary's slot
    stream.disconnect();
    expect(await clients[3].call("GET", owned)).toBe("copied");
    await expect(clients[3].call("REPLCONF", "nosuch", "1")).rejects.toThrow(
      "ERR Unrecognized REPLCONF option: nosuch",
    );
  });

  it("redis-cli -c follows the redirects across the three primaries", async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `cli:${i}`);
    const out = await cli(
      ["-c", "-p", String(nodes[0].port)],
      `${keys.map((k) => `SET ${k} v-${k}`).join("\n")}\n${keys.map((k) => `GET ${k}`).join("\n")}\n`,
    );
    const lines = out.trim().split("\n");
    // redis-cli says where it was sent: proof that the keys were spread and redirected
    const redirects = lines.filter((l) => l.startsWith("-> Redirected to slot"));
    expect(redirects.length).toBeGreaterThan(0);
    expect(lines.filter((l) => !l.startsWith("-> "))).toEqual([...keys.map(() => "OK"), ...keys.map((k) => `v-${k}`)]);
  });

  it("ioredis Cluster reads and writes through it", async () => {
    const c = new Cluster([{ host: "127.0.0.1", port: nodes[1].port }], { lazyConnect: true });
    await c.connect();
    for (let i = 0; i < 30; i++) await c.set(`io:${i}`, `v${i}`);
    for (let i = 0; i < 30; i++) expect(await c.get(`io:${i}`)).toBe(`v${i}`);
    const sizes = await Promise.all(clients.slice(0, 3).map((r) => r.dbsize()));
    expect(sizes.every((n) => n > 0)).toBe(true);
    c.disconnect();
  });

  it("reloads the topology from its file on SIGHUP", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cachelab-topo-"));
    const file = join(dir, "topology.json");
    writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          { name: "solo", port: 7000 },
          { name: "other", port: 7001 },
        ],
      }),
    );
    const n = await startNode(["--name", "solo", "--topology", file]);
    const r = new Redis({ port: n.port, lazyConnect: true });
    await r.connect();
    expect(await r.call("CLUSTER", "MYID")).toMatch(/^[0-9a-f]{40}$/);
    await expect(r.call("SET", "foo", "1")).rejects.toThrow("MOVED 12182 127.0.0.1:7001");
    writeFileSync(file, JSON.stringify({ nodes: [{ name: "solo", port: n.port, slots: [[0, 16383]] }] }));
    n.proc.kill("SIGHUP");
    await new Promise((res) => setTimeout(res, 300));
    expect(await r.call("SET", "foo", "1")).toBe("OK");
    r.disconnect();
    await n.stop();
  });
});
