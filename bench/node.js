#!/usr/bin/env node
// npm run bench:node [-- --rounds 2 --requests 200000 --eviction lru --sizes 100,1024 --pipelines 1,16
//                       --node-flags=--max-semi-space-size=1]
//
// One cachelab node against one redis-server, on the same machine, in one run: redis-benchmark
// (-c 50, -r 100000, -d 100 and -d 1024, -P 1 and -P 16, -t get,set, --csv) against each, ALTERNATING
// A B A B (rounds × configurations), so that load from the rest of the machine falls on both alike.
// Prints a markdown table of ops/s, p50 and p99 (the median over the rounds) and the ratio, the CPU
// time each server spent per request (SET and GET runs together; steady under load from others), and the
// RSS of both processes with 100,000 × 100-byte values loaded (keys `key:000000000000` … as
// redis-benchmark names them), measured from /proc/PID/status.
//
// Targets (issue 12): ≥ 0.7× Redis at -P 1, ≥ 0.8× at -P 16, p99 ≤ 1 ms at -P 1, RSS ≤ 1.5× Redis's.
// The node runs with --memory 1GiB (nothing is evicted: the comparison is of the request path; the
// policy still sees every request) and redis-server with --save "" --appendonly no.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { markdownTable, root } from "./lib.js";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "2" },
    requests: { type: "string", default: "200000" },
    eviction: { type: "string", default: "lru" },
    sizes: { type: "string", default: "100,1024" },
    pipelines: { type: "string", default: "1,16" },
    clients: { type: "string", default: "50" },
    "rss-keys": { type: "string", default: "100000" },
    /** V8/Node flags for the node process (space-separated), to measure their effect on speed and RSS. */
    "node-flags": { type: "string", default: "" },
  },
});
const MAIN = `${root}dist/src/cluster/node/main.js`;
const nodeFlags = values["node-flags"].split(" ").filter((f) => f !== "");
try {
  readFileSync(MAIN);
} catch {
  console.error("bench:node: build first (npm run build)");
  process.exit(2);
}
for (const bin of ["redis-server", "redis-benchmark"]) {
  try {
    execFileSync(bin, ["--version"], { stdio: "ignore" });
  } catch {
    console.error(`bench:node: ${bin} not found (apt-get install redis-server redis-tools)`);
    process.exit(2);
  }
}

