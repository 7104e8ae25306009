// A live bench result (kind "bench": a real `cachelab bench` of quickstart over 3 local nodes,
// 2,000 requests, kept as a fixture) reads back and renders like a simulate result: its rows are
// simulate rows plus errors and measured latency. Both renderers once took it for a plan and threw.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/html/page.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { FIXTURES } from "../commands/run.js";
import { loaded } from "./fixture.js";

const bench = JSON.parse(readFileSync(`${FIXTURES}../results/bench-quickstart.json`, "utf8"));

describe("report of a bench result", () => {
  it("Markdown: the pairs table with its measured latency and the per-node load", () => {
    const md = renderMarkdown([loaded(bench, "bench.json")], { reference: "lru" });
    const row = bench.results[0];
    expect(md).toContain(`| ${row.missRatio.toFixed(4)} | reference | ${row.hitRatio.toFixed(4)} |`);
    expect(md).toContain(`| ${row.latency.p99Ms.toPrecision(3)} |`);
    expect(md).toContain("### Per-node load");
    expect(md).toContain("| node0 | node1 | node2 |");
  });

  it("HTML: charts for its rows, no plan section", () => {
    const html = renderHtml([loaded(bench, "bench.json")], { reference: "lru" });
    expect(html).toContain('data-chart="');
    expect(html).not.toContain("Target hit ratio");
  });
});
