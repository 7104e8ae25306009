// Terminal tables for cluster rows (docs/cluster.md): one line per configuration with what the
// single-cache table cannot show (placement, nodes, R, near cache, tier hit ratios, stale reads,
// invalidations, failovers, the busiest node's load against the mean, latency), then, for rows
// with events, their phases (the dip and the recovery). Rows without cluster fields print nothing.
import type { ResultRow } from "../sim/result.js";
import type { Metric } from "./metrics.js";
import { renderTable } from "./table.js";

type Row = ResultRow;

const text = (key: string, header: string, get: (r: Row) => string): Metric => ({
  key,
  header,
  kind: "text",
  get: (r) => get(r as Row),
});
const num = (key: string, header: string, kind: Metric["kind"], get: (r: Row) => number): Metric => ({
  key,
  header,
  kind,
  get: (r) => get(r as Row),
});

/** Peak node load over the mean (1 = perfectly even), over the nodes that served requests. */
export function peakToMean(r: Row): number {
  const loads = (r.nodes ?? []).map((n) => n.requests).filter((x) => x > 0);
  if (loads.length === 0) return 0;
  const mean = loads.reduce((s, x) => s + x, 0) / loads.length;
  return Math.max(...loads) / mean;
}

function config(r: Row): string {
  const c = r.cluster!;
  const parts = [`${c.placement}×${c.nodes}`];
  if (c.replication > 1) parts.push(`R=${c.replication}`);
  if (c.l1) parts.push(`${c.clients}×L1 ${c.l1.policy} ${c.l1.capacityText} ${c.l1.invalidation}`);
  const cut = c.events?.find((e) => e.startsWith("cutover"));
  if (cut) parts.push(cut);
  return parts.join(" ");
}

export function clusterColumns(rows: Row[]): Metric[] {
  const cols: Metric[] = [
    text("eviction", "eviction", (r) => r.eviction),
    text("cluster", "cluster", config),
    num("hitRatio", "hit ratio", "ratio", (r) => r.hitRatio),
  ];
  if (rows.some((r) => r.cluster?.l1)) {
    cols.push(num("tiers.l1.hitRatio", "L1 hit", "ratio", (r) => r.tiers?.l1.hitRatio ?? 0));
    cols.push(num("tiers.l2.hitRatio", "L2 hit", "ratio", (r) => r.tiers?.l2.hitRatio ?? 0));
    cols.push(num("tiers.staleReads", "stale reads", "count", (r) => r.tiers?.staleReads ?? 0));
    cols.push(
      num("tiers.invalidations.messages", "invalidations", "count", (r) => r.tiers?.invalidations.messages ?? 0),
    );
  }
  cols.push(num("tiers.backend.fetches", "backend fetches", "count", (r) => r.tiers?.backend.fetches ?? 0));
  if (rows.some((r) => (r.cluster?.replication ?? 1) > 1))
    cols.push(num("tiers.failovers", "failovers", "count", (r) => r.tiers?.failovers ?? 0));
  cols.push(num("peakToMean", "peak/mean load", "rate", peakToMean));
  if (rows.some((r) => r.latency)) {
    cols.push(num("latency.p50Ms", "p50 ms", "rate", (r) => r.latency?.p50Ms ?? 0));
    cols.push(num("latency.p99Ms", "p99 ms", "rate", (r) => r.latency?.p99Ms ?? 0));
  }
  return cols;
}

const ratioOrDash = (x: number | null) => (x === null ? "–" : x.toFixed(4));

/** The phases of one row as a table. */
export function renderPhases(r: Row): string {
  const phases = r.phases ?? [];
  const head = ["phase", "at request", "requests", "hit before", "lowest hit", "recovery", "keys remapped"];
  const lat = phases.some((p) => p.latency);
  if (lat) head.push("p99 ms");
  const body = phases.map((p) => {
    const cells = [
      p.event,
      p.atRequest.toLocaleString("en-US"),
      p.requests.toLocaleString("en-US"),
      ratioOrDash(p.hitRatioBefore),
      ratioOrDash(p.lowestHitRatio),
      p.recoveryRequests === null
        ? p.hitRatioBefore === null
          ? "–"
          : "never"
        : p.recoveryRequests.toLocaleString("en-US"),
      p.keysRemapped.toLocaleString("en-US"),
    ];
    if (lat) cells.push(p.latency ? p.latency.p99Ms.toFixed(2) : "–");
    return cells;
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (v: string[]) =>
    v
      .map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "─".repeat(w))), ...body.map(line)].join("\n");
}

/** The cluster tables of a result ("" when no row is a cluster row). */
export function renderClusterTables(rows: Row[]): string {
  const cluster = rows.filter((r) => r.cluster);
  if (cluster.length === 0) return "";
  const out = [renderTable(cluster, clusterColumns(cluster))];
  for (const r of cluster) {
    if ((r.phases?.length ?? 0) > 1)
      out.push(`\nphases of ${r.eviction} @ ${r.capacityText}, ${config(r)}:\n${renderPhases(r)}`);
  }
  return `\n${out.join("\n")}\n`;
}
