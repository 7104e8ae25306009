// Plain-text output of the cluster commands: the node table (up, status, add) and the line to paste
// into a shell to talk to the cluster with redis-cli.
import { formatBytes } from "../core/format-bytes.js";
import type { StatusResult } from "./manager.js";
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

/** The redis-cli line: `-c` (follows -MOVED) for a slots cluster; else through `cachelab proxy`. */
export function redisCliLine(s: Pick<ClusterState, "placement" | "password" | "nodes">): string {
  const auth = s.password ? ` -a ${s.password} --no-auth-warning` : "";
  const first = s.nodes[0];
  if (s.placement === "slots" || s.placement.startsWith("slots:") || s.placement === "redis")
    return `redis-cli -c -h ${first.host} -p ${first.port}${auth}`;
  return `redis-cli -p 6380 (after: cachelab proxy --port 6380)`;
}

export function upText(s: ClusterState, statePath: string, replacedStale: boolean): string {
  const lines = [
    ...(replacedStale ? [`note: replaced a stale state (every node in it was gone): ${statePath}`] : []),
    `cluster up: ${s.nodes.length} nodes, placement ${s.placement}, ${s.replicas} replica${s.replicas === 1 ? "" : "s"}, eviction ${s.eviction}, ${formatBytes(s.memory)} each`,
    nodeTable(s.nodes),
    "",
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
