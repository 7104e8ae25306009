// The HTML report's structure, without a browser (test/e2e/report-html.test.ts draws it in
// Chromium): one canvas per chart spec, the data as JSON, Chart.js inlined, nothing fetched.
import { describe, expect, it } from "vitest";
import { chartJsSource } from "../../src/report/html/chartjs.js";
import { esc, renderHtml, scriptJson } from "../../src/report/html/page.js";
import { loaded, row, simResult, small } from "./fixture.js";

const html = (rs: object[]) =>
  renderHtml(
    rs.map((r, i) => loaded(r, `r${i + 1}.json`)),
    { reference: "lru" },
  );

function dataOf(page: string): { charts: { id: string; kind: string }[] } {
  const m = page.match(/<script type="application\/json" id="cachelab-data">(.*?)<\/script>/s);
  if (!m) throw new Error("no data block");
  return JSON.parse(m[1]);
}

describe("HTML report", () => {
  const withSeries = simResult({
    rows: [
      row({ eviction: "lru", capacity: 10, misses: 600, series: [0.7, 0.6, 0.5] }),
      row({ eviction: "sieve", capacity: 10, misses: 500, series: [0.6, 0.5, 0.4] }),
    ],
  });
  const page = html([small(), withSeries]);

  it("one canvas per chart in the data block, ids matching", () => {
    const { charts } = dataOf(page);
    const canvases = [...page.matchAll(/<canvas id="chart-([^"]+)" data-chart="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(canvases).toEqual(charts.map((c) => [c.id, c.kind]));
    // comparison, then small: mrc + energy, then the second: a bar of miss ratio + hit ratio over time
    expect(charts.map((c) => c.id)).toEqual(["compare", "r0-mrc", "r0-energy", "r1-mrc", "r1-time-0"]);
  });

  it("self-contained: Chart.js inline, a CSP that forbids every fetch, no external reference", () => {
    expect(page.includes("Chart.js v4")).toBe(true);
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    );
    // the page around Chart.js's source (whose code mentions such words) references nothing outside
    const own = page.replace(chartJsSource(), "");
    expect(own.length).toBeLessThan(page.length - 100_000);
    expect(/<script[^>]+src=|<link\b|<img\b|<iframe\b|url\(|https?:/i.test(own)).toBe(false);
    // exactly three scripts: the data, Chart.js, the drawing script
    expect(page.match(/<script\b/g)).toHaveLength(3);
  });

  it("the tables of the Markdown report, as HTML, with the best cell in bold", () => {
    expect(page).toContain('<td class="num"><strong>0.5000</strong> ★</td>');
    expect(page).toContain('<td class="num">-0.1000 (-16.7%)</td>');
  });

  it("the same results give the same bytes (no clock in the page)", () => {
    expect(html([small(), withSeries])).toBe(page);
  });

  it("a name that tries to close the script or inject markup stays text", () => {
    const evil = simResult({
      name: "</script><img src=x>",
      rows: [row({ eviction: "<b>x</b>", capacity: 1, misses: 1 })],
    });
    const p = html([evil]);
    expect(p).not.toContain("<img src=x>");
    expect(p).not.toContain("<b>x</b>");
    expect(p).toContain("&lt;/script&gt;&lt;img src=x&gt;");
    // the JSON block holds the label escaped and still parses to it
    expect(JSON.stringify(dataOf(p))).toContain("<b>x</b>");
  });

  it("esc and scriptJson", () => {
    expect(esc(`<a href="x">&</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    expect(scriptJson({ s: "</script>" })).toBe('{"s":"\\u003c/script>"}');
  });
});
