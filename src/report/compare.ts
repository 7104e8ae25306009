// What every report view (terminal table, Markdown, HTML) derives from a simulate result in the same
// way: rows grouped by capacity, the best row of each capacity, the reference row a delta is taken
// against (LRU by default; Belady when the run has it), the compulsory-miss floor, and the optional
// fields of cluster rows (`latency`, `nodes`, `tiers`, `phases`: src/sim/result.ts), read
// defensively so results written before they existed still render.
import type { ResultRow, RunResult } from "../sim/result.js";
import { capacityLabel } from "./metrics.js";

// the cluster row fields are the simulator's own types (src/sim/result.ts), under the names the views use
export type {
  ClusterInfo,
  LatencySummary,
  NodeRow as NodeLoad,
  PhaseRow as Phase,
  TierCounts as Tiers,
} from "../sim/result.js";

import type {
  ClusterInfo,
  LatencySummary,
  NodeRow as NodeLoad,
  PhaseRow as Phase,
  TierCounts as Tiers,
} from "../sim/result.js";

/** A result row with the optional fields of cluster runs. */
export type Row = ResultRow & {
  cluster?: ClusterInfo;
  nodes?: NodeLoad[];
  tiers?: Tiers;
  phases?: Phase[];
  latency?: LatencySummary;
};

/** "lru", "s3fifo+tinylfu", and the cluster's placement and node count when present. */
export function rowLabel(r: Row): string {
  const base = r.eviction + (r.admission ? `+${r.admission}` : "");
  return r.cluster ? `${base} ${r.cluster.placement}×${r.cluster.nodes}` : base;
}

/** The key rows of two results are matched by (same configuration = same key). */
export function configKey(r: Row): string {
  const c = r.cluster;
  return [
    r.eviction,
    r.admission ?? "",
    r.capacityText,
    r.capacity,
    c ? `${c.placement}/${c.nodes}/${c.replication}/${c.clients}/${c.l1?.policy ?? ""}` : "",
  ].join("|");
}

export interface CapacityGroup {
  /** Capacity in the run's unit. */
  capacity: number;
  /** "1% (1441 obj)" */
  label: string;
  rows: Row[];
  /**
   * The row with the lowest miss ratio (the first one on a tie), oracle policies (Belady) left out
   * unless the group has nothing else: they are the bound, not a configuration to deploy. Null when
   * the group is empty.
   */
  best: Row | null;
}

/** Rows grouped by capacity, in the order capacities first appear. */
export function byCapacity(rows: readonly Row[]): CapacityGroup[] {
  const groups = new Map<string, CapacityGroup>();
  for (const r of rows) {
    const key = `${r.capacity}|${r.capacityText}`;
    let g = groups.get(key);
    if (!g) {
      g = { capacity: r.capacity, label: capacityLabel(r), rows: [], best: null };
      groups.set(key, g);
    }
    g.rows.push(r);
  }
  for (const g of groups.values()) {
    const real = g.rows.filter((r) => !ORACLES.includes(r.policy));
    for (const r of real.length > 0 ? real : g.rows) if (g.best === null || r.missRatio < g.best.missRatio) g.best = r;
  }
  return [...groups.values()];
}

/**
 * Whether a row is marked best in its group: it has the best miss ratio (ties are all marked) among
 * several rows, and is not an oracle unless the best is one.
 */
export function marksBest(r: Row, g: CapacityGroup): boolean {
  const b = g.best;
  if (b === null || g.rows.length < 2 || r.missRatio !== b.missRatio) return false;
  return ORACLES.includes(b.policy) || !ORACLES.includes(r.policy);
}

/** Oracle policies a delta "against Belady" is taken against. */
export const ORACLES = ["belady", "beladySize"];

/**
 * The row of `group` that `ref` names: by eviction label or policy name, a row without an
 * admission filter first. Null when none.
 */
export function referenceRow(group: CapacityGroup, ref: string): Row | null {
  const named = group.rows.filter((r) => r.eviction === ref || r.policy === ref);
  return named.find((r) => r.admission === null) ?? named[0] ?? null;
}

/** The Belady row of a group, if the run has one. */
export function beladyRow(group: CapacityGroup): Row | null {
  for (const o of ORACLES) {
    const r = referenceRow(group, o);
    if (r) return r;
  }
  return null;
}

/** The change of a miss ratio against a reference: absolute, and relative (null when the reference is 0). */
export function delta(value: number, ref: number): { abs: number; rel: number | null } {
  return { abs: value - ref, rel: ref === 0 ? null : (value - ref) / ref };
}

/** "-0.1037 (-15.4%)", "+0.0000 (+0.0%)" */
export function formatDelta(d: { abs: number; rel: number | null }): string {
  const sign = (x: number) => (x < 0 ? "-" : "+");
  // a rounding that shows -0.0000 is shown as +0.0000
  const abs = Math.abs(d.abs) < 5e-5 ? "+0.0000" : `${sign(d.abs)}${Math.abs(d.abs).toFixed(4)}`;
  if (d.rel === null) return abs;
  const rel = Math.abs(d.rel) < 5e-4 ? "+0.0%" : `${sign(d.rel)}${(Math.abs(d.rel) * 100).toFixed(1)}%`;
  return `${abs} (${rel})`;
}

/**
 * The compulsory-miss floor of a simulate result: the share of requests that are first requests of
 * an object (what an infinite cache misses), over the whole trace. With a warm-up the counted part's
 * floor is lower (objects first seen during warm-up are not compulsory misses afterwards); `overWhole`
 * says so.
 */
export function compulsoryFloor(r: Pick<RunResult, "trace" | "warmupRequests">): {
  ratio: number;
  objects: number;
  requests: number;
  overWhole: boolean;
} | null {
  if (r.trace.requests === 0) return null;
  return {
    ratio: r.trace.objects / r.trace.requests,
    objects: r.trace.objects,
    requests: r.trace.requests,
    overWhole: r.warmupRequests > 0,
  };
}

/** True when the byte miss ratio only repeats the miss ratio (objects unit, or every object the same size). */
export function byteMissRepeats(rows: readonly Row[]): boolean {
  return rows.every((r) => r.byteMissRatio === r.missRatio);
}

/** Evictions in the order they first appear. */
export function evictionsOf(rows: readonly Row[]): string[] {
  return [...new Set(rows.map(rowLabel))];
}

/** Energy split into J/request by part (facility energy, PUE included), from a row's `energy`. */
export function joulesSplit(r: Row): { cpu: number; memory: number; network: number; backend: number } | null {
  const e = r.energy;
  if (!e) return null;
  const k = e.run.kWh;
  const share = (x: number) => (k.total > 0 ? (x / k.total) * e.joulesPerRequest : 0);
  return { cpu: share(k.cpu), memory: share(k.memory), network: share(k.network), backend: share(k.backend) };
}
