// mrc and plan results in the Markdown report, and a simulate result without rows in both formats.
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/html/page.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { loaded, mrcResult, planResult, simResult } from "./fixture.js";

const md = (r: object) => renderMarkdown([loaded(r, "x.json")], { reference: "lru" });

describe("Markdown of other result kinds", () => {
  it("mrc: the floor, then one row per size of the coarsest curve and a column per curve", () => {
    const t = md(mrcResult()).split("\n");
    expect(t).toContain(
      "100 requests, 10 objects, working set 10 B; compulsory-miss floor **0.1000** (10 first requests)",
    );
    const at = t.indexOf("| capacity | lru (exact-lru) | sieve (simulated) |");
    expect(t.slice(at + 1, at + 5)).toEqual([
      "| :--- | ---: | ---: |",
      "| 0 | 1.0000 | 1.0000 |",
      "| 2 | 0.5000 | 0.5000 |",
      "| 8 | 0.2000 | 0.2000 |",
    ]);
  });

  it("plan: one row per policy, the one with the least energy per month starred", () => {
    const t = md(planResult());
    expect(t).toContain("Target hit ratio **0.75**; best reachable 0.9000");
    // lru: 8 kWh/month (parts 1+1+2+4); sieve: half of it
    expect(t).toContain("| lru | 8 | 0.8000 exact | 1 | 8.00 |");
    expect(t).toContain("| **sieve** ★ | 6 | 0.7600 sim | 1 | 4.00 |");
    expect(t).toContain("★ least energy per month at the target.");
  });
});

describe("a simulate result without rows", () => {
  const empty = simResult({ rows: [] });
  it("Markdown says so", () => {
    expect(md(empty)).toContain("(no rows)");
  });
  it("HTML has no charts and is ready at once", () => {
    const page = renderHtml([loaded(empty)], { reference: "lru" });
    expect(page.includes("<canvas")).toBe(false);
    expect(page.includes('<script type="application/json" id="cachelab-data">{"charts":[]}</script>')).toBe(true);
  });
});
