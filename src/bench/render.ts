// The plain-text summary `cachelab bench` prints: the target and load, the counts (requests = hits +
// misses + errors), throughput, latency percentiles, per-node hits, and the simulator's prediction
// beside the measurement when --compare-sim ran, and the scenario's events with one phase each (the
// simulator's phase columns: hit ratio before, the dip, requests to recover, plus errors).
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
  if (b.failovers > 0) lines.push(`  failovers   ${b.failovers} reads sent again to another copy (not errors)`);
  for (const e of b.events ?? [])
    lines.push(
      `  event       ${e.label.padEnd(20)} fired at request ${e.atRequest} (${e.atS.toFixed(2)} s)${
        e.error !== null
          ? `, failed: ${e.error}`
          : e.appliedS !== null
            ? `, in effect at request ${e.appliedAtRequest} (${e.appliedS.toFixed(2)} s)`
            : ""
      }${e.warm ? `, ${e.warm.copied} of ${e.warm.asked} hot keys copied` : ""}`,
    );
  if (row.phases && row.phases.length > 1) {
    const opt = (x: number | null, f: (v: number) => string) => (x === null ? "–" : f(x));
    lines.push(
      `  ${"phase".padEnd(24)} ${"from".padStart(9)} ${"requests".padStart(9)} ${"hit ratio".padStart(9)} ${"before".padStart(9)} ${"lowest".padStart(9)} ${"recovery".padStart(9)} ${"errors".padStart(7)}`,
    );
    for (const p of row.phases)
      lines.push(
        `  ${p.event.padEnd(24)} ${String(p.atRequest).padStart(9)} ${String(p.requests).padStart(9)} ${opt(p.requests > 0 ? p.hits / p.requests : null, pct).padStart(9)} ${opt(p.hitRatioBefore, pct).padStart(9)} ${opt(p.lowestHitRatio, pct).padStart(9)} ${opt(p.recoveryRequests, String).padStart(9)} ${String(p.errors).padStart(7)}`,
      );
  }
  for (const n of b.notes) lines.push(`  note: ${n}`);
  if (b.firstError) lines.push(`  first error: ${b.firstError}`);
  return `${lines.join("\n")}\n`;
}
