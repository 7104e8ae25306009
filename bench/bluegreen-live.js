#!/usr/bin/env node
// npm run bench:bluegreen [-- --rounds 3 --requests 30000 --rate 1500 --warm copy-hot:5000]
//
// Blue-green measured live (issue 13): `cachelab bench scenarios/blue-green.yaml` on a 4-node local
// cluster the bench starts, whose cutover (at 50 % of the requests: green nodes with S3-FIFO instead
// of LRU, src/cluster/deploy.ts) is applied while the load runs, once `--warm cold` and once
// `--warm copy-hot:K` (green gets the K keys the bench requested most, copied from blue, before the
// switch), alternating cold, copy-hot, cold, copy-hot … for `--rounds` rounds so that the machine's
// other load falls on both alike. For each run it reads the cutover's phase (the simulator's phase
// columns over the live per-request outcomes): the hit ratio before the switch, the lowest windowed hit
// ratio after it (the dip), the requests until a window is back within 2 % of before, and errors.
// Prints a Markdown table of the medians per warm-up, every run, and the load average before and after.
// Open loop at `--rate` requests/s, 50 connections, no backend latency, no warm-up (the first phase
// is blue filling up).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { markdownTable, root } from "./lib.js";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    requests: { type: "string", default: "30000" },
    rate: { type: "string", default: "1500" },
    warm: { type: "string", default: "copy-hot:5000" },
    scenario: { type: "string", default: `${root}scenarios/blue-green.yaml` },
  },
});
try {
  readFileSync(`${root}dist/src/bench/events.js`);
} catch {
  console.error("bench:bluegreen: build first (npm run build)");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "cachelab-bluegreen-"));
let child = null;
process.on("exit", () => {
  child?.kill("SIGINT");
  rmSync(dir, { recursive: true, force: true });
});
process.on("SIGINT", () => process.exit(130));

const requests = Number(values.requests);
const rate = Number(values.rate);
const seconds = Math.ceil(requests / rate) + 30;

function bench(warm, i) {
  const args = [
    `${root}bin/run.js`,
    "bench",
    values.scenario,
    "--state",
    join(dir, `run-${i}`, "cluster.json"),
    "--requests",
    String(requests),
    "--rate",
    `${rate}/s`,
    "--duration",
    `${seconds}s`,
    "--warmup",
    "0s",
    "--connections",
    "50",
    "--backend-latency",
    "0",
    // a loaded machine stalls the load generator while green's processes start: a short timeout
    // would close connections (errors) for reasons that are the machine's, not the cutover's
    "--timeout",
    "5s",
    "--warm",
    warm,
    "--json",
  ];
  return new Promise((resolve, reject) => {
    child = execFile(process.execPath, args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      child = null;
      if (err) reject(new Error(`bench --warm ${warm}: ${stderr.trim() || err.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

const pct = (x) => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)} %`);
const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const load0 = loadavg()[0].toFixed(1);
const runs = [];
const warms = ["cold", values.warm];
let i = 0;
for (let round = 1; round <= Number(values.rounds); round++)
  for (const warm of warms) {
    const r = await bench(warm, i++);
    const row = r.results[0];
    const e = r.bench.events.find((x) => x.kind === "cutover");
    const phase = row.phases?.find((p) => p.event.startsWith("cutover"));
    if (!e || e.error || !phase) throw new Error(`round ${round} ${warm}: the cutover did not take effect`);
    runs.push({
      round,
      warm,
      before: phase.hitRatioBefore,
      lowest: phase.lowestHitRatio,
      recovery: phase.recoveryRequests,
      errors: row.errors,
      timeouts: r.bench.timeouts,
      failovers: r.bench.failovers,
      copied: e.warm?.copied ?? 0,
      switchS: e.appliedS,
      throughput: r.bench.throughputPerS,
    });
    process.stderr.write(
      `round ${round} ${warm}: before ${pct(phase.hitRatioBefore)}, lowest ${pct(phase.lowestHitRatio)}, recovery ${phase.recoveryRequests ?? "never"}, errors ${row.errors}, copied ${e.warm?.copied ?? 0}\n`,
    );
  }
const load1 = loadavg()[0].toFixed(1);

console.log(
  `blue-green live: ${values.scenario.replace(root, "")}, ${requests} requests at ${rate}/s, ${values.rounds} rounds, medians; load average ${load0} → ${load1}\n`,
);
console.log(
  markdownTable(
    warms.map((w) => {
      const rs = runs.filter((r) => r.warm === w);
      const med = (k) => median(rs.map((r) => r[k]));
      const rec = rs.map((r) => r.recovery);
      return {
        warm: w,
        "hit ratio before": pct(med("before")),
        "lowest after (dip)": pct(med("lowest")),
        "requests to recover": rec.some((x) => x === null)
          ? `${med("recovery") ?? "never"} (never in ${rec.filter((x) => x === null).length})`
          : med("recovery"),
        "keys copied": med("copied"),
        errors: rs.reduce((a, r) => a + r.errors, 0),
        "switch at (s)": med("switchS")?.toFixed(1),
      };
    }),
  ),
);
console.log("\nevery run:\n");
console.log(
  markdownTable(
    runs.map((r) => ({
      round: r.round,
      warm: r.warm,
      before: pct(r.before),
      lowest: pct(r.lowest),
      recovery: r.recovery ?? "never",
      errors: r.errors,
      timeouts: r.timeouts,
      "reads retried on green": r.failovers,
      copied: r.copied,
      "requests/s": r.throughput,
    })),
  ),
);
