// The replay loop against a scripted RESP server (every GET misses, every SET is OK): the look-aside
// counts, and the coordinated-omission correction — in open loop, a 200 ms stall of the server counts
// against every request that was due during it, not just the one in flight.
import { createServer, type Server } from "node:net";
import { afterAll, describe, expect, it, vi } from "vitest";
import { OUT_MISS, runDriver } from "../../src/bench/driver.js";
import type { BenchRequests } from "../../src/bench/requests.js";

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

/** Answers GET with nil and SET with +OK; the first command is answered after `stallMs`. */
function missServer(stallMs: number): Promise<{ port: number; gets: () => number; sets: () => number }> {
  let gets = 0;
  let sets = 0;
  let first = true;
  return new Promise((resolve) => {
    const srv = createServer((sock) => {
      // the driver closes its connections when it is done; a reset is not a test failure
      sock.on("error", () => {});
      let buf = "";
      sock.on("data", (d) => {
        buf += d.toString("latin1");
        let out = "";
        for (;;) {
          const g = buf.indexOf("GET\r\n");
          const s = buf.indexOf("SET\r\n");
          if (g < 0 && s < 0) break;
          // a SET's value (x…) follows it; values hold no "GET"/"SET" text
          if (g >= 0 && (s < 0 || g < s)) {
            gets++;
            out += "$-1\r\n";
            buf = buf.slice(g + 5);
          } else {
            sets++;
            out += "+OK\r\n";
            buf = buf.slice(s + 5);
          }
        }
        if (!out) return;
        if (first) {
          first = false;
          setTimeout(() => sock.write(out), stallMs);
        } else sock.write(out);
      });
    });
    servers.push(srv);
    srv.listen(0, "127.0.0.1", () =>
      resolve({ port: (srv.address() as { port: number }).port, gets: () => gets, sets: () => sets }),
    );
  });
}

function requests(n: number): BenchRequests {
  const key = new Uint32Array(n);
  const size = new Uint32Array(n).fill(10);
  for (let i = 0; i < n; i++) key[i] = i;
  return {
    length: n,
    key,
    size,
    objects: n,
    distinct: n,
    workingSetBytes: 10 * n,
    requestedBytes: 10 * n,
    startTimeS: 0,
    endTimeS: 0,
  };
}

describe("runDriver", () => {
  it("closed loop: every request a miss, each followed by its SET; requests = hits + misses + errors", async () => {
    const srv = await missServer(0);
    const out = await runDriver({
      endpoints: [{ host: "127.0.0.1", port: srv.port }],
      owner: null,
      requests: requests(500),
      connections: 3,
      pipeline: 4,
      ratePerS: null,
      durationMs: 30_000,
      warmupMs: 0,
      backendUs: () => 0,
      timeoutMs: 2000,
    });
    expect(out.hits + out.misses + out.errors).toBe(500);
    expect(out.misses).toBe(500);
    expect(out.latency.count).toBe(500);
    expect(out.outcome.every((o) => o === OUT_MISS)).toBe(true);
    // the timeline's windows hold every measured request once
    expect(out.timeline.reduce((a, p) => a + p.requests, 0)).toBe(500);
    expect(out.timeline.reduce((a, p) => a + p.misses, 0)).toBe(500);
    // the last fills may still be on their way to the server when the driver returns: wait for them
    await vi.waitFor(() => expect(srv.sets()).toBe(500), { timeout: 5000, interval: 20 });
    expect(srv.gets()).toBe(500);
  });

  it("open loop: latency is measured from each request's due time (coordinated omission)", async () => {
    const srv = await missServer(200);
    const out = await runDriver({
      endpoints: [{ host: "127.0.0.1", port: srv.port }],
      owner: null,
      requests: requests(500),
      connections: 1,
      pipeline: 1,
      ratePerS: 1000,
      durationMs: 30_000,
      warmupMs: 0,
      backendUs: () => 0,
      timeoutMs: 5000,
    });
    expect(out.misses).toBe(500);
    const l = out.latency.summary();
    // ~200 requests were due during the stall, waiting 200 … 0 ms: a fifth of them over 160 ms. An
    // uncorrected measurement (from the send) would show one slow request, and p90 near the round trip.
    expect(l.maxMs).toBeGreaterThanOrEqual(195);
    expect(out.latency.percentileMs(90)).toBeGreaterThan(60);
    expect(l.p50Ms).toBeLessThan(l.p90Ms);
    // the stall is in the first second of the timeline: its p99 carries it
    expect(out.timeline[0].p99Ms).toBeGreaterThanOrEqual(150);
  });
});
