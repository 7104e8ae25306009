#!/usr/bin/env node
// npm run bench [-- --policies lru,fifo --prefetch obl,markov --repeat 3 --requests 10000000 --baseline DIR --skip-cluster --skip-driver]
//
// Whole-process simulator throughput, as a user runs it: generates (once, deterministically) a
// Zipf(1.0) trace of 10 M requests over 1 M objects in libCacheSim's oracleGeneral format, then for
// each policy runs `cachelab simulate --trace … --eviction P --capacity 100000` in a fresh process
// and reports requests/s of the whole process (start-up and trace reading included) and its peak
// RSS. libCacheSim's figures for the same run on this kind of machine are printed beside ours.
//
// --baseline DIR: another built checkout of cachelab (e.g. the commit before a change). Each policy
// then runs alternately there and here (B A B A …, `--repeat` times each) on the same trace, and the
// table adds the baseline's median and the ratio of the medians, so a change is judged against a
// baseline measured under the same load. The load average before and after is printed too.
//
// --prefetch P,Q (default obl,markov; '' for none): rows `lru+P` run LRU with that prefetcher
// (`--prefetch P`: the general loop, the prefetcher, and the twin run without it that measures
// coverage). The baseline checkout is not run for them (it may predate --prefetch).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { benchTrace, markdownTable, root } from "./lib.js";

const { values } = parseArgs({
  options: {
    policies: { type: "string", default: "lru,fifo,clock,sieve,s3fifo,arc,slru,lfu,wtinylfu,twoq,lirs" },
    repeat: { type: "string", default: "1" },
    requests: { type: "string", default: "10000000" },
    objects: { type: "string", default: "1000000" },
    capacity: { type: "string", default: "100000" },
    baseline: { type: "string" },
    prefetch: { type: "string", default: "obl,markov" },
    "skip-cluster": { type: "boolean", default: false },
    "skip-driver": { type: "boolean", default: false },
  },
});

// Target (M req/s) from the issue, and libCacheSim's measured figure on this kind of machine.
const REF = {
  lru: [10, 7.6],
  fifo: [10, 9.9],
  clock: [10, 8.8],
  sieve: [10, 10.5],
  s3fifo: [5, 3.8],
  arc: [5, 6.8],
  slru: [5, 7.8],
  lfu: [5, 4.6],
  wtinylfu: [5, 3.4],
  twoq: [5, 4.4],
  lirs: [3, 2.8],
};

if (!existsSync(`${root}dist/commands/simulate.js`)) {
  console.error("bench: build first (npm run build)");
  process.exit(2);
}
const requests = Number(values.requests);
const objects = Number(values.objects);
const trace = benchTrace(requests, objects);
const cli = `${root}bin/run.js`;

// hashed in pieces: this process stays small, and its children's peak RSS is theirs alone
const hash = createHash("sha256");
{
  const fd = openSync(trace, "r");
  const buf = Buffer.allocUnsafe(1 << 20);
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  closeSync(fd);
}
const sha = hash.digest("hex").slice(0, 16);

const baseCli = values.baseline ? `${values.baseline.replace(/\/$/, "")}/bin/run.js` : null;
if (baseCli && !existsSync(baseCli)) {
  console.error(`bench: no cachelab checkout at ${values.baseline} (expected bin/run.js, built)`);
  process.exit(2);
}
const loadBefore = loadavg()[0];

