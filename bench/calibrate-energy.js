#!/usr/bin/env node
// node bench/calibrate-energy.js [--requests 2000000]
//
// Calibrates the energy profile's cpu.secondsPerMiss on this machine: replays one in-memory Zipf
// trace through cachelab's LRU engine at a large cache (few misses) and a small one (many misses),
// measures the CPU time of each (process.cpuUsage, median of 5 alternating runs), and solves
// cpu = requests × a + misses × b for b, the extra CPU time of a miss (lookup, eviction, insert).
// cpu.secondsPerRequest is not measured here: it is the cost of serving a request over the network,
// taken from the Redis measurement on this kind of machine (see src/energy/profiles/default.ts).
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({ options: { requests: { type: "string", default: "2000000" } } });
if (!existsSync(`${root}dist/src/sim/cache.js`)) {
  console.error("calibrate-energy: build first (npm run build)");
  process.exit(2);
}
const { Cache } = await import(`${root}dist/src/sim/cache.js`);
const { drive } = await import(`${root}dist/src/sim/drive.js`);
const { lru } = await import(`${root}dist/src/policies/eviction/lru.js`);

// a Zipf(1.0) trace over 200,000 objects, by inversion of a precomputed CDF (deterministic LCG)
const n = Number(values.requests);
const objects = 200_000;
const cdf = new Float64Array(objects);
let acc = 0;
for (let i = 0; i < objects; i++) cdf[i] = acc += 1 / (i + 1);
let seed = 12345;
const key = new Uint32Array(n);
for (let i = 0; i < n; i++) {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  const u = (seed / 2 ** 32) * acc;
  let lo = 0;
  let hi = objects - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  key[i] = lo;
}
const batch = { length: n, key, size: new Uint32Array(n).fill(1), op: new Uint8Array(n), time: new Float64Array(n) };

function once(capacity) {
  const cache = new Cache(lru.create({}, { capacity, ids: objects, seed: 1 }), capacity);
  const c0 = process.cpuUsage();
  const { counters } = drive(cache, [batch], { bytes: false, ops: false, warmup: 0, window: 0 });
  const c = process.cpuUsage(c0);
  return { cpuS: (c.user + c.system) / 1e6, misses: counters.misses };
}
const big = [];
const small = [];
for (let r = 0; r < 5; r++) {
  big.push(once(100_000));
  small.push(once(100));
}
const med = (xs) => [...xs].sort((a, b) => a.cpuS - b.cpuS)[Math.floor(xs.length / 2)];
const B = med(big);
const S = med(small);
const perMiss = (S.cpuS - B.cpuS) / (S.misses - B.misses);
const perRequestEngine = (B.cpuS - perMiss * B.misses) / n;
console.log(`machine: ${cpus()[0]?.model} × ${cpus().length}, Node ${process.version}`);
console.log(
  `cache 100,000: ${B.misses} misses, ${B.cpuS.toFixed(3)} CPU-s; cache 100: ${S.misses} misses, ${S.cpuS.toFixed(3)} CPU-s`,
);
console.log(`engine CPU per request (lookup of a hit): ${(perRequestEngine * 1e9).toFixed(1)} ns`);
console.log(`extra CPU per miss (evict + insert):        ${(perMiss * 1e9).toFixed(1)} ns`);
console.log(`profile: cpu.secondsPerMiss = ${perMiss.toPrecision(2)}`);
