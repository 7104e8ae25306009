#!/usr/bin/env node
// npm run bench:mrc [-- --repeat 3 --rate 0.01 --seeds 1,2,3,4,5]
//
// Miss-ratio curve speed and accuracy on the 10 M-request Zipf(1.0) benchmark trace (the one
// `npm run bench` generates into bench/.data/):
// 1. whole process, as a user runs it: `cachelab simulate --eviction lru --capacity 100000` (one
//    LRU run), `cachelab mrc` (the exact LRU curve at every grid size) and `cachelab mrc --shards
//    RATE`; runs alternate (A, B, C, A, B, C, …) on this shared machine and medians are reported;
// 2. in one process with the trace already in memory (reading excluded): the exact curve against
//    SHARDS at RATE, alternated (exact, SHARDS, exact, SHARDS, …; medians of wall and CPU time),
//    then SHARDS for several hash seeds, with the mean absolute error of each SHARDS curve against
//    the exact one over every reported size (the batches keep the trace's interner, so the sample is
//    the one `mrc --shards` takes: a hash of each object's id in the trace);
// 3. the error against the rate (over each rate's own sizes, and over the sizes every rate reports),
//    next to the error sampling alone must leave: SHARDS_adj's miss ratio at C is a Horvitz–Thompson
//    sum over the sampled objects of their misses at C, so even with perfect distances its standard
//    error is sqrt((1−R)/R · Σ_i m_i(C)²) / N, m_i(C) = object i's misses at C in the exact run;
// 4. where the error sits: mean and spread over the seeds at a few sizes, against that floor.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;
const loadAtStart = loadavg()[0];
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
const load = () => loadavg()[0].toFixed(1);
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
  "mrc (exact LRU curve)": ["mrc", "--trace", trace, "--json", "--no-save"],
  [`mrc --shards ${values.rate}`]: ["mrc", "--trace", trace, "--shards", values.rate, "--json", "--no-save"],
};
const times = Object.fromEntries(Object.keys(jobs).map((k) => [k, []]));
const outs = {};
const wholeLoad = [load()];
for (let i = 0; i < Number(values.repeat); i++) {
  for (const [k, args] of Object.entries(jobs)) {
    const r = run(args);
    times[k].push(r.wallS);
    outs[k] = r.out;
    process.stderr.write(`${k}: ${r.wallS.toFixed(2)} s\n`);
  }
}
wholeLoad.push(load());
const [kSim, kExact, kShards] = Object.keys(jobs);
const exact = outs[kExact].curves[0];
const shards = outs[kShards].curves[0];
// over the sizes the sampled curve reports (it starts at 1/R objects, below which it cannot resolve;
// read hash-first, its last size comes from an estimated object count and may pass the exact one's)
const mae = (exactCurve, s) => {
  const at = new Map(exactCurve.points.map((p) => [p.capacity, p.missRatio]));
  const pts = s.points.filter((p) => at.has(p.capacity));
  return pts.reduce((sum, p) => sum + Math.abs(p.missRatio - at.get(p.capacity)), 0) / pts.length;
};
const tSim = median(times[kSim]);
const tExact = median(times[kExact]);
const tShards = median(times[kShards]);
const rows = [
  [kSim, tSim.toFixed(2), "1.00×", "", "", ""],
  [kExact, tExact.toFixed(2), `${(tExact / tSim).toFixed(2)}×`, "1.0×", "0", "≤ 4× one LRU run"],
  [
    kShards,
    tShards.toFixed(2),
    `${(tShards / tSim).toFixed(2)}×`,
    `**${(tExact / tShards).toFixed(1)}×**`,
    mae(exact, shards).toFixed(4),
    "MAE ≤ 0.001, ≥ 20× faster than exact",
  ],
];

