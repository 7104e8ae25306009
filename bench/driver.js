#!/usr/bin/env node
// npm run bench:driver [-- --rounds 3 --requests 200000 --clients 50 --pipelines 1,16 --keys 10000 --threads 1,2]
// (also run by `npm run bench`, which appends these rows: `driverRows()` below)
//
// The load generator must not be the bottleneck (issue 13): against the same redis-server, cachelab's
// bench driver (src/bench/driver.ts, closed loop, one event loop) must reach ≥ 0.8× the GET ops/s that
// redis-benchmark reaches with the same connections and pipeline. Both run GETs of 3-byte values over
// `--keys` keys that are all present (loaded first, each tool's own key names), so every request is
// one GET and one bulk reply, and the two alternate A B A B … (rounds × pipelines) against one
// redis-server so that load from the rest of the machine falls on both alike. `--threads 1,2` runs
// the driver on each thread count in each round (src/bench/threads.ts; a thread's start-up is not in
// its measured time). Prints a Markdown table: the median ops/s of each over the rounds and the
// ratio, the median CPU time (user + system) each tool spent per GET — steadier than GET/s on a
// machine others load, as it does not count time spent waiting for a CPU — and the load average.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { markdownTable, root } from "./lib.js";

const DRIVER = `${root}dist/src/bench/driver.js`;

/** Why the driver rows cannot run here (no build, no redis tools), or null. */
export function driverUnavailable() {
  if (!existsSync(DRIVER)) return "build first (npm run build)";
  for (const bin of ["redis-server", "redis-benchmark", "redis-cli"]) {
    try {
      execFileSync(bin, ["--version"], { stdio: "ignore" });
    } catch {
      return `${bin} not found (apt-get install redis-server redis-tools)`;
    }
  }
  return null;
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const port = await freePort();
  const p = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync("redis-cli", ["-p", String(port), "PING"], { stdio: "pipe" });
      return { port, proc: p };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  p.kill("SIGKILL");
  throw new Error("redis-server did not start");
}

