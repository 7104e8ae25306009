// A live run beside its simulation in one report (what `cachelab demo` writes): the real bench fixture
// (quickstart, lru at 1 %, 2,000 measured requests, 67 hits: 0.0335, p50 0.491775 / p99 4.816895 ms,
// 3,955 requests/s) paired with a hand-made simulate result of the same scenario whose lru 1 % row
// has 329 hits of 1,000 (0.3290), and a --compare-sim prediction of 70 hits of 2,000 (0.0350).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/html/page.js";
import { liveVsSim, liveVsSimTable } from "../../src/report/live-vs-sim.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { FIXTURES } from "../commands/run.js";
import { loaded, row, simResult } from "./fixture.js";

const BENCH = JSON.parse(readFileSync(`${FIXTURES}../results/bench-quickstart.json`, "utf8"));
const withPrediction = () => {
  const b = structuredClone(BENCH);
  b.bench.compareSim = {
    predicted: { requests: 2000, hits: 70, misses: 1930, hitRatio: 0.035, nodes: [] },
    measured: { requests: 2000, hits: 67, misses: 1933, errors: 0, hitRatio: 0.0335 },
    difference: -0.0015,
  };
  return b;
};
const sim = (name = "quickstart") =>
  simResult({
    name,
    requests: 1_000_000,
    rows: [
      row({ eviction: "lru", capacity: 1441, capacityText: "1%", misses: 671 }),
      row({ eviction: "lru", capacity: 14418, capacityText: "10%", misses: 429 }),
      row({ eviction: "s3fifo", capacity: 1441, capacityText: "1%", misses: 568 }),
    ],
  });

describe("live run beside the simulation", () => {
  it("pairs the bench row with the simulate row of the same scenario, policy and capacity as written", () => {
    const pairs = liveVsSim([loaded(sim(), "s.json"), loaded(withPrediction(), "b.json")]);
    expect(pairs).toEqual([
      {
        config: "lru at 1%",
        simulatePath: "s.json",
        benchPath: "b.json",
        simulated: { requests: 1000, hitRatio: 0.329, p99Ms: null },
        sameRequests: { requests: 2000, hitRatio: 0.035 },
        measured: {
          requests: 2000,
          hitRatio: 0.0335,
          errors: 0,
          p50Ms: 0.491775,
          p99Ms: 4.816895,
          throughputPerS: 3955,
        },
      },
    ]);
    expect(liveVsSimTable(pairs).body).toEqual([
      [
        "lru at 1%",
        "0.3290 (1,000 requests)",
        "0.0350 (2,000 requests)",
        "**0.0335** (2,000 requests)",
        "-0.15 points",
        "— (not modelled)",
        "0.49 / 4.82",
        "3,955",
        "0",
      ],
    ]);
  });

  it("nothing to pair: another scenario, or no simulate result", () => {
    expect(liveVsSim([loaded(sim("other"), "s.json"), loaded(BENCH, "b.json")])).toEqual([]);
    expect(liveVsSim([loaded(BENCH, "b.json"), loaded(BENCH, "c.json")])).toEqual([]);
  });

  it("without --compare-sim the same-requests columns say so", () => {
    const [p] = liveVsSim([loaded(sim(), "s.json"), loaded(BENCH, "b.json")]);
    expect(p.sameRequests).toBeNull();
    expect(liveVsSimTable([p]).body[0].slice(2, 5)).toEqual(["—", "**0.0335** (2,000 requests)", "—"]);
  });

  it("Markdown and HTML show the table in the comparison, before the results", () => {
    const inputs = [loaded(sim(), "s.json"), loaded(withPrediction(), "b.json")];
    const md = renderMarkdown(inputs, { reference: "lru" });
    expect(md).toContain("## Live run beside the simulation (same scenario and configuration)");
    expect(md).toContain(
      "| lru at 1% | 0.3290 (1,000 requests) | 0.0350 (2,000 requests) | **0.0335** (2,000 requests) | -0.15 points | — (not modelled) | 0.49 / 4.82 | 3,955 | 0 |",
    );
    expect(md.indexOf("Live run beside")).toBeLessThan(md.indexOf("## quickstart"));
    const html = renderHtml(inputs, { reference: "lru" });
    expect(html).toContain('<div class="live-vs-sim"><h4>Live run beside the simulation');
    expect(html).toContain('<td class="num"><strong>0.0335</strong> (2,000 requests)</td>');
    expect(renderHtml([loaded(sim(), "s.json")], { reference: "lru" })).not.toContain("live-vs-sim");
  });
});
