// `--driver autocannon` against real cachelab node processes' HTTP ports (127.0.0.1, ports chosen by
// the system, every process stopped):
//   - look-aside over HTTP, hand-worked: 1 connection, closed loop, keys 0..19 then again 0..19 with
//     ample memory: exactly 20 misses then 20 hits; each key reaches its owner (2 nodes, owner = id
//     mod 2) and holds a value of its request's size afterwards (read back over RESP);
//   - the backend wait: 4 misses with a 40 ms backend each take ≥ 40 ms each (latency and run time);
//   - a wrong password: every request an error, the first error names the HTTP status;
//   - usage errors (exit 2) before anything starts: another target, open loop, pipelining.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAutocannon, runAutocannon } from "../../src/bench/autocannon.js";
import { OUT_HIT, OUT_MISS } from "../../src/bench/driver.js";
import { type BenchRequests, keyOf } from "../../src/bench/requests.js";
import { type Proc, startNode, stopAll } from "../cluster/node/procs.js";
import { run } from "../commands/run.js";
import { ROOT } from "../e2e/cli.js";

let nodes: Proc[] = [];
beforeAll(async () => {
  nodes = await Promise.all([0, 1].map(() => startNode(["--password", "pw", "--memory", "4MiB"])));
}, 20_000);
afterAll(stopAll);

function requests(keys: number[], size: (id: number) => number): BenchRequests {
  const objects = Math.max(...keys) + 1;
  const sizes = keys.map(size);
  return {
    length: keys.length,
    key: Uint32Array.from(keys),
    size: Uint32Array.from(sizes),
    objects,
    distinct: new Set(keys).size,
    workingSetBytes: 0,
    requestedBytes: sizes.reduce((a, b) => a + b, 0),
    startTimeS: 0,
    endTimeS: 0,
  };
}

const http = () => nodes.map((n) => ({ host: "127.0.0.1", port: n.httpPort }));

describe("--driver autocannon against cachelab nodes' HTTP port", () => {
  it("GET, on 404 PUT: 20 misses then 20 hits, each key stored on its owner with its size", async () => {
    const ids = [...Array(20).keys()];
    const r = requests([...ids, ...ids], (id) => 10 + id);
    const owner = Uint8Array.from({ length: 20 }, (_, id) => id % 2);
    const out = await runAutocannon({
      endpoints: http(),
      password: "pw",
      owner,
      requests: r,
      connections: 1,
      durationMs: 10_000,
      warmupMs: 0,
      backendUs: () => 0,
      timeoutMs: 2000,
    });
    expect([out.hits, out.misses, out.errors, out.setErrors]).toEqual([20, 20, 0, 0]);
    expect(out.issued).toBe(40);
    expect(out.latency.count).toBe(40);
    // one connection per node, each node's requests in trace order: first sight a miss, then a hit
    expect([...out.outcome.subarray(0, 20)].every((o) => o === OUT_MISS)).toBe(true);
    expect([...out.outcome.subarray(20)].every((o) => o === OUT_HIT)).toBe(true);
    // 40 GETs and 20 PUTs reached the nodes (plus the /healthz of a connection whose node ran out)
    expect(out.autocannon.httpRequests).toBeGreaterThanOrEqual(60);
    for (const [i, n] of nodes.entries()) {
      const c = new Redis({ port: n.port, password: "pw", lazyConnect: true });
      await c.connect();
      for (const id of ids) {
        const len = await c.strlen(keyOf(id));
        expect(len).toBe(id % 2 === i ? 10 + id : 0);
      }
      c.disconnect();
    }
  }, 15_000);

  it("waits the backend's latency after a miss before the PUT", async () => {
    const r = requests([100, 101, 102, 103], () => 5);
    const t0 = performance.now();
    const out = await runAutocannon({
      endpoints: http().slice(0, 1),
      password: "pw",
      owner: null,
      requests: r,
      connections: 1,
      durationMs: 10_000,
      warmupMs: 0,
      backendUs: () => 40_000,
      timeoutMs: 2000,
    });
    expect(out.misses).toBe(4);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(4 * 40);
    expect(out.latency.summary().p50Ms).toBeGreaterThanOrEqual(40);
  }, 15_000);

  it("a wrong password: every request an error naming the status", async () => {
    const out = await runAutocannon({
      endpoints: http().slice(0, 1),
      password: "nope",
      owner: null,
      requests: requests([1, 2, 3], () => 5),
      connections: 1,
      durationMs: 10_000,
      warmupMs: 0,
      backendUs: () => 0,
      timeoutMs: 2000,
    });
    expect([out.hits, out.misses, out.errors]).toEqual([0, 0, 3]);
    expect(out.firstError).toContain("HTTP 401");
  }, 15_000);

  it("refuses what it cannot do before starting anything (exit 2)", async () => {
    const base = { target: "local", ratePerS: null, pipeline: 1, compareSim: false };
    expect(() => checkAutocannon(base, "local")).not.toThrow();
    expect(() => checkAutocannon({ ...base, ratePerS: 1000 }, "local")).toThrow(/closed-loop/);
    expect(() => checkAutocannon({ ...base, pipeline: 4 }, "local")).toThrow(/--pipeline 1/);
    const r = await run([
      "bench",
      `${ROOT}scenarios/quickstart.yaml`,
      "--driver",
      "autocannon",
      "--target",
      "redis://127.0.0.1:1",
      "--rate",
      "closed-loop",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--driver autocannon: --target redis://127.0.0.1:1: only a local cluster");
  });
});
