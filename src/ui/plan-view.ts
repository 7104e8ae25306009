// A capacity plan as plain text: the facts it rests on, one row per policy, the energy split of
// each answer, and the curves it decided from.
import type { Plan } from "../analysis/plan.js";
import { formatBytes } from "../core/format-bytes.js";
import { curveChart, formatCapacity } from "./curve-chart.js";

const kwh = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));

function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return `${rows.map((r) => r.map((v, i) => (i === 0 ? v.padEnd(w[i]) : v.padStart(w[i]))).join("  ")).join("\n")}\n`;
}

export function renderPlan(p: Plan): string {
  const out: string[] = [];
  const e0 = p.rows[0]?.energy;
  out.push(
    `${p.name}: target hit ratio ${p.targetHitRatio}; ${p.requests.toLocaleString("en-US")} requests, ${p.objects.toLocaleString("en-US")} objects, working set ${formatBytes(p.workingSetBytes)}`,
    `best reachable hit ratio ${p.maxHitRatio.toFixed(4)} (compulsory-miss floor: ${p.compulsoryMisses.toLocaleString("en-US")} first requests)`,
    `node memory ${formatBytes(p.nodeMemoryBytes)}; request rate ${p.requestRatePerS.toFixed(1)}/s (${p.requestRateFrom})${e0 ? `; energy profile ${e0.profile}, cloud ${e0.cloud}, grid ${e0.region}, backend ${e0.backend}` : ""}`,
    "",
  );
  const cost = p.rows.some((r) => r.energy.perMonth.cost !== null);
  const cur = p.rows[0]?.energy.perMonth.currency ?? "";
  const head = ["policy", "capacity", "hit ratio", "nodes", "kWh/month", "kgCO2e/month"];
  if (cost) head.push(`${cur}/month`);
  head.push("energy-optimal capacity", "its hit ratio", "its kWh/month");
  const rows = [head];
  for (const r of p.rows) {
    const m = r.energy.perMonth;
    const cells = [
      r.policy,
      `${formatCapacity(r.capacity, p.unit)}${p.unit === "objects" ? ` (${formatBytes(r.capacityBytes)})` : ""}`,
      `${r.hitRatio.toFixed(4)}${r.basis === "exact-lru" ? " exact" : " sim"}`,
      String(r.nodes),
      kwh(m.kWh.total),
      (m.gCO2e / 1000).toFixed(2),
    ];
    if (cost) cells.push(m.cost === null ? "" : m.cost.toFixed(2));
    const o = r.energyOptimal;
    cells.push(formatCapacity(o.capacity, p.unit), o.hitRatio.toFixed(4), kwh(o.energy.perMonth.kWh.total));
    rows.push(cells);
  }
  out.push(table(rows));
  out.push("energy per month at the target, split (kWh, PUE included):");
  const split = [["policy", "cpu", "memory", "network", "backend", "total", "J/request"]];
  for (const r of p.rows) {
    const k = r.energy.perMonth.kWh;
    split.push([
      r.policy,
      kwh(k.cpu),
      kwh(k.memory),
      kwh(k.network),
      kwh(k.backend),
      kwh(k.total),
      r.energy.joulesPerRequest.toPrecision(3),
    ]);
  }
  out.push(table(split));
  for (const n of p.notes) out.push(`note: ${n}`);
  out.push("", "the curves this plan decided from:", curveChart(p.curves));
  out.push("Energy is estimated, not metered: see docs/energy.md for the model and every coefficient's source.");
  return `${out.join("\n")}\n`;
}
