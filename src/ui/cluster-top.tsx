// `cachelab cluster top`: a live table of the cluster, one row per node and a totals row — ops/s, hit
// ratio, p99 latency, memory (used / limit), keys, evictions (total and per second) — refreshed every
// second from each node's /metrics (src/cluster/metrics.ts computes the rows; this view only draws
// them). A node that does not answer is shown down, with the reason, in red.
import { Box, Text } from "ink";
import type { ClusterTop, NodeRow } from "../cluster/metrics.js";
import { formatBytes } from "../core/format-bytes.js";

const COLUMNS = ["node", "status", "ops/s", "hit ratio", "p99", "memory", "keys", "evictions"] as const;
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

function cells(r: NodeRow): string[] {
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

function line(cs: readonly string[]): string {
  return cs
    .map((c, i) => (i < 2 ? c.padEnd(WIDTHS[i]) : c.padStart(WIDTHS[i])))
    .join(" ")
    .trimEnd();
}

/** The table as plain text (also what --once prints). */
export function clusterTopText(top: ClusterTop): string {
  return [line(COLUMNS), ...top.nodes.map((r) => line(cells(r))), line(cells(top.totals))].join("\n");
}

export function ClusterTopView({
  top,
  title,
  color = true,
}: {
  top: ClusterTop | null;
  /** e.g. "3 nodes · slots · s3fifo · 64 MiB each". */
  title: string;
  color?: boolean;
}) {
  if (!top)
    return (
      <Box flexDirection="column">
        <Text bold={color}>{title}</Text>
        <Text>waiting for the first scrape…</Text>
      </Box>
    );
  return (
    <Box flexDirection="column">
      <Text bold={color}>
        {title} · {new Date(top.at).toISOString().slice(11, 19)} UTC
      </Text>
      <Text dimColor={color}>{line(COLUMNS)}</Text>
      {top.nodes.map((r) => (
        <Text key={r.name} color={color && r.status !== "up" ? "red" : undefined}>
          {line(cells(r))}
        </Text>
      ))}
      <Text bold={color}>{line(cells(top.totals))}</Text>
      <Text dimColor={color}>refreshed every second from each node's /metrics · q or Ctrl-C quits</Text>
    </Box>
  );
}

/**
 * Draws the live view until q, Ctrl-C or SIGTERM: every `intervalMs` a new scrape (`next`) is
 * folded into the view. Resolves once the terminal is left clean.
 */
export async function mountClusterTop(title: string, next: () => Promise<ClusterTop>, intervalMs = 1000) {
  const { render } = await import("ink");
  let top: ClusterTop | null = null;
  const app = render(<ClusterTopView top={top} title={title} />, { exitOnCtrlC: false });
  let stop: () => void = () => {};
  const stopped = new Promise<void>((r) => {
    stop = r;
  });
  const onKey = (d: Buffer) => {
    const s = d.toString();
    if (s === "q" || s === "\u0003") stop();
  };
  const stdin = process.stdin;
  if (stdin.isTTY) {
    stdin.setRawMode(true);
    stdin.on("data", onKey);
  }
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let running = true;
  const loop = (async () => {
    while (running) {
      top = await next();
      if (!running) break;
      app.rerender(<ClusterTopView top={top} title={title} />);
      await Promise.race([new Promise((r) => setTimeout(r, intervalMs)), stopped]);
    }
  })();
  await stopped;
  running = false;
  await loop;
  if (stdin.isTTY) {
    stdin.off("data", onKey);
    stdin.setRawMode(false);
    stdin.pause();
  }
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  app.unmount();
}
