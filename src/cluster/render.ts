// Plain-text output of the cluster commands: the node table (up, status, add), the line to paste
// into a shell to talk to the cluster with redis-cli, and the rows of `cluster top` (the ink view in
// src/ui/cluster-top.tsx draws the same lines; --once prints them without loading ink).
import { formatBytes } from "../core/format-bytes.js";
import type { StatusResult } from "./manager.js";
import type { ClusterTop, NodeRow } from "./metrics.js";
import type { ClusterState, NodeState } from "./state.js";

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)].join("\n");
}

export function nodeTable(nodes: readonly (NodeState & { health?: string; detail?: string })[]): string {
  const withHealth = nodes.some((n) => n.health !== undefined);
  const head = ["node", "pid", "endpoint", "http", "eviction", "memory", ...(withHealth ? ["health"] : [])];
  const rows = nodes.map((n) => [
    n.name,
    String(n.pid),
    `${n.host}:${n.port}`,
    `http://${n.host}:${n.httpPort}/metrics`,
    n.eviction,
    formatBytes(n.memory),
    ...(withHealth ? [n.detail ? `${n.health} (${n.detail})` : (n.health ?? "")] : []),
  ]);
  return table(head, rows);
}

/** Is this a Redis Cluster (nodes redirect with -MOVED)? */
export function isSlots(placement: string): boolean {
  return /^(slots|redis|redis-cluster)(:|$)/.test(placement);
}

/** The redis-cli line: `-c` (follows -MOVED) for a slots cluster; else through `cachelab proxy`. */
export function redisCliLine(s: Pick<ClusterState, "placement" | "password" | "nodes">, proxyPort = 6380): string {
  const auth = s.password ? ` -a ${s.password} --no-auth-warning` : "";
  const first = s.nodes[0];
  if (isSlots(s.placement)) return `redis-cli -c -h ${first.host} -p ${first.port}${auth}`;
  return `redis-cli -p ${proxyPort}${auth}`;
}

export function upText(s: ClusterState, statePath: string, replacedStale: boolean): string {
  const lines = [
    ...(replacedStale ? [`note: replaced a stale state (every node in it was gone): ${statePath}`] : []),
    `cluster up: ${s.nodes.length} nodes, placement ${s.placement}, ${s.replicas} replica${s.replicas === 1 ? "" : "s"}, eviction ${s.eviction}, ${formatBytes(s.memory)} each`,
    nodeTable(s.nodes),
    "",
    ...(isSlots(s.placement)
      ? []
      : [`proxy:      cachelab proxy --port 6380   (routes by ${s.placement}; keep it running)`]),
    `redis-cli:  ${redisCliLine(s)}`,
    `state:      ${statePath} (mode 0600)`,
    "stop it:    cachelab cluster down",
  ];
  return `${lines.join("\n")}\n`;
}

export function statusText(r: StatusResult): string {
  const lines = [
    `${r.up} of ${r.nodes.length} nodes up · placement ${r.placement} · ${r.replicas} replica${r.replicas === 1 ? "" : "s"} · generation ${r.generation}`,
    nodeTable(r.nodes),
  ];
  if (r.proxy) lines.push("", `proxy: pid ${r.proxy.pid}, ${r.proxy.host}:${r.proxy.port}, ${r.proxy.health}`);
  const dead = r.nodes.filter((n) => n.health === "dead");
  if (dead.length === r.nodes.length)
    lines.push("", `every node is gone: the state is stale; clean it up with: cachelab cluster down`);
  return `${lines.join("\n")}\n`;
}

// ——— cluster top ———

export const COLUMNS = ["node", "status", "ops/s", "hit ratio", "p99", "memory", "keys", "evictions"] as const;
const WIDTHS = [8, 18, 8, 9, 8, 19, 8, 14];

export function fmtOps(x: number | null): string {
  if (x === null) return "–";
  return x >= 10_000 ? `${(x / 1000).toFixed(1)} k` : Math.round(x).toLocaleString("en-US");
}

export function fmtRatio(x: number | null): string {
  return x === null ? "–" : `${(100 * x).toFixed(1)} %`;
}

export function fmtMs(x: number | null): string {
  if (x === null) return "–";
  return x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(x < 10 ? 1 : 0)} ms`;
}

export function cells(r: NodeRow): string[] {
  const mem = r.memory === null ? "–" : `${formatBytes(r.memory)} / ${formatBytes(r.maxMemory ?? 0)}`;
  const ev =
    r.evictions === null
      ? "–"
      : `${r.evictions.toLocaleString("en-US")}${r.evictionsPerSec ? ` (+${fmtOps(r.evictionsPerSec)}/s)` : ""}`;
  return [
    r.name,
    r.status,
    fmtOps(r.opsPerSec),
    fmtRatio(r.hitRatio),
    fmtMs(r.p99Ms),
    mem,
    r.keys === null ? "–" : r.keys.toLocaleString("en-US"),
    ev,
  ];
}

export function line(cs: readonly string[]): string {
  return cs
    .map((c, i) => (i < 2 ? c.padEnd(WIDTHS[i]) : c.padStart(WIDTHS[i])))
    .join(" ")
    .trimEnd();
}

/** The table as plain text (also what --once prints). */
export function clusterTopText(top: ClusterTop): string {
  return [line(COLUMNS), ...top.nodes.map((r) => line(cells(r))), line(cells(top.totals))].join("\n");
}
