// `--threads N`: the RESP driver in worker threads (src/bench/threads.ts), against a scripted RESP
// server whose replies depend on the key alone (an even object id is a hit, an odd one a miss;
// every SET is +OK). The same requests then give the same counts, the same outcome per request and
// the same number of latencies on 1 thread and on 2, closed loop and open loop. Loaded from dist/:
// a worker thread runs the built JavaScript.
import { createServer, type Server } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import type { DriverOptions, DriverOutcome } from "../../src/bench/driver.js";
import type { BenchRequests } from "../../src/bench/requests.js";
import { ROOT } from "../e2e/cli.js";

const { runThreads, shareOf } = (await import(
  `${ROOT}dist/src/bench/threads.js`
)) as typeof import("../../src/bench/threads.js");
const { runDriver } = (await import(`${ROOT}dist/src/bench/driver.js`)) as typeof import("../../src/bench/driver.js");

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

/** GET k:<id>: a 3-byte value when id is even, nil when odd; SET: +OK. */
function parityServer(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer((sock) => {
      sock.on("error", () => {});
      let buf = "";
      sock.on("data", (d) => {
        buf += d.toString("latin1");
        let out = "";
        for (;;) {
          const m = /^\*(\d)\r\n\$3\r\n(GET|SET)\r\n\$12\r\nk:(\d{10})\r\n/.exec(buf);
          if (!m) break;
          let used = m[0].length;
          if (m[2] === "SET") {
            const v = /^\$(\d+)\r\n/.exec(buf.slice(used));
            if (!v || buf.length < used + v[0].length + Number(v[1]) + 2) break;
            used += v[0].length + Number(v[1]) + 2;
            out += "+OK\r\n";
          } else out += Number(m[3]) % 2 === 0 ? "$3\r\nabc\r\n" : "$-1\r\n";
          buf = buf.slice(used);
        }
        if (out) sock.write(out);
      });
    });
    servers.push(srv);
    srv.listen(0, "127.0.0.1", () => resolve((srv.address() as { port: number }).port));
  });
}

function requests(n: number): BenchRequests {
  const key = new Uint32Array(n);
  let x = 7;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    key[i] = x % 500;
  }
  return {
    length: n,
    key,
    size: new Uint32Array(n).fill(4),
    objects: 500,
    distinct: 500,
    workingSetBytes: 2000,
    requestedBytes: 4 * n,
    startTimeS: 0,
    endTimeS: 0,
  };
}

const summary = (d: DriverOutcome) => ({
  hits: d.hits,
  misses: d.misses,
  errors: d.errors,
  setErrors: d.setErrors,
  unsent: d.unsent,
  issued: d.issued,
  latencies: d.latency.count,
  timeline: d.timeline.reduce((s, p) => s + p.requests, 0),
});

describe("the RESP driver in worker threads", () => {
  it("splits the requests i mod N, in order", () => {
    const r = requests(10);
    const parts = [0, 1, 2].map((t) => shareOf(r, t, 3));
    expect(parts.map((p) => p.length)).toEqual([4, 3, 3]);
    expect([...parts[1].key]).toEqual([r.key[1], r.key[4], r.key[7]]);
  });

  for (const ratePerS of [null, 20_000]) {
    it(`2 threads count what 1 thread counts (${ratePerS === null ? "closed" : "open"} loop)`, async () => {
      const port = await parityServer();
      const r = requests(3000);
      let expectedHits = 0;
      for (let i = 0; i < r.length; i++) if (r.key[i] % 2 === 0) expectedHits++;
      const o: DriverOptions = {
        endpoints: [{ host: "127.0.0.1", port }],
        owner: null,
        requests: r,
        connections: 6,
        pipeline: 4,
        ratePerS,
        durationMs: 10_000,
        warmupMs: 0,
        backendUs: () => 0,
        timeoutMs: 2000,
      };
      const one = await runDriver(o);
      const two = await runThreads(o, 2, "0ms", 1);
      expect(summary(one)).toEqual({
        hits: expectedHits,
        misses: 3000 - expectedHits,
        errors: 0,
        setErrors: 0,
        unsent: 0,
        issued: 3000,
        latencies: 3000,
        timeline: 3000,
      });
      expect(summary(two)).toEqual(summary(one));
      expect([...two.outcome]).toEqual([...one.outcome]);
      expect(two.latency.summary().count).toBe(3000);
    }, 15_000);
  }
});
