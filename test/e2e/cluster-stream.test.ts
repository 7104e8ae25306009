// A streamed cluster run (src/sim/cluster/stream.ts: the job replays the trace in a worker while
// the main thread still reads it; with near caches, split over two workers) gives byte for byte
// what the same run gives with the trace loaded first, in several small views so that the owner
// table grows while the job runs; a run it cannot stream loads first; a trace shorter than
// announced falls back to the loaded run. (In the e2e tier: each run starts worker threads.)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadStreamed, streamStalls, streamTuning } from "../../src/sim/cluster/stream.js";
import type { Job } from "../../src/sim/job.js";
import { CHUNK } from "../../src/sim/parallel.js";
import type { RunResult } from "../../src/sim/result.js";
import { newBatch, type RequestBatch } from "../../src/workload/types.js";
import { deterministic, runScenario } from "../sim/cluster/run.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  streamTuning.chunk = CHUNK;
  streamTuning.split = true;
  streamTuning.stallMs = 60_000;
});

/** An oracleGeneral trace of `n` requests over ~`objects` ids (skewed), sizes 1–4,096 bytes. */
function trace(n: number, objects: number): string {
  const buf = Buffer.alloc(n * 24);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const u = x / 2 ** 32;
    const id = 1000 + Math.floor(objects * u * u * u);
    buf.writeUInt32LE(Math.floor(i / 50), i * 24);
    buf.writeUInt32LE(id, i * 24 + 4);
    buf.writeUInt32LE(0, i * 24 + 8);
    buf.writeUInt32LE(1 + (Math.imul(id, 2654435761) >>> 20), i * 24 + 12);
    buf.writeInt32LE(-1, i * 24 + 16);
    buf.writeInt32LE(-1, i * 24 + 20);
  }
  const file = join(dir, `t${n}-${objects}.oracleGeneral.bin`);
  writeFileSync(file, buf);
  return file;
}

function scenario(path: string, cache: string, cluster: string): string {
  return `name: s\nseed: 5\nworkload: { type: trace, path: ${JSON.stringify(path)} }\ncache: ${cache}\ncluster: ${cluster}\n`;
}

const rows = (r: RunResult) => JSON.stringify(r.results.map(deterministic));

describe("streamed cluster run", () => {
  const file = trace(12_000, 3_000);
  const cases = [
    {
      what: "4 nodes ring + 4 LRU near caches, latency",
      cache: "{ capacity: [400], eviction: [lru] }",
      cluster: "{ nodes: 4, placement: ring, clients: 4, l1: { capacity: 30, eviction: lru } }",
    },
    {
      what: "bounded placement (load-aware: owners placed in id order), SIEVE, bytes, warm-up, no L1",
      cache: "{ capacity: [1MiB], eviction: [sieve], unit: bytes, warmup: 10% }",
      cluster: "{ nodes: 3, placement: bounded, latency: off }",
    },
    {
      what: "replication 2 (the request-by-request path), CLOCK near caches",
      cache: "{ capacity: [300], eviction: [fifo] }",
      cluster: "{ nodes: 3, placement: jump, replication: 2, clients: 2, l1: { capacity: 20, eviction: clock } }",
    },
  ];
  for (const c of cases) {
    it(`gives what the loaded run gives: ${c.what}`, async () => {
      streamTuning.chunk = 2048; // 6 views: ids appear in every one
      const yaml = scenario(file, c.cache, c.cluster);
      const loaded = await runScenario(yaml, 1);
      const streamed = await runScenario(yaml, 2); // near caches: split over two workers
      expect(loaded.run.threads).toBe(1);
      expect(streamed.run.threads).toBe(2); // it did stream
      expect(rows(streamed)).toBe(rows(loaded));
      expect(streamed.trace).toEqual(loaded.trace);
      if (c.cluster.includes("l1")) {
        streamTuning.split = false;
        expect(rows(await runScenario(yaml, 2))).toBe(rows(loaded));
      }
    });
  }

  it("workers that stop reporting are stopped, and the job runs again on the loaded trace: the same result", async () => {
    // a stall allowance of 0 ms: the watchdog fires as soon as the trace is loaded, before the
    // workers (which take ~0.1 s to start) have reported anything
    streamTuning.chunk = 2048;
    const yaml = scenario(
      file,
      "{ capacity: [400], eviction: [lru] }",
      "{ nodes: 4, placement: ring, clients: 4, l1: { capacity: 30, eviction: lru } }",
    );
    const loaded = await runScenario(yaml, 1);
    streamTuning.stallMs = 0;
    const before = streamStalls.count;
    const again = await runScenario(yaml, 2);
    expect(streamStalls.count).toBe(before + 1);
    expect(again.run.threads).toBe(1); // run on the loaded trace, in this thread (it is small)
    expect(rows(again)).toBe(rows(loaded));
  });

  it("loads first when a policy remembers evicted keys (its slot mode may differ) or with events", async () => {
    for (const [cache, cluster] of [
      ["{ capacity: [800], eviction: [s3fifo] }", "{ nodes: 2, placement: ring }"],
      [
        "{ capacity: [400], eviction: [lru] }",
        "{ nodes: 2, placement: ring, clients: 2, l1: { capacity: 20, eviction: arc } }",
      ],
      ["{ capacity: [400], eviction: [lru] }", "{ nodes: 2, placement: ring, events: [{ at: 50%, down: node1 }] }"],
    ]) {
      const r = await runScenario(scenario(file, cache, cluster), 2);
      expect(r.run.threads, `${cache} ${cluster}`).toBe(1);
    }
  });

  it("a trace shorter than announced is dropped from the stream and the caller runs the job on the loaded trace", async () => {
    const short: RequestBatch = newBatch(1000);
    for (let i = 0; i < 1000; i++) short.key[i] = i % 300;
    short.length = 1000;
    const source = {
      objects: 300,
      firstSeenOrder: true,
      getsOnly: true,
      [Symbol.iterator]: () => [short][Symbol.iterator](),
    };
    const job: Job = {
      eviction: { name: "lru", params: {} },
      capacity: 100,
      capacityText: "100",
      unit: "objects",
      seed: 1,
      warmup: 0,
      window: "auto",
      cluster: {
        nodes: [{ name: "node0", weight: 1, capacity: 100 }],
        placement: { name: "ring", params: {} },
        placementLabel: "ring",
        replication: 1,
        clients: 1,
        l1: null,
        events: [],
        phaseWindow: 256,
        meanObjectBytes: 1,
        latency: null,
      },
    };
    const { trace: t, result } = loadStreamed(job, source, { sizes: false, expected: 5000 }, {});
    expect(t.length).toBe(1000);
    expect(Array.from(t.key.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(await result).toBeNull();
  });
});