// in one process, the trace in memory: the curve computations alone
const { exactLruCurve } = await import(`${root}dist/src/analysis/lru-curve.js`);
const { shardsLruCurve } = await import(`${root}dist/src/analysis/shards.js`);
const { openTrace } = await import(`${root}dist/src/workload/formats.js`);
const source = openTrace(trace);
const batches = [];
for (const b of source) {
  batches.push({
    length: b.length,
    key: b.key.slice(0, b.length),
    size: b.size.slice(0, b.length),
    op: b.op.slice(0, b.length),
    time: b.time.slice(0, b.length),
  });
}
// the interner goes along: SHARDS hashes each object's id in the trace, as `mrc --shards` does
Object.assign(batches, { interner: source.interner, getsOnly: source.getsOnly });
const rate = Number(values.rate);
const seeds = values.seeds.split(",").map(Number);
/** Runs f, returning its result with the wall and CPU (user + system) milliseconds it took. */
function timed(f) {
  const c0 = process.cpuUsage();
  const t = performance.now();
  const out = f();
  const c = process.cpuUsage(c0);
  return { out, ms: performance.now() - t, cpuMs: (c.user + c.system) / 1000 };
}
// exact and SHARDS (first seed) alternated, so that both see the same machine; each first run once
// on the whole trace, untimed, so that no timed run pays for the JIT (SHARDS's samplers see only
// ~1 % of the requests: a few batches did not get them optimised, and its first timed runs were
// up to 1.7× slower than the later ones)
exactLruCurve(() => batches, { unit: "objects", objectsHint: Number(values.objects) });
shardsLruCurve(() => batches, { unit: "objects", rate, seed: seeds[0] });
const memLoad = [load()];
const exactRuns = [];
const shardsRuns = [];
let exactMem;
for (let i = 0; i < Math.max(3, Number(values.repeat)); i++) {
  const e = timed(() => exactLruCurve(() => batches, { unit: "objects", objectsHint: Number(values.objects) }));
  exactMem = e.out;
  exactRuns.push(e);
  shardsRuns.push(timed(() => shardsLruCurve(() => batches, { unit: "objects", rate, seed: seeds[0] })));
}
memLoad.push(load());
const exMs = median(exactRuns.map((r) => r.ms));
const exCpu = median(exactRuns.map((r) => r.cpuMs));
const shMs = median(shardsRuns.map((r) => r.ms));
const shCpu = median(shardsRuns.map((r) => r.cpuMs));
const speedRows = [
  ["exact LRU curve", exMs.toFixed(0), exCpu.toFixed(0), "", ""],
  [
    `SHARDS ${rate}, seed ${seeds[0]}`,
    shMs.toFixed(0),
    shCpu.toFixed(0),
    `**${(exMs / shMs).toFixed(1)}×**`,
    `${(exCpu / shCpu).toFixed(1)}×`,
  ],
];
const memRows = [];
for (const seed of seeds) {
  const r = timed(() => shardsLruCurve(() => batches, { unit: "objects", rate, seed }));
  const s = r.out;
  memRows.push({
    seed,
    ms: r.ms,
    mae: mae(exactMem, s),
    est: s.sampling.errorEstimate,
    sampled: s.sampling.sampledRequests,
  });
}
const mem = memRows.map((r) => [
  `SHARDS ${rate}, seed ${r.seed}`,
  r.ms.toFixed(0),
  `${(exMs / r.ms).toFixed(1)}×`,
  r.mae.toFixed(4),
  r.est.toFixed(4),
  r.sampled.toLocaleString("en-US"),
]);

