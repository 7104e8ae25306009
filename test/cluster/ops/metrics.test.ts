// cluster top's numbers from two /metrics scrapes, hand-worked: rates over the interval, the hit
// ratio of the interval (all time when it had no lookups), p99 from the difference of the latency
// histograms (the bucket's upper bound), totals (sums, pooled hit ratio, worst p99), a down node.
import { describe, expect, it } from "vitest";
import { histogramQuantile, nodeRow, parsePrometheus, toSample, totalsRow } from "../../../src/cluster/metrics.js";

const scrape = (commands: number, hits: number, misses: number, evictions: number, buckets: number[]) =>
  [
    "# HELP cachelab_node_commands_total Commands",
    "# TYPE cachelab_node_commands_total counter",
    `cachelab_node_commands_total ${commands}`,
    `cachelab_node_keyspace_hits_total ${hits}`,
    `cachelab_node_keyspace_misses_total ${misses}`,
    `cachelab_node_evicted_keys_total ${evictions}`,
    "cachelab_node_memory_used_bytes 1048576",
    "cachelab_node_memory_max_bytes 8388608",
    "cachelab_node_keys 1000",
    'process_cpu_seconds_total{x="y z"} 1.5',
    ...["0.0001", "0.001", "0.01", "+Inf"].map(
      (le, i) => `cachelab_node_command_duration_seconds_bucket{le="${le}"} ${buckets[i]}`,
    ),
    "",
  ].join("\n");

describe("cluster top metrics", () => {
  it("parses Prometheus text: labels kept in the name, comments skipped", () => {
    const m = parsePrometheus(scrape(10, 1, 2, 3, [1, 2, 3, 4]));
    expect(m.get("cachelab_node_commands_total")).toBe(10);
    expect(m.get('process_cpu_seconds_total{x="y z"}')).toBe(1.5);
    expect(m.get('cachelab_node_command_duration_seconds_bucket{le="+Inf"}')).toBe(4);
  });

  it("p99 of the observations between two histograms: the upper bound of the bucket holding rank 0.99·n", () => {
    const le = [0.0001, 0.001, 0.01, Number.POSITIVE_INFINITY];
    // 100 new observations: 90 ≤ 0.1 ms, 8 in (0.1, 1] ms, 2 in (1, 10] ms → rank 99 is in the 10 ms bucket
    expect(histogramQuantile(le, [10, 10, 10, 10], [100, 108, 110, 110], 0.99)).toBe(0.01);
    // 98 in the first bucket, 1 in the second: rank 99 → 1 ms
    expect(histogramQuantile(le, null, [98, 99, 100, 100], 0.99)).toBe(0.001);
    expect(histogramQuantile(le, [5, 5, 5, 5], [5, 5, 5, 5], 0.99)).toBeNull();
  });

  it("a node's row over one second, and the cluster totals with a node down", () => {
    const a0 = toSample(parsePrometheus(scrape(1000, 100, 100, 5, [0, 0, 0, 0])), 10_000);
    const a1 = toSample(parsePrometheus(scrape(3000, 400, 200, 25, [90, 98, 100, 100])), 12_000);
    const r = nodeRow("node0", a0, a1);
    expect(r).toMatchObject({ status: "up", opsPerSec: 1000, evictions: 25, evictionsPerSec: 10, memory: 1048576 });
    expect(r.hitRatio).toBeCloseTo(300 / 400, 12); // 300 hits, 100 misses in the interval
    // 100 observations: 90 ≤ 0.1 ms, 8 ≤ 1 ms, 2 ≤ 10 ms → rank 99 in the 10 ms bucket
    expect(r.p99Ms).toBe(10);
    // no lookups in the interval: all-time ratio
    expect(nodeRow("node0", a1, a1).hitRatio).toBeCloseTo(400 / 600, 12);
    const b1 = toSample(parsePrometheus(scrape(500, 0, 100, 0, [1, 1, 1, 1])), 12_000);
    const b0 = toSample(parsePrometheus(scrape(100, 0, 0, 0, [0, 0, 0, 0])), 10_000);
    const rows = [r, nodeRow("node1", b0, b1), nodeRow("node2", null, null, "ECONNREFUSED")];
    expect(rows[2]).toMatchObject({ status: "down: ECONNREFUSED", opsPerSec: null });
    const t = totalsRow(rows, [a0, b0, null], [a1, b1, null]);
    expect(t.status).toBe("2/3 up");
    expect(t.opsPerSec).toBe(1200);
    expect(t.hitRatio).toBeCloseTo(300 / 500, 12); // pooled: 300 hits of 500 lookups
    expect(t.p99Ms).toBe(10); // the worst node's
    expect(t.memory).toBe(2 * 1048576);
  });
});
