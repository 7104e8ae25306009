#!/usr/bin/env node
// node bench/cluster-threads.js [--repeat 2 --baseline DIR --requests 10000000 --objects 1000000]
//
// Where a cluster row's CPU goes, per thread: each row of bench/cluster.js runs in a fresh process
// (this script, as a child) that calls simulate() as `cachelab simulate` does and samples the CPU
// time of each of its threads (/proc/self/task/*/stat, Linux) every 20 ms. Printed per run: wall
// time, CPU of all threads, the busiest thread, and the least wall two idle cores would need,
// max(busiest thread, all CPU / 2). On a machine shared with other sessions the wall time follows
// the others' load (the kernel shares the CPU between sessions, not threads), while CPU per thread
// says how the work is spread: that last column is what a streamed or split run is for
// (docs/cluster.md). --baseline DIR: another built checkout, run alternately (baseline first).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CLUSTER_CONFIGS } from "./cluster.js";
import { benchTrace, markdownTable, root } from "./lib.js";

/** In the child: CPU seconds per thread of this process, by thread id. */
function sampleThreads(into) {
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const st = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
      into.set(tid, (Number(f[11]) + Number(f[12])) / 100); // utime + stime, in clock ticks (100 Hz)
    } catch {
      // the thread ended between the listing and the read
    }
  }
}

async function child(checkout, scenario) {
  const t0 = performance.now();
  const { loadRun } = await import(`${checkout}/dist/src/scenario/load.js`);
  const { toSimulateRequest } = await import(`${checkout}/dist/src/cli/run-simulation.js`);
  const { simulate } = await import(`${checkout}/dist/src/sim/simulate.js`);
  const cpu = new Map();
  const timer = setInterval(() => sampleThreads(cpu), 20);
  const run = await loadRun(scenario, {});
  const r = await simulate(await toSimulateRequest(run, undefined));
  sampleThreads(cpu);
  clearInterval(timer);
  const wallS = (performance.now() - t0) / 1000;
  const list = [...cpu.values()];
  console.log(
    JSON.stringify({
      wallS,
      cpuS: list.reduce((s, x) => s + x, 0),
      busiestS: Math.max(...list),
      threads: r.run.threads,
      requests: r.results[0].requests,
    }),
  );
}

function once(checkout, trace, config, capacity) {
  const dir = mkdtempSync(join(tmpdir(), "cachelab-bench-threads-"));
  try {
    const file = join(dir, "cluster.yaml");
    writeFileSync(
      file,
      `name: bench-cluster\nworkload: { type: trace, path: ${JSON.stringify(trace)} }\ncache: { capacity: [${capacity}], eviction: [lru] }\ncluster: ${config.cluster}\n`,
    );
    const load = loadavg()[0];
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", checkout, file], {
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`${config.name}: exit ${r.status}: ${r.stderr}`);
    return { ...JSON.parse(r.stdout.trim().split("\n").pop()), load };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    child: { type: "string" },
    requests: { type: "string", default: "10000000" },
    objects: { type: "string", default: "1000000" },
    capacity: { type: "string", default: "100000" },
    repeat: { type: "string", default: "2" },
    baseline: { type: "string" },
  },
});

if (values.child) await child(values.child, positionals[0]);
else {
  const trace = benchTrace(Number(values.requests), Number(values.objects));
  const here = root.replace(/\/$/, "");
  const builds = values.baseline
    ? [
        ["baseline", values.baseline.replace(/\/$/, "")],
        ["this", here],
      ]
    : [["this", here]];
  const rows = [];
  const before = loadavg()[0];
  for (const config of CLUSTER_CONFIGS) {
    for (let k = 0; k < Number(values.repeat); k++) {
      for (const [label, checkout] of builds) {
        const m = once(checkout, trace, config, Number(values.capacity));
        rows.push({
          cluster: config.name,
          build: label,
          threads: m.threads,
          "wall s": m.wallS.toFixed(2),
          "CPU s (all threads)": m.cpuS.toFixed(2),
          "busiest thread s": m.busiestS.toFixed(2),
          "2 idle cores ≥ s": Math.max(m.busiestS, m.cpuS / 2).toFixed(2),
          "load avg": m.load.toFixed(1),
        });
        process.stderr.write(`${config.name} ${label}: ${JSON.stringify(m)}\n`);
      }
    }
  }
  console.log(
    `\`node bench/cluster-threads.js\`: ${Number(values.requests).toLocaleString("en-US")} requests; load average ${before.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after.\n`,
  );
  console.log(markdownTable(rows));
}