// Error against the sampling rate, and the error sampling alone leaves (see the header, 3.): the
// exact pass's needs per request, grouped by object, give every object's misses at every size.
const exactNeeds = exactLruCurve(() => batches, {
  unit: "objects",
  objectsHint: Number(values.objects),
  keepNeeds: true,
});
const caps = exactNeeds.points.map((p) => p.capacity);
const sumM2 = (() => {
  const needs = exactNeeds.needs;
  const nObj = exactNeeds.objects;
  const start = new Int32Array(nObj + 1);
  for (const b of batches) for (let i = 0; i < b.length; i++) start[b.key[i] + 1]++;
  for (let k = 0; k < nObj; k++) start[k + 1] += start[k];
  // per request, the first size at which it hits (caps.length: never), grouped by object
  const firstHit = new Int32Array(needs.length);
  const fill = start.slice();
  let r = 0;
  for (const b of batches) {
    for (let i = 0; i < b.length; i++, r++) {
      let lo = 0;
      let hi = caps.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (caps[mid] < needs[r]) lo = mid + 1;
        else hi = mid;
      }
      firstHit[fill[b.key[i]]++] = lo;
    }
  }
  // m_i(C_j) = requests of i whose first hit is after j; Σ_i m_i² by a difference array
  const diff = new Float64Array(caps.length + 1);
  for (let k = 0; k < nObj; k++) {
    const f = firstHit.subarray(start[k], start[k + 1]).sort();
    const n = f.length;
    let from = 0;
    for (let q = 0; q <= n; q++) {
      const to = q < n ? f[q] : caps.length;
      if (to > from) {
        diff[from] += (n - q) ** 2;
        diff[to] -= (n - q) ** 2;
        from = to;
      }
    }
  }
  const out = new Map();
  let acc = 0;
  for (let j = 0; j < caps.length; j++) {
    acc += diff[j];
    out.set(caps[j], acc);
  }
  return out;
})();
const N = exactNeeds.requests;
/** Standard error of SHARDS_adj at C from sampling alone (perfect distances). */
const floorSd = (r, c) => Math.sqrt(((1 - r) / r) * sumM2.get(c)) / N;
/** Expected MAE over `cs` from sampling alone: E|N(0, σ)| = σ·sqrt(2/π). */
const floorMae = (r, cs) => cs.reduce((sum, c) => sum + Math.sqrt(2 / Math.PI) * floorSd(r, c), 0) / cs.length;
const common = caps.filter((c) => c >= 1000);
const maeOn = (exactCurve, s, cs) => {
  const at = new Map(exactCurve.points.map((p) => [p.capacity, p.missRatio]));
  const want = new Set(cs);
  const pts = s.points.filter((p) => want.has(p.capacity));
  return pts.reduce((sum, p) => sum + Math.abs(p.missRatio - at.get(p.capacity)), 0) / pts.length;
};
const errAt = new Map(); // per size, the signed errors of SHARDS at RATE over the seeds
const rateRows = [];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
for (const r of values.rates.split(",").map(Number)) {
  const maes = [];
  const commonMaes = [];
  const mss = [];
  let own = [];
  for (const seed of values.seeds.split(",").map(Number)) {
    const t = performance.now();
    const s = shardsLruCurve(() => batches, { unit: "objects", rate: r, seed, capacities: caps });
    mss.push(performance.now() - t);
    own = caps.filter((c) => c >= 1 / r); // the sizes SHARDS reports unasked (≥ 1/R objects)
    maes.push(maeOn(exactMem, s, own));
    commonMaes.push(maeOn(exactMem, s, common));
    if (r === rate) {
      const at = new Map(exactMem.points.map((p) => [p.capacity, p.missRatio]));
      for (const p of s.points) {
        if (!errAt.has(p.capacity)) errAt.set(p.capacity, []);
        errAt.get(p.capacity).push(p.missRatio - at.get(p.capacity));
      }
    }
  }
  rateRows.push([
    String(r),
    `${own.length} (${own[0].toLocaleString("en-US")} …)`,
    mean(maes).toFixed(4),
    `${Math.min(...maes).toFixed(4)} – ${Math.max(...maes).toFixed(4)}`,
    floorMae(r, own).toFixed(4),
    mean(commonMaes).toFixed(4),
    floorMae(r, common).toFixed(4),
    median(mss).toFixed(0),
    `${(exMs / median(mss)).toFixed(1)}×`,
  ]);
}
// the rate at which sampling alone would allow MAE 0.001 over the sizes 1/R reports: MAE ∝ sqrt((1−R)/R)
const unitMae = (cs) => floorMae(0.5, cs); // sqrt((1−R)/R) = 1 at R = 0.5
const needRate = (cs) => 1 / (1 + (0.001 / unitMae(cs)) ** 2);
const rOwn = caps.filter((c) => c >= 1 / rate);
const whereRows = [];
for (const c of rOwn.filter((_, i) => i % 8 === 0 || i === rOwn.length - 1)) {
  const es = errAt.get(c) ?? [];
  const mu = mean(es);
  const sd = Math.sqrt(es.reduce((a, e) => a + (e - mu) ** 2, 0) / Math.max(1, es.length - 1));
  whereRows.push([
    c.toLocaleString("en-US"),
    exactMem.points.find((p) => p.capacity === c).missRatio.toFixed(4),
    mu.toFixed(4),
    sd.toFixed(4),
    floorSd(rate, c).toFixed(4),
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
  `Machine: ${cpus()[0]?.model} × ${cpus().length} (shared), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end.`,
  "",
  `Whole process (start-up and reading included), median of ${values.repeat} alternating runs (load ${wholeLoad[0]} before, ${wholeLoad[1]} after):`,
  "",
  table(["command", "wall s", "vs one LRU run", "speed-up vs exact", "MAE vs exact", "target"], rows),
  "",
  `One process, trace already in memory (the curve computations alone), exact and SHARDS alternated, median of ${exactRuns.length} runs each (load ${memLoad[0]} before, ${memLoad[1]} after); CPU = user + system time of the process:`,
  "",
  table(["curve", "wall ms", "CPU ms", "speed-up vs exact (wall)", "speed-up (CPU)"], speedRows),
  "",
  `SHARDS ${rate} over seeds ${values.seeds} (one run each), MAE over every size the SHARDS curve reports (≥ 1/R objects):`,
  "",
  table(["curve", "ms", "speed-up vs exact", "MAE vs exact", "its error estimate", "sampled requests"], mem),
  "",
  `Error against the sampling rate (trace in memory; seeds ${values.seeds}): MAE over the sizes each rate reports (≥ 1/R objects) and over the ${common.length} sizes from 1,000 objects up that every rate reports, each next to the floor sampling alone leaves (perfect distances: sqrt(2/π)·sqrt((1−R)/R·Σ_i m_i(C)²)/N, m_i(C) = object i's misses at C in the exact run, averaged over the same sizes):`,
  "",
  table(
    [
      "rate",
      "sizes",
      "mean MAE",
      "MAE range",
      "sampling floor",
      "mean MAE ≥ 1,000",
      "floor ≥ 1,000",
      "median ms",
      "speed-up vs exact",
    ],
    rateRows,
  ),
  "",
  `Where the error sits at rate ${rate} (signed error of SHARDS − exact over seeds ${values.seeds}; the floor is sampling's standard error at that size): sampling alone leaves an expected MAE of ${floorMae(rate, rOwn).toFixed(4)} over the sizes ≥ 1/R on this trace, so MAE 0.001 would need it ${(floorMae(rate, rOwn) / 0.001).toFixed(0)}× lower, i.e. a rate of about ${needRate(rOwn).toPrecision(2)} (${needRate(common).toPrecision(2)} over the sizes ≥ 1,000).`,
  "",
  table(["size (objects)", "exact miss ratio", "mean error", "sd over seeds", "sampling sd"], whereRows),
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
