// The cluster top view (ink, drawn by ink-testing-library): the title, one row per node with its
// numbers formatted, a down node with its reason, the totals row; and the waiting state.
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import type { ClusterTop, NodeRow } from "../../../src/cluster/metrics.js";
import { ClusterTopView, clusterTopText } from "../../../src/ui/cluster-top.js";

const row = (name: string, o: Partial<NodeRow>): NodeRow => ({
  name,
  status: "up",
  opsPerSec: null,
  hitRatio: null,
  p99Ms: null,
  memory: null,
  maxMemory: null,
  keys: null,
  evictions: null,
  evictionsPerSec: null,
  ...o,
});

const top: ClusterTop = {
  at: Date.UTC(2026, 11, 2, 10, 30, 5),
  nodes: [
    row("node0", {
      opsPerSec: 12_345,
      hitRatio: 0.8512,
      p99Ms: 0.25,
      memory: 1 << 20,
      maxMemory: 64 << 20,
      keys: 5000,
      evictions: 12,
      evictionsPerSec: 3,
    }),
    row("node1", {
      opsPerSec: 800,
      hitRatio: 0.5,
      p99Ms: 1.5,
      memory: 2 << 20,
      maxMemory: 64 << 20,
      keys: 7000,
      evictions: 0,
      evictionsPerSec: 0,
    }),
    row("node2", { status: "down: ECONNREFUSED" }),
  ],
  totals: row("cluster", {
    status: "2/3 up",
    opsPerSec: 13_145,
    hitRatio: 0.84,
    p99Ms: 1.5,
    memory: 3 << 20,
    maxMemory: 128 << 20,
    keys: 12_000,
    evictions: 12,
    evictionsPerSec: 3,
  }),
};

describe("ClusterTopView", () => {
  it("draws every node, the down one with its reason, and the totals", () => {
    const v = render(<ClusterTopView top={top} title="3 nodes · slots · s3fifo · 64 MiB each" color={false} />);
    const lines = v.lastFrame()!.split("\n");
    expect(lines[0]).toBe("3 nodes · slots · s3fifo · 64 MiB each · 10:30:05 UTC");
    expect(lines[1]).toMatch(/^node\s+status\s+ops\/s\s+hit ratio\s+p99\s+memory\s+keys\s+evictions$/);
    expect(lines[2]).toMatch(/^node0\s+up\s+12\.3 k\s+85\.1 %\s+250 µs\s+1 MiB \/ 64 MiB\s+5,000\s+12 \(\+3\/s\)$/);
    expect(lines[3]).toMatch(/^node1\s+up\s+800\s+50\.0 %\s+1\.5 ms\s+2 MiB \/ 64 MiB\s+7,000\s+0$/);
    expect(lines[4]).toMatch(/^node2\s+down: ECONNREFUSED\s+–\s+–\s+–\s+–\s+–\s+–$/);
    expect(lines[5]).toMatch(
      /^cluster\s+2\/3 up\s+13\.1 k\s+84\.0 %\s+1\.5 ms\s+3 MiB \/ 128 MiB\s+12,000\s+12 \(\+3\/s\)$/,
    );
    expect(lines[6]).toContain("refreshed every second");
    v.unmount();
  });

  it("waits for the first scrape; the plain text (--once) has the same rows", () => {
    const v = render(<ClusterTopView top={null} title="t" color={false} />);
    expect(v.lastFrame()).toBe("t\nwaiting for the first scrape…");
    v.unmount();
    const text = clusterTopText(top).split("\n");
    expect(text).toHaveLength(5);
    expect(text[3]).toMatch(/^node2\s+down: ECONNREFUSED/);
  });
});
