// The Markdown report of a small hand-made result (test/report/fixture.ts): lru, s3fifo and belady
// at 10 and 50 objects over 1,000 requests and 200 objects, with 600/500/400 and 400/300/250
// misses. Every number below is worked out by hand from those counts.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/report/markdown.js";
import { loaded, row, simResult, small } from "./fixture.js";

const md = (rs: object[], reference = "lru") =>
  renderMarkdown(
    rs.map((r, i) => loaded(r, `r${i + 1}.json`)),
    { reference },
  );

describe("Markdown report", () => {
  const text = md([small()]);
  const lines = text.split("\n");

  it("states the floor (200 objects / 1,000 requests) and the best pair of each capacity, Belady aside", () => {
    expect(text).toContain(
      "Compulsory-miss floor: **0.2000** (200 objects first requested in 1,000 requests): no cache misses less.",
    );
    expect(text).toContain("**Best:** s3fifo at 10 obj (miss ratio 0.5000); s3fifo at 50 obj (miss ratio 0.3000)");
  });

  it("a policy × capacity grid with the best cell bold and starred", () => {
    const at = lines.indexOf("### Miss ratio by policy and capacity");
    expect(lines.slice(at + 2, at + 7)).toEqual([
      "| policy | 10 obj | 50 obj |",
      "| :--- | ---: | ---: |",
      "| lru | 0.6000 | 0.4000 |",
      "| s3fifo | **0.5000** ★ | **0.3000** ★ |",
      "| belady | 0.4000 | 0.2500 |",
    ]);
  });

  it("deltas against LRU and against Belady at the same capacity, absolute and relative", () => {
    const at = lines.indexOf("### Pairs");
    expect(lines.slice(at + 2, at + 10)).toEqual([
      "| policy | capacity | miss ratio | Δ vs lru | Δ vs belady | hit ratio | J/request |",
      "| :--- | :--- | ---: | ---: | ---: | ---: | ---: |",
      // 0.5 − 0.6 = −0.1, −0.1 / 0.6 = −16.7 %; 0.6 − 0.4 = 0.2, 0.2 / 0.4 = 50 %
      "| lru | 10 obj | 0.6000 | reference | +0.2000 (+50.0%) | 0.4000 | 0.0600 |",
      "| s3fifo | 10 obj | **0.5000** ★ | -0.1000 (-16.7%) | +0.1000 (+25.0%) | 0.5000 | 0.0500 |",
      "| belady | 10 obj | 0.4000 | -0.2000 (-33.3%) | optimal | 0.6000 | 0.0400 |",
      // −0.1 / 0.4 = −25 %; 0.15 / 0.25 = 60 %; 0.05 / 0.25 = 20 %; −0.15 / 0.4 = −37.5 %
      "| lru | 50 obj | 0.4000 | reference | +0.1500 (+60.0%) | 0.6000 | 0.0400 |",
      "| s3fifo | 50 obj | **0.3000** ★ | -0.1000 (-25.0%) | +0.0500 (+20.0%) | 0.7000 | 0.0300 |",
      "| belady | 50 obj | 0.2500 | -0.1500 (-37.5%) | optimal | 0.7500 | 0.0250 |",
    ]);
  });

  it("another reference row: --reference s3fifo", () => {
    const t = md([small()], "s3fifo");
    // lru at 10: 0.6 − 0.5 = +0.1, +20 %
    expect(t).toContain("| lru | 10 obj | 0.6000 | +0.1000 (+20.0%) | +0.2000 (+50.0%) |");
    expect(t).toContain("| s3fifo | 10 obj | **0.5000** ★ | reference |");
  });

  it("no reference and no Belady column when the run has neither; byte miss ratio only in bytes", () => {
    const r = simResult({
      rows: [
        row({
          eviction: "fifo",
          capacity: 4096,
          capacityText: "4KiB",
          unit: "bytes",
          misses: 500,
          byteRequests: 8000,
          byteMisses: 2000,
        }),
        row({
          eviction: "sieve",
          capacity: 4096,
          capacityText: "4KiB",
          unit: "bytes",
          misses: 400,
          byteRequests: 8000,
          byteMisses: 3000,
        }),
      ],
    });
    const t = md([r]);
    expect(t).toContain("| policy | capacity | miss ratio | byte miss ratio | hit ratio |");
    expect(t).toContain("| fifo | 4 KiB | 0.5000 | 0.2500 | 0.5000 |");
    expect(t).toContain("| sieve | 4 KiB | **0.4000** ★ | 0.3750 | 0.6000 |");
    expect(t).not.toContain("Δ");
  });

  it("several results: a comparison of the pairs they share, first → last", () => {
    const before = small();
    const after = simResult({
      startedAt: "2026-12-03T10:00:00.000Z",
      rows: [
        row({ eviction: "lru", capacity: 10, misses: 550 }),
        row({ eviction: "sieve", capacity: 10, misses: 450 }),
      ],
    });
    const t = md([before, after]).split("\n");
    const at = t.indexOf("## Comparison");
    expect(t.slice(at + 2, at + 5)).toEqual([
      "| pair | #1 miss ratio | #2 miss ratio | Δ #2 vs #1 |",
      "| :--- | ---: | ---: | ---: |",
      // 0.55 − 0.6 = −0.05, −0.05 / 0.6 = −8.3 %
      "| lru @ 10 obj | 0.6000 | 0.5500 | -0.0500 (-8.3%) |",
    ]);
    expect(t.filter((l) => l.startsWith("## small"))).toHaveLength(2);
  });

  it("escapes a | in a policy label so the table keeps its columns", () => {
    const r = simResult({ rows: [row({ eviction: "my|policy", capacity: 10, misses: 1 })] });
    expect(md([r])).toContain("| my\\|policy | 10 obj | 0.0010 |");
  });

  it("cluster rows: tiers, per-node load and phases tables", () => {
    const extra = {
      cluster: { nodes: 2, placement: "ring", replication: 1, clients: 4, l1: null },
      nodes: [
        { name: "node-1", requests: 600, hits: 300, misses: 300, byteRequests: 600, evictions: 0, loadShare: 0.6 },
        { name: "node-2", requests: 400, hits: 200, misses: 200, byteRequests: 400, evictions: 0, loadShare: 0.4 },
      ],
      tiers: {
        l1: { requests: 1000, hits: 0, hitRatio: 0 },
        l2: { requests: 1000, hits: 500, hitRatio: 0.5 },
        backend: { fetches: 500, bytes: 500 },
        staleReads: 3,
        invalidations: { messages: 0, bytes: 0 },
        failovers: 7,
      },
      phases: [
        {
          index: 0,
          event: "start",
          atRequest: 0,
          requests: 500,
          hits: 250,
          misses: 250,
          hitRatioBefore: null,
          lowestHitRatio: 0.1,
          recoveryRequests: null,
          keysRemapped: 0,
        },
        {
          index: 1,
          event: "down node-2",
          atRequest: 500,
          requests: 500,
          hits: 250,
          misses: 250,
          hitRatioBefore: 0.5,
          lowestHitRatio: 0.2,
          recoveryRequests: 120,
          keysRemapped: 90,
        },
      ],
    };
    const t = md([simResult({ rows: [row({ eviction: "lru", capacity: 10, misses: 500, extra })] })]);
    expect(t).toContain("| lru ring×2 @ 10 obj | 0.0000 | 0.5000 | 500 | 3 | 0 | 7 |");
    expect(t).toContain("| lru ring×2 @ 10 obj | 60.0% | 40.0% |");
    expect(t).toContain("| 1 | down node-2 | 500 | 500 | 0.5000 | 0.2000 | 120 | 90 |  |");
    expect(t).toContain("| 0 | start | 0 | 500 | — | 0.1000 | never | 0 |  |");
  });
});
