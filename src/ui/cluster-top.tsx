// `cachelab cluster top`: a live table of the cluster, one row per node and a totals row — ops/s, hit
// ratio, p99 latency, memory (used / limit), keys, evictions (total and per second) — refreshed every
// second from each node's /metrics (src/cluster/metrics.ts computes the rows; this view only draws
// them). A node that does not answer is shown down, with the reason, in red.
import { Box, Text } from "ink";
import type { ClusterTop } from "../cluster/metrics.js";
import { COLUMNS, cells, line } from "../cluster/render.js";

export { clusterTopText } from "../cluster/render.js";

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
