// The node's HTTP port: /v1/keys/:key over the same keyspace as the RESP port, /metrics in
// Prometheus text with the node's counters, /healthz, and the password rule.
import fc from "fast-check";
import { Redis } from "ioredis";
import prom from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../../src/cluster/node/http.js";
import { type Proc, startNode, stopAll } from "./procs.js";

let node: Proc;
let base: string;
const auth = { authorization: "Bearer pw" };

beforeAll(async () => {
  node = await startNode(["--password", "pw", "--memory", "1MiB", "--eviction", "sieve"]);
  base = `http://127.0.0.1:${node.httpPort}`;
}, 20_000);
afterAll(stopAll);

describe("HTTP port", () => {
  it("stores, reads and deletes keys shared with the RESP port", async () => {
    expect((await fetch(`${base}/v1/keys/a%20b`, { method: "PUT", body: "hello", headers: auth })).status).toBe(204);
    const r = await fetch(`${base}/v1/keys/a%20b`, { headers: auth });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("hello");
    const redis = new Redis({ port: node.port, password: "pw", lazyConnect: true });
    await redis.connect();
    expect(await redis.get("a b")).toBe("hello");
    await redis.set("from-resp", "x");
    expect(await (await fetch(`${base}/v1/keys/from-resp`, { headers: auth })).text()).toBe("x");
    expect((await fetch(`${base}/v1/keys/a%20b`, { method: "DELETE", headers: auth })).status).toBe(204);
    expect((await fetch(`${base}/v1/keys/a%20b`, { headers: auth })).status).toBe(404);
    expect(
      (await fetch(`${base}/v1/keys/big`, { method: "PUT", body: "x".repeat(2 << 20), headers: auth })).status,
    ).toBe(507);
    expect((await fetch(`${base}/v1/keys/t?ttl=0`, { method: "PUT", body: "x", headers: auth })).status).toBe(400);
    redis.disconnect();
  });

  it("wants the password for keys, not for /metrics and /healthz", async () => {
    expect((await fetch(`${base}/v1/keys/a`)).status).toBe(401);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ ok: true, name: "node", port: node.port });
  });

  it("exports the node's counters in Prometheus text", async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
    // three hits (a b over HTTP and over RESP, from-resp over HTTP); one miss (a b after DELETE)
    expect(value("cachelab_node_keyspace_hits_total")).toBe(3);
    expect(value("cachelab_node_keyspace_misses_total")).toBe(1);
    expect(value("cachelab_node_keys")).toBe(1);
    expect(value("cachelab_node_memory_max_bytes")).toBe(1 << 20);
    expect(value("cachelab_node_memory_used_bytes")).toBe("from-resp".length + 1 + 64);
    expect(text).toMatch(/^cachelab_node_command_duration_seconds_bucket\{le="0\.001"\} \d+$/m);
    expect(text).toMatch(/^process_cpu_seconds_total \S+$/m);
    expect(value("cachelab_node_connections")).toBeGreaterThanOrEqual(0);
  });
});

describe("the command-latency histogram (plain counts, printed on scrape)", () => {
  const buckets = [1e-6, 2e-6, 5e-6, 1e-5, 2.5e-4, 1e-3, 0.1];

  it("prints what prom-client's Histogram prints for the same observations", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom(...buckets, 0, 0.5), fc.double({ min: 0, max: 0.2, noNaN: true }))),
        async (xs) => {
          const register = new prom.Registry();
          const theirs = new prom.Histogram({ name: "t_seconds", help: "h", buckets, registers: [register] });
          const ours = new LatencyHistogram("t_seconds", "h", buckets);
          for (const x of xs) {
            theirs.observe(x);
            ours.observe(x);
          }
          expect(ours.text()).toBe(await register.metrics());
        },
      ),
      { numRuns: 50 },
    );
  });

  it("counts a value on a bound in that bucket, and above the last in +Inf", () => {
    const h = new LatencyHistogram("t", "h", [1, 2]);
    for (const x of [0, 1, 1.5, 2, 3]) h.observe(x);
    expect(h.text()).toBe(
      [
        "# HELP t h",
        "# TYPE t histogram",
        't_bucket{le="1"} 2',
        't_bucket{le="2"} 4',
        't_bucket{le="+Inf"} 5',
        "t_sum 7.5",
        "t_count 5",
        "",
      ].join("\n"),
    );
  });
});
