#!/usr/bin/env node
// npm run bench:cluster [-- --requests 10000000 --objects 1000000 --repeat 1 --baseline DIR]
//
// Whole-process throughput and peak memory of the cluster simulator (docs/cluster.md) on the
// 10 M-request benchmark trace (Zipf 1.0 over 1 M objects, bench/lib.js), each row in a fresh
// `cachelab simulate SCENARIO --json --no-save` process (start-up, reading and loading the trace
// included), as a user runs it:
//   - 4 nodes (ring) + 4 clients with a 1,000-object LRU near cache each, LRU nodes sharing 100,000
//     objects: issue 8's target is ≥ 5 M requests/s; once with the latency model, once without;
//   - 64 nodes (ring), LRU, 100,000 objects in all: issue 8's target is a peak RSS ≤ 1 GiB.
// `npm run bench` appends these rows to its table (clusterRows below); run alone, the table goes to
// bench/results/cluster.md too. --baseline DIR: another built checkout (e.g. main); each row is then
// run alternately there and here (baseline first), and the table adds the baseline's median and
// the ratio of the medians, so a change is judged under the same load.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchTrace, markdownTable, root } from "./lib.js";

/** The configurations measured, with issue 8's targets. */
export const CLUSTER_CONFIGS = [
  {
    name: "4 nodes ring + 4×L1 lru 1,000, latency",
    cluster: "{ nodes: 4, placement: ring, clients: 4, l1: { capacity: 1000, eviction: lru } }",
    minMps: 5,
  },
  {
    name: "4 nodes ring + 4×L1 lru 1,000, latency off",
    cluster: "{ nodes: 4, placement: ring, clients: 4, l1: { capacity: 1000, eviction: lru }, latency: off }",
    minMps: 5,
  },
  { name: "64 nodes ring", cluster: "{ nodes: 64, placement: ring, latency: off }", maxRssMiB: 1024 },
];

function once(trace, config, capacity, cli = `${root}bin/run.js`) {
  const dir = mkdtempSync(join(tmpdir(), "cachelab-bench-cluster-"));
  try {
    const file = join(dir, "cluster.yaml");
    writeFileSync(
      file,
      `name: bench-cluster\nworkload: { type: trace, path: ${JSON.stringify(trace)} }\ncache: { capacity: [${capacity}], eviction: [lru] }\ncluster: ${config.cluster}\n`,
    );
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, "simulate", file, "--json", "--no-save"], {
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`${config.name}: exit ${r.status}: ${r.stderr}`);
    const res = JSON.parse(r.stdout);
    const row = res.results[0];
    return { wallS, rss: res.run.maxRssBytes, row };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One row per configuration: hit ratio, L1 hit ratio, p99, wall s, M req/s (whole process), peak RSS, ok. */
export function clusterRows({
  requests = 10_000_000,
  objects = 1_000_000,
  capacity = 100_000,
  repeat = 1,
  baseline = null,
} = {}) {
  const trace = benchTrace(requests, objects);
  const baseCli = baseline ? `${baseline.replace(/\/$/, "")}/bin/run.js` : null;
  const rows = [];
  for (const config of CLUSTER_CONFIGS) {
    const runs = [];
    const baseRuns = [];
    const loads = [];
    for (let k = 0; k < repeat; k++) {
      if (baseCli) baseRuns.push(once(trace, config, capacity, baseCli));
      runs.push(once(trace, config, capacity));
      loads.push(loadavg()[0]);
    }
    const median = (list) => {
      const sorted = [...list].sort((a, b) => a.wallS - b.wallS);
      return sorted[Math.floor(sorted.length / 2)];
    };
    const med = median(runs);
    const mps = med.row.requests / med.wallS / 1e6;
    const base = baseCli ? median(baseRuns) : null;
    const baseMps = base ? base.row.requests / base.wallS / 1e6 : 0;
    const rssMiB = med.rss / 2 ** 20;
    const ok =
      (config.minMps === undefined || mps >= config.minMps) &&
      (config.maxRssMiB === undefined || rssMiB <= config.maxRssMiB);
    rows.push({
      cluster: config.name,
      "hit ratio": med.row.hitRatio.toFixed(4),
      "L1 hit ratio": med.row.cluster.l1 ? med.row.tiers.l1.hitRatio.toFixed(4) : "",
      "p99 ms": med.row.latency ? med.row.latency.p99Ms.toFixed(2) : "",
      "wall s": med.wallS.toFixed(2),
      "M req/s": mps.toFixed(2),
      "peak RSS MiB": rssMiB.toFixed(0),
      target: config.minMps !== undefined ? `≥ ${config.minMps} M req/s` : `≤ ${config.maxRssMiB} MiB`,
      ok: ok ? "yes" : "NO",
      ...(base
        ? {
            "baseline wall s": base.wallS.toFixed(2),
            "baseline M req/s": baseMps.toFixed(2),
            "vs baseline": `${(mps / baseMps).toFixed(2)}×`,
            "baseline RSS MiB": (base.rss / 2 ** 20).toFixed(0),
          }
        : {}),
      "load avg": `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
    });
    process.stderr.write(`cluster ${config.name}: ${mps.toFixed(2)} M req/s, ${rssMiB.toFixed(0)} MiB\n`);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "10000000" },
      objects: { type: "string", default: "1000000" },
      capacity: { type: "string", default: "100000" },
      repeat: { type: "string", default: "1" },
      baseline: { type: "string" },
    },
  });
  const loadBefore = loadavg()[0];
  const rows = clusterRows({
    requests: Number(values.requests),
    objects: Number(values.objects),
    capacity: Number(values.capacity),
    repeat: Number(values.repeat),
    baseline: values.baseline ?? null,
  });
  const text = [
    `\`npm run bench:cluster\` on ${new Date().toISOString().slice(0, 10)}: Zipf(1.0), ${Number(values.objects).toLocaleString("en-US")} objects, ${Number(values.requests).toLocaleString("en-US")} requests; LRU nodes sharing ${Number(values.capacity).toLocaleString("en-US")} objects; whole process, median of ${values.repeat} run(s).`,
    `Machine: ${cpus()[0]?.model} × ${cpus().length} (shared), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after.`,
    ...(values.baseline
      ? [
          `Baseline: ${values.baseline}, run alternately with this checkout (baseline first), same trace; medians of wall time.`,
        ]
      : []),
    "",
    markdownTable(rows),
  ].join("\n");
  console.log(text);
  mkdirSync(`${root}bench/results`, { recursive: true });
  writeFileSync(`${root}bench/results/cluster.md`, `${text}\n`);
}
