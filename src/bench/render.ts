// The plain-text summary `cachelab bench` prints: the target and load, the counts (requests = hits +
// misses + errors), throughput, latency percentiles, per-node hits, and the simulator's prediction
// beside the measurement when --compare-sim ran.
import type { BenchResult } from "./result.js";

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const msf = (x: number) => `${x.toFixed(3)} ms`;

export function renderBench(r: BenchResult): string {
  const row = r.results[0];
  const b = r.bench;
  const l = row.latency;
  const lines = [
    `bench ${r.name} → ${b.target}`,
    `  load        ${b.load === "open" ? `open loop at ${b.ratePerS}/s` : "closed loop"}, ${b.connections} connections × pipeline ${b.pipeline}, backend ${b.backendLatency}`,
    `  requests    ${row.requests} = ${row.hits} hits + ${row.misses} misses + ${row.errors} errors (warm-up ${r.warmupRequests}, unsent ${b.unsent}, timeouts ${b.timeouts})`,
    `  hit ratio   ${pct(row.hitRatio)}`,
    `  throughput  ${b.throughputPerS} requests/s`,
    `  latency     p50 ${msf(l.p50Ms)}  p90 ${msf(l.p90Ms)}  p99 ${msf(l.p99Ms)}  p99.9 ${msf(l.p999Ms)}  max ${msf(l.maxMs)}`,
  ];
  for (const n of row.nodes ?? [])
    lines.push(
      `  ${n.name.padEnd(10)}  ${n.requests} requests, hit ratio ${pct(n.requests > 0 ? n.hits / n.requests : 0)}`,
    );
  if (b.compareSim) {
    const c = b.compareSim;
    lines.push(
      `  simulated   hit ratio ${pct(c.predicted.hitRatio)} (${c.predicted.hits} of ${c.predicted.requests}); measured ${pct(c.measured.hitRatio)}; difference ${(c.difference * 100).toFixed(2)} points`,
    );
  }
  if (row.energy)
    lines.push(
      `  energy      ${row.energy.joulesPerRequest.toPrecision(3)} J/request (CPU ${row.energy.basis.cpuSeconds.toFixed(2)} s, ${b.cpuSource ?? "modelled"})`,
    );
  for (const n of b.notes) lines.push(`  note: ${n}`);
  if (b.firstError) lines.push(`  first error: ${b.firstError}`);
  return `${lines.join("\n")}\n`;
}