function once(policy, bin = cli, extra = []) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [
      bin,
      "simulate",
      "--trace",
      trace,
      "--eviction",
      policy,
      "--capacity",
      values.capacity,
      ...extra,
      "--json",
      "--no-save",
    ],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${policy}: exit ${r.status}: ${r.stderr}`);
  const res = JSON.parse(r.stdout);
  return { wallS, rss: res.run.maxRssBytes, missRatio: res.results[0].missRatio, requests: res.results[0].requests };
}

const median = (runs) => {
  const sorted = [...runs].sort((a, b) => a.wallS - b.wallS);
  return sorted[Math.floor(sorted.length / 2)];
};

const rows = [];
const entries = [
  ...values.policies.split(",").map((p) => ({ label: p, policy: p, extra: [], base: true })),
  ...values.prefetch
    .split(",")
    .filter((p) => p.trim() !== "")
    .map((p) => ({ label: `lru+${p}`, policy: "lru", extra: ["--prefetch", p], base: false })),
];
for (const { label: p, policy, extra, base: withBase } of entries) {
  const runs = [];
  const baseRuns = [];
  for (let k = 0; k < Number(values.repeat); k++) {
    if (baseCli && withBase) baseRuns.push(once(policy, baseCli));
    runs.push(once(policy, cli, extra));
  }
  const med = median(runs);
  const mps = med.requests / med.wallS / 1e6;
  const base = baseRuns.length > 0 ? median(baseRuns) : null;
  const baseMps = base ? base.requests / base.wallS / 1e6 : 0;
  const [target, lcs] = REF[p] ?? [null, null];
  rows.push({
    policy: p,
    "miss ratio": med.missRatio.toFixed(4),
    "wall s": med.wallS.toFixed(2),
    "M req/s": mps.toFixed(2),
    target: target ? `≥ ${target}` : "",
    libCacheSim: lcs ? lcs.toFixed(1) : "",
    "vs libCacheSim": lcs ? `${(mps / lcs).toFixed(2)}×` : "",
    ...(base
      ? {
          "baseline M req/s": baseMps.toFixed(2),
          "vs baseline": `${(mps / baseMps).toFixed(2)}×`,
          "baseline RSS MiB": (base.rss / 2 ** 20).toFixed(0),
        }
      : baseCli
        ? { "baseline M req/s": "", "vs baseline": "", "baseline RSS MiB": "" }
        : {}),
    "peak RSS MiB": (med.rss / 2 ** 20).toFixed(0),
    ok: target ? (mps >= target ? "yes" : "NO") : "",
  });
  process.stderr.write(`${p}: ${mps.toFixed(2)} M req/s\n`);
}

const out = [
  `\`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}\` on ${new Date().toISOString().slice(0, 10)}: Zipf(1.0), ${objects.toLocaleString("en-US")} objects, ${requests.toLocaleString("en-US")} requests (sha256 ${sha}…, ${(statSync(trace).size / 2 ** 20).toFixed(0)} MiB), cache ${Number(values.capacity).toLocaleString("en-US")} objects; median of ${values.repeat} run(s) per policy.`,
  `Machine: ${cpus()[0]?.model} × ${cpus().length} (shared), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after.`,
  ...(baseCli
    ? [`Baseline: ${values.baseline}, run alternately with this checkout (baseline first), same trace.`]
    : []),
  "",
  markdownTable(rows),
];
// the cluster rows (issue 8): 4 nodes with near caches, and 64 nodes' memory (bench/cluster.js)
if (!values["skip-cluster"]) {
  const { clusterRows } = await import("./cluster.js");
  const c = clusterRows({
    requests,
    objects,
    capacity: Number(values.capacity),
    repeat: Number(values.repeat),
    baseline: values.baseline ?? null,
  });
  out.push("", "Cluster (`npm run bench:cluster`, docs/cluster.md), whole process:", "", markdownTable(c));
}
// the driver rows (issue 13): cachelab's bench driver vs redis-benchmark on one redis-server (bench/driver.js)
if (!values["skip-driver"]) {
  const { driverRows, driverUnavailable } = await import("./driver.js");
  const why = driverUnavailable();
  const rounds = Math.max(3, Number(values.repeat));
  const head = `Bench driver (\`npm run bench:driver\`, docs/bench.md): GETs against one redis-server, cachelab's driver and redis-benchmark alternating, medians of ${rounds}:`;
  if (why) out.push("", head, "", `not measured: ${why}`);
  else out.push("", head, "", markdownTable(await driverRows({ rounds })));
}
console.log(`\n${out.join("\n")}`);
// the README quotes the full run: a run of some policies only does not replace it
if (!process.argv.includes("--policies")) {
  mkdirSync(`${root}bench/results`, { recursive: true });
  writeFileSync(`${root}bench/results/performance.md`, `${out.join("\n")}\n`);
}