const procs = [];
function cleanup() {
  for (const p of procs) if (p.exitCode === null) p.kill("SIGKILL");
}
process.on("exit", cleanup);
process.on("SIGINT", () => process.exit(130));

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startNode() {
  const p = spawn(
    process.execPath,
    [
      ...nodeFlags,
      MAIN,
      "--port",
      "0",
      "--http-port",
      "-1",
      "--memory",
      "1GiB",
      "--eviction",
      values.eviction,
      "--name",
      "bench",
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  procs.push(p);
  const line = await new Promise((resolve, reject) => {
    let out = "";
    p.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    p.on("exit", (c) => reject(new Error(`node exited ${c}`)));
  });
  return { name: "cachelab", proc: p, port: JSON.parse(line).port };
}

async function startRedis() {
  const port = await freePort();
  const p = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  procs.push(p);
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync("redis-cli", ["-p", String(port), "PING"], { stdio: "pipe" });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { name: "redis", proc: p, port };
}

/** One redis-benchmark run: { SET: {rps, p50, p99}, GET: … }. */
function benchmark(port, d, P) {
  const out = execFileSync(
    "redis-benchmark",
    [
      "-p",
      String(port),
      "-c",
      values.clients,
      "-n",
      values.requests,
      "-r",
      "100000",
      "-d",
      String(d),
      "-P",
      String(P),
      "-t",
      "set,get",
      "--csv",
    ],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  const rows = {};
  for (const line of out.trim().split("\n").slice(1)) {
    const f = line.split(",").map((x) => x.replace(/"/g, ""));
    rows[f[0]] = { rps: Number(f[1]), p50: Number(f[4]), p99: Number(f[6]) };
  }
  return rows;
}

/** CPU seconds (user + system) a process has used, from /proc/PID/stat (clock ticks of 1/100 s). */
function cpuOf(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

function rssOf(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/** Loads n keys of 100 bytes (SET pipelined in batches of 1000) and waits for every reply. */
function load(port, n) {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    const value = "x".repeat(100);
    let replies = 0;
    s.on("error", reject);
    s.on("data", (d) => {
      for (const b of d) if (b === 10) replies++;
      if (replies >= n) {
        s.destroy();
        resolve();
      }
    });
    s.connect(port, "127.0.0.1", () => {
      for (let i = 0; i < n; i += 1000) {
        let chunk = "";
        for (let k = i; k < Math.min(n, i + 1000); k++) {
          const key = `key:${String(k).padStart(12, "0")}`;
          chunk += `*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$100\r\n${value}\r\n`;
        }
        s.write(chunk);
      }
    });
  });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const node = await startNode();
const redis = await startRedis();
// memory first, on the fresh processes (an allocator keeps what a benchmark made it take): measure
// empty, load 100 k × 100 B, measure; then flush for the benchmarks
const n = Number(values["rss-keys"]);
const mem = [];
for (const server of [node, redis]) {
  await new Promise((r) => setTimeout(r, 300));
  const before = rssOf(server.proc.pid);
  await load(server.port, n);
  await new Promise((r) => setTimeout(r, 300));
  const after = rssOf(server.proc.pid);
  const dbsize = Number(execFileSync("redis-cli", ["-p", String(server.port), "DBSIZE"], { encoding: "utf8" }).trim());
  mem.push({ server: server.name, keys: dbsize, before, after });
  execFileSync("redis-cli", ["-p", String(server.port), "FLUSHALL"]);
}
const sizes = values.sizes.split(",").map(Number);
const pipes = values.pipelines.split(",").map(Number);
const rounds = Number(values.rounds);
const results = new Map(); // `${d}/${P}/${server}/${test}` → [runs]
const load0 = loadavg()[0];
for (let r = 0; r < rounds; r++) {
  for (const d of sizes) {
    for (const P of pipes) {
      // alternate the order each round, so neither server always runs first
      const order = r % 2 === 0 ? [node, redis] : [redis, node];
      for (const server of order) {
        const cpu0 = cpuOf(server.proc.pid);
        const rows = benchmark(server.port, d, P);
        // CPU time per request of the server (both tests of the run): unlike ops/s, it does not
        // depend on how much of the machine the rest of its users leave to the server
        const us = ((cpuOf(server.proc.pid) - cpu0) * 1e6) / (2 * Number(values.requests));
        for (const [test, v] of Object.entries(rows)) {
          const k = `${d}/${P}/${server.name}/${test}`;
          if (!results.has(k)) results.set(k, []);
          results.get(k).push({ ...v, us });
        }
        process.stderr.write(
          `round ${r + 1}/${rounds} -d ${d} -P ${P} ${server.name}: ${Object.entries(rows)
            .map(([t, v]) => `${t} ${Math.round(v.rps)}/s`)
            .join(", ")}\n`,
        );
      }
    }
  }
}

const table = [];
for (const d of sizes) {
  for (const P of pipes) {
    for (const test of ["SET", "GET"]) {
      const a = results.get(`${d}/${P}/cachelab/${test}`) ?? [];
      const b = results.get(`${d}/${P}/redis/${test}`) ?? [];
      if (a.length === 0 || b.length === 0) continue;
      const m = (xs, f) => median(xs.map((x) => x[f]));
      const ratio = m(a, "rps") / m(b, "rps");
      table.push({
        test,
        "-d": d,
        "-P": P,
        "cachelab ops/s": Math.round(m(a, "rps")).toLocaleString("en-US"),
        "redis ops/s": Math.round(m(b, "rps")).toLocaleString("en-US"),
        ratio: `${ratio.toFixed(2)}×`,
        "cachelab p50 ms": m(a, "p50").toFixed(3),
        "cachelab p99 ms": m(a, "p99").toFixed(3),
        "redis p50 ms": m(b, "p50").toFixed(3),
        "redis p99 ms": m(b, "p99").toFixed(3),
        "CPU µs/req cachelab : redis": `${m(a, "us").toFixed(2)} : ${m(b, "us").toFixed(2)}`,
        target: P === 1 ? "≥ 0.70×, p99 ≤ 1 ms" : "≥ 0.80×",
      });
    }
  }
}

const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const memRows = mem.map((m) => ({
  server: m.server,
  keys: m.keys.toLocaleString("en-US"),
  "RSS empty": mib(m.before),
  [`RSS with ${n.toLocaleString("en-US")} × 100 B`]: mib(m.after),
  "growth per key": `${Math.round((m.after - m.before) / m.keys)} B`,
}));
const ratioRss = mem[0].after / mem[1].after;

console.log(markdownTable(table));
console.log();
console.log(markdownTable(memRows));
console.log();
console.log(`RSS ratio (cachelab / redis, loaded): ${ratioRss.toFixed(2)}× (target ≤ 1.5×)`);
console.log(
  `Machine: ${cpus()[0]?.model} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${execFileSync("redis-server", ["--version"], { encoding: "utf8" }).split(" ").slice(0, 3).join(" ")}; load average ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end; ${rounds} rounds × ${values.requests} requests, -c ${values.clients}, eviction ${values.eviction}${nodeFlags.length > 0 ? `, node flags ${nodeFlags.join(" ")}` : ""}.`,
);
cleanup();
process.exit(0);
