#!/usr/bin/env node
// npm run bench:latency [-- --samples 10000000 --repeat 3]
//
// The latency model's hot path, in one process (build first: it loads dist/):
// - baseline: a plain loop of Math.random() summed, the floor of "one random number per sample";
// - sample: LatencySampler draws of one hop (the default network lognormal), summed;
// - record: LatencyHistogram.record of pre-drawn values (the recording cost alone);
// - sample+record: one draw recorded, the pattern of a simulated L1 hit;
// - request: network + service (+ backend on 1 in 10) summed and recorded, a simulated L2 request;
// - hdr-histogram-js recordValue: the library's own record path on the same values, for comparison.
// Each row: millions of operations per second and ns per operation, the median of --repeat runs
// (runs alternate between rows). The target is ≥ 20 M sample+record per second.
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import * as hdr from "hdr-histogram-js";
import { markdownTable, root } from "./lib.js";

const { values } = parseArgs({
  options: {
    samples: { type: "string", default: "10000000" },
    repeat: { type: "string", default: "3" },
  },
});
const N = Number(values.samples);
const REPEAT = Number(values.repeat);
if (!existsSync(`${root}dist/src/sim/cluster/latency.js`)) {
  console.error("bench:latency: build first (npm run build)");
  process.exit(2);
}
const { LatencySampler, LatencyHistogram } = await import(`${root}dist/src/sim/cluster/latency.js`);
const { defaultLatency } = await import(`${root}dist/src/scenario/latency.js`);
const config = defaultLatency();

// values for the record-only rows: drawn once, outside the timed loops
const pool = new Float64Array(1 << 16);
const pre = new LatencySampler(config, 7);
for (let i = 0; i < pool.length; i++) pool[i] = pre.network() + pre.service();
const poolNs = Float64Array.from(pool, (v) => Math.round(v * 1000));

let sink = 0;
const rows = {
  "baseline: Math.random() loop": () => {
    let s = 0;
    for (let i = 0; i < N; i++) s += Math.random();
    sink += s;
  },
  "sample (network hop)": () => {
    const smp = new LatencySampler(config, 1);
    let s = 0;
    for (let i = 0; i < N; i++) s += smp.network();
    sink += s;
  },
  "record (LatencyHistogram)": () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < N; i++) h.record(pool[i & 65535]);
    sink += h.count;
  },
  "sample+record (L1 hit)": () => {
    const smp = new LatencySampler(config, 1);
    const h = new LatencyHistogram();
    for (let i = 0; i < N; i++) h.record(smp.l1Hit());
    sink += h.count;
  },
  "request: net+svc(+backend 1/10)+record": () => {
    const smp = new LatencySampler(config, 1);
    const h = new LatencyHistogram();
    for (let i = 0; i < N; i++) {
      let t = smp.network() + smp.service();
      if (i % 10 === 0) t += smp.backend();
      h.record(t);
    }
    sink += h.count;
  },
  "hdr-histogram-js recordValue (64-bit)": () => {
    const h = hdr.build({ bitBucketSize: 64, autoResize: true, numberOfSignificantValueDigits: 3 });
    const n = Math.min(N, 2_000_000); // ~100 ns each: fewer, scaled below
    for (let i = 0; i < n; i++) h.recordValue(poolNs[i & 65535]);
    sink += h.totalCount;
    return n;
  },
};

const times = Object.fromEntries(Object.keys(rows).map((k) => [k, []]));
for (let r = 0; r < REPEAT; r++) {
  for (const [name, fn] of Object.entries(rows)) {
    const t0 = process.hrtime.bigint();
    const n = fn() ?? N;
    const ns = Number(process.hrtime.bigint() - t0);
    times[name].push(ns / n);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const table = Object.entries(times).map(([name, xs]) => {
  const ns = median(xs);
  return { operation: name, "M ops/s": (1e3 / ns).toFixed(1), "ns/op": ns.toFixed(1) };
});
console.log(`latency model: ${N.toLocaleString("en")} operations per row, median of ${REPEAT}`);
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}, node ${process.version}\n`,
);
console.log(markdownTable(table));
if (sink === 42) console.log(""); // keeps the loops' results alive
