#!/usr/bin/env node
// npm run bench:mrc [-- --repeat 3 --rate 0.01 --seeds 1,2,3,4,5]
//
// Miss-ratio curve speed and accuracy on the 10 M-request Zipf(1.0) benchmark trace (the one
// `npm run bench` generates into bench/.data/):
// 1. whole process, as a user runs it: `cachelab simulate --eviction lru --capacity 100000` (one
//    LRU run), `cachelab mrc` (the exact LRU curve at every grid size) and `cachelab mrc --shards
//    RATE`; runs alternate (A, B, C, A, B, C, …) on this shared machine and medians are reported;
// 2. in one process with the trace already in memory (reading excluded): the exact curve against
//    SHARDS at RATE for several hash seeds, with the mean absolute error of each SHARDS curve
//    against the exact one over every reported size.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    repeat: { type: "string", default: "3" },
    rate: { type: "string", default: "0.01" },
    seeds: { type: "string", default: "1,2,3,4,5" },
    requests: { type: "string", default: "10000000" },
    objects: { type: "string", default: "1000000" },
    // the error-vs-rate table: SHARDS at these rates, every seed, trace in memory
    rates: { type: "string", default: "0.001,0.01,0.1,0.5" },
    // fixed-size SHARDS (s_max objects): the paper's constant-space variant
    sizes: { type: "string", default: "8192,65536" },
  },
});
if (!existsSync(`${root}dist/commands/mrc.js`)) {
  console.error("bench:mrc: build first (npm run build)");
  process.exit(2);
}
const cli = `${root}bin/run.js`;
const trace = `${root}bench/.data/zipf1.0-${values.objects}obj-${values.requests}req.oracleGeneral.bin`;
if (!existsSync(trace)) {
  mkdirSync(`${root}bench/.data`, { recursive: true });
  process.stderr.write(`generating ${trace} …\n`);
  const g = spawnSync(
    process.execPath,
    [
      cli,
      "trace",
      "generate",
      "--keys",
      "zipf:alpha=1.0",
      "--objects",
      values.objects,
      "--requests",
      values.requests,
      "--size",
      "4096",
      "--seed",
      "1",
      "--out",
      trace,
      "--format",
      "oracleGeneral",
    ],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  if (g.status !== 0) process.exit(1);
}

function run(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", maxBuffer: 256 << 20 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  return { wallS, out: JSON.parse(r.stdout) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const jobs = {
  "simulate --eviction lru (one size)": [
    "simulate",
    "--trace",
    trace,
    "--eviction",
    "lru",
    "--capacity",
    "100000",
    "--json",
    "--no-save",
  ],
  "mrc (exact LRU curve)": ["mrc", "--trace", trace, "--json"],
  [`mrc --shards ${values.rate}`]: ["mrc", "--trace", trace, "--shards", values.rate, "--json"],
};
const times = Object.fromEntries(Object.keys(jobs).map((k) => [k, []]));
const outs = {};
for (let i = 0; i < Number(values.repeat); i++) {
  for (const [k, args] of Object.entries(jobs)) {
    const r = run(args);
    times[k].push(r.wallS);
    outs[k] = r.out;
    process.stderr.write(`${k}: ${r.wallS.toFixed(2)} s\n`);
  }
}
const [kSim, kExact, kShards] = Object.keys(jobs);
const exact = outs[kExact].curves[0];
const shards = outs[kShards].curves[0];
// over the sizes the sampled curve reports (it starts at 1/R objects, below which it cannot resolve)
const mae = (exactCurve, s) => {
  const at = new Map(exactCurve.points.map((p) => [p.capacity, p.missRatio]));
  return s.points.reduce((sum, p) => sum + Math.abs(p.missRatio - at.get(p.capacity)), 0) / s.points.length;
};
const tSim = median(times[kSim]);
const tExact = median(times[kExact]);
const tShards = median(times[kShards]);
const rows = [
  [kSim, tSim.toFixed(2), "1.00×", "", ""],
  [kExact, tExact.toFixed(2), `${(tExact / tSim).toFixed(2)}×`, "0", "≤ 4× one LRU run"],
  [
    kShards,
    tShards.toFixed(2),
    `${(tShards / tSim).toFixed(2)}×`,
    mae(exact, shards).toFixed(4),
    `MAE ≤ 0.001, ≥ 20× faster than exact: ${(tExact / tShards).toFixed(1)}×`,
  ],
];

// in one process, the trace in memory: the curve computations alone
const { exactLruCurve } = await import(`${root}dist/src/analysis/lru-curve.js`);
const { shardsLruCurve } = await import(`${root}dist/src/analysis/shards.js`);
const { openTrace } = await import(`${root}dist/src/workload/formats.js`);
const batches = [];
for (const b of openTrace(trace)) {
  batches.push({
    length: b.length,
    key: b.key.slice(0, b.length),
    size: b.size.slice(0, b.length),
    op: b.op.slice(0, b.length),
    time: b.time.slice(0, b.length),
  });
}
const rate = Number(values.rate);
const memRows = [];
const exactMs = [];
let exactMem;
for (const seed of values.seeds.split(",").map(Number)) {
  let t = performance.now();
  exactMem = exactLruCurve(() => batches, { unit: "objects", objectsHint: Number(values.objects) });
  exactMs.push(performance.now() - t);
  t = performance.now();
  const s = shardsLruCurve(() => batches, { unit: "objects", rate, seed });
  const ms = performance.now() - t;
  memRows.push({ seed, ms, mae: mae(exactMem, s), est: s.sampling.errorEstimate, sampled: s.sampling.sampledRequests });
}
const exMs = median(exactMs);
const mem = [
  ["exact LRU curve", exMs.toFixed(0), "", "", "", ""],
  ...memRows.map((r) => [
    `SHARDS ${rate}, seed ${r.seed}`,
    r.ms.toFixed(0),
    `${(exMs / r.ms).toFixed(1)}×`,
    r.mae.toFixed(4),
    r.est.toFixed(4),
    r.sampled.toLocaleString("en-US"),
  ]),
];

// Error against the sampling rate, and what sampling theory predicts for it. SHARDS_adj's estimate
// of the miss ratio at size C is (1/(N·R)) · Σ over sampled objects of their misses at C, a
// Horvitz–Thompson sum over objects sampled with probability R, so its variance is
// (1−R)/R · Σ_i (m_i(C)/N)², m_i(C) = object i's misses at C. Taking m_i(C) ≈ its requests for
// the objects ranked below C by popularity and 0 above (LRU at C keeps roughly the C most
// popular), the expected absolute error at C is about sqrt(2/π) · sqrt((1−R)/R · Σ_{rank>C} p_i²),
// p_i = object i's share of the requests. Zipf(1.0) is the hard case: the p_i² sum is large.
const counts = new Float64Array(Number(values.objects) + 1);
let total = 0;
for (const b of batches) {
  for (let i = 0; i < b.length; i++) counts[b.key[i]]++;
  total += b.length;
}
const byRank = [...counts].filter((c) => c > 0).sort((a, b) => b - a);
const tail = new Float64Array(byRank.length + 1); // tail[k] = Σ_{rank ≥ k} p²
for (let k = byRank.length - 1; k >= 0; k--) tail[k] = tail[k + 1] + (byRank[k] / total) ** 2;
const predicted = (r, caps) =>
  caps.reduce(
    (sum, c) => sum + Math.sqrt(2 / Math.PI) * Math.sqrt(((1 - r) / r) * tail[Math.min(c, byRank.length)]),
    0,
  ) / caps.length;
const rateRows = [];
for (const r of values.rates.split(",").map(Number)) {
  const maes = [];
  const mss = [];
  let caps = [];
  for (const seed of values.seeds.split(",").map(Number)) {
    const t = performance.now();
    const s = shardsLruCurve(() => batches, { unit: "objects", rate: r, seed });
    mss.push(performance.now() - t);
    maes.push(mae(exactMem, s));
    caps = s.points.map((p) => p.capacity);
  }
  // the same sizes for every rate too: from 1,000 objects (≥ 1/R for every rate here but 0.001)
  rateRows.push([
    String(r),
    `${caps.length} (${caps[0].toLocaleString("en-US")} …)`,
    (maes.reduce((a, b) => a + b, 0) / maes.length).toFixed(4),
    `${Math.min(...maes).toFixed(4)} – ${Math.max(...maes).toFixed(4)}`,
    predicted(r, caps).toFixed(4),
    median(mss).toFixed(0),
    `${(exMs / median(mss)).toFixed(1)}×`,
  ]);
}

const sizeRows = [];
for (const smax of values.sizes.split(",").filter(Boolean).map(Number)) {
  const maes = [];
  const mss = [];
  let last;
  for (const seed of values.seeds.split(",").map(Number)) {
    const t = performance.now();
    last = shardsLruCurve(() => batches, { unit: "objects", maxObjects: smax, seed });
    mss.push(performance.now() - t);
    maes.push(mae(exactMem, last));
  }
  sizeRows.push([
    smax.toLocaleString("en-US"),
    last.sampling.rate.toPrecision(3),
    `${last.points.length} (${last.points[0].capacity.toLocaleString("en-US")} …)`,
    (maes.reduce((a, b) => a + b, 0) / maes.length).toFixed(4),
    `${Math.min(...maes).toFixed(4)} – ${Math.max(...maes).toFixed(4)}`,
    median(mss).toFixed(0),
    `${(exMs / median(mss)).toFixed(1)}×`,
  ]);
}

function table(head, body) {
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (vals) => `| ${vals.map((v, i) => String(v).padEnd(w[i])).join(" | ")} |`;
  return [line(head), line(w.map((n) => "-".repeat(n))), ...body.map(line)].join("\n");
}
const out = [
  `\`npm run bench:mrc${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}\` on ${new Date().toISOString().slice(0, 10)}: Zipf(1.0), ${Number(values.objects).toLocaleString("en-US")} objects, ${Number(values.requests).toLocaleString("en-US")} requests, exact curve at ${exact.points.length} sizes (1 to ${exact.points.at(-1).capacity.toLocaleString("en-US")} objects).`,
  `Machine: ${cpus()[0]?.model} × ${cpus().length} (shared), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  "",
  `Whole process (start-up and reading included), median of ${values.repeat} alternating runs:`,
  "",
  table(["command", "wall s", "vs one LRU run", "MAE vs exact", "target"], rows),
  "",
  "One process, trace already in memory (the curve computations alone); MAE over every size the SHARDS curve reports (≥ 1/R objects):",
  "",
  table(["curve", "ms", "speed-up vs exact", "MAE vs exact", "its error estimate", "sampled requests"], mem),
  "",
  `Error against the sampling rate (trace in memory; seeds ${values.seeds}; MAE over the sizes each rate reports, ≥ 1/R objects), with the error sampling theory predicts for that rate on this trace (sqrt(2/π)·sqrt((1−R)/R·Σ_{rank>C} p_i²), averaged over the same sizes):`,
  "",
  table(["rate", "sizes", "mean MAE", "MAE range", "predicted MAE", "median ms", "speed-up vs exact"], rateRows),
  "",
  `Fixed-size SHARDS (at most s_max objects; the rate falls as the sample fills; seeds ${values.seeds}; MAE over the sizes it reports):`,
  "",
  table(
    ["s_max", "final rate (last seed)", "sizes", "mean MAE", "MAE range", "median ms", "speed-up vs exact"],
    sizeRows,
  ),
];
console.log(`\n${out.join("\n")}`);
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/mrc.md`, `${out.join("\n")}\n`);