/** Requests over `keys` keys, 3 bytes each; uniform, from a fixed seed (the same every round). */
function requests(n, keys, fill) {
  const key = new Uint32Array(n);
  const size = new Uint32Array(n).fill(3);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    if (fill) key[i] = i % keys;
    else {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      key[i] = x % keys;
    }
  }
  return {
    length: n,
    key,
    size,
    objects: keys,
    distinct: keys,
    workingSetBytes: 3 * keys,
    requestedBytes: 3 * n,
    startTimeS: 0,
    endTimeS: 0,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * One row per pipeline depth: redis-benchmark's and cachelab's driver's median GET/s over `rounds`
 * alternating runs against one redis-server, their ratio, the target and the load average.
 */
export async function driverRows({
  rounds = 3,
  requests: N = 200_000,
  clients: C = 50,
  pipelines = [1, 16],
  keys: KEYS = 10_000,
  threads = [1],
} = {}) {
  const { runDriver } = await import(DRIVER);
  const { runThreads } = await import(`${root}dist/src/bench/threads.js`);
  // each returns [GET/s, CPU µs per GET] (CPU: user + system of the whole process, every thread)
  const ours = async (port, P, reqs, T = 1) => {
    const drive = T > 1 ? (o) => runThreads(o, T, "0ms", 1) : runDriver;
    const cpu0 = process.cpuUsage();
    const out = await drive({
      endpoints: [{ host: "127.0.0.1", port }],
      owner: null,
      requests: reqs,
      connections: C,
      pipeline: P,
      ratePerS: null,
      durationMs: 600_000,
      warmupMs: 0,
      backendUs: () => 0,
      timeoutMs: 5000,
    });
    const cpu = process.cpuUsage(cpu0);
    if (out.errors > 0) throw new Error(`driver: ${out.errors} errors (${out.firstError})`);
    const n = out.hits + out.misses;
    return [(n / out.elapsedMs) * 1000, (cpu.user + cpu.system) / n];
  };
  // redis-benchmark's CPU from GNU time when it is installed
  const timed = existsSync("/usr/bin/time");
  const theirs = (port, P) => {
    const r = spawnSync(
      timed ? "/usr/bin/time" : "redis-benchmark",
      [
        ...(timed ? ["-f", "cpu %U %S", "redis-benchmark"] : []),
        "-p",
        String(port),
        "-c",
        String(C),
        "-n",
        String(N),
        "-r",
        String(KEYS),
        "-d",
        "3",
        "-P",
        String(P),
        "-t",
        "get",
        "--csv",
      ],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    if (r.status !== 0) throw new Error(`redis-benchmark: exit ${r.status}: ${r.stderr}`);
    const f = r.stdout
      .trim()
      .split("\n")[1]
      .split(",")
      .map((x) => x.replace(/"/g, ""));
    const t = /cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
    return [Number(f[1]), t ? ((Number(t[1]) + Number(t[2])) * 1e6) / N : Number.NaN];
  };
  const { port, proc } = await startRedis();
  const kill = () => proc.exitCode === null && proc.kill("SIGKILL");
  process.on("exit", kill);
  try {
    // every key present for both tools: redis-benchmark's key:000000xxxxxx and the driver's k:xxxxxxxxxx
    execFileSync(
      "redis-benchmark",
      [
        "-p",
        String(port),
        "-c",
        "50",
        "-n",
        String(KEYS * 5),
        "-r",
        String(KEYS),
        "-d",
        "3",
        "-P",
        "16",
        "-t",
        "set",
        "-q",
      ],
      { stdio: "ignore" },
    );
    await ours(port, 16, requests(KEYS, KEYS, true));
    await ours(port, 16, requests(KEYS, KEYS, true), 2); // the threads' modules loaded once
    const rows = [];
    for (const P of pipelines) {
      const load = loadavg()[0];
      const a = [];
      const b = threads.map(() => []);
      const reqs = requests(N, KEYS, false);
      // redis-benchmark, then the driver on each thread count, round after round
      for (let r = 0; r < rounds; r++) {
        a.push(theirs(port, P));
        for (const [k, T] of threads.entries()) b[k].push(await ours(port, P, reqs, T));
      }
      const ma = median(a.map((x) => x[0]));
      const ca = median(a.map((x) => x[1]));
      for (const [k, T] of threads.entries()) {
        const mb = median(b[k].map((x) => x[0]));
        const cb = median(b[k].map((x) => x[1]));
        rows.push({
          connections: C,
          pipeline: P,
          threads: T,
          "redis-benchmark GET/s": Math.round(ma),
          "cachelab driver GET/s": Math.round(mb),
          ratio: (mb / ma).toFixed(2),
          "CPU µs/GET redis-benchmark": Number.isNaN(ca) ? "" : ca.toFixed(2),
          "CPU µs/GET cachelab": cb.toFixed(2),
          target: "≥ 0.80",
          ok: mb / ma >= 0.8 ? "yes" : "NO",
          "load avg": `${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
        });
        process.stderr.write(`driver -P ${P} --threads ${T}: ${(mb / ma).toFixed(2)}× redis-benchmark\n`);
      }
    }
    return rows;
  } finally {
    kill();
    process.off("exit", kill);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "3" },
      requests: { type: "string", default: "200000" },
      clients: { type: "string", default: "50" },
      pipelines: { type: "string", default: "1,16" },
      keys: { type: "string", default: "10000" },
      threads: { type: "string", default: "1" },
    },
  });
  const why = driverUnavailable();
  if (why) {
    console.error(`bench:driver: ${why}`);
    process.exit(2);
  }
  process.on("SIGINT", () => process.exit(130));
  const loadBefore = loadavg()[0];
  const rows = await driverRows({
    rounds: Number(values.rounds),
    requests: Number(values.requests),
    clients: Number(values.clients),
    pipelines: values.pipelines.split(",").map(Number),
    keys: Number(values.keys),
    threads: values.threads.split(",").map(Number),
  });
  console.log(markdownTable(rows));
  console.log(
    `\n${values.requests} GETs per run, ${values.rounds} rounds alternating (redis-benchmark first), medians; ${cpus().length} CPUs, load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`,
  );
  process.exit(0);
}
