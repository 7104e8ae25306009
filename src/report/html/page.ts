// One self-contained HTML report: the data as JSON, Chart.js and the drawing script inlined, styles
// inline, nothing fetched. A Content-Security-Policy (default-src 'none') makes the browser refuse
// any request the page might try, so it behaves the same offline as online. Per result: what ran,
// the facts (floor, best configuration), its charts (charts.ts) and the same tables as the Markdown
// report; several results get a comparison first. The page has no clock in it: the same results give
// the same bytes.
import { formatBytes } from "../../core/format-bytes.js";
import { byCapacity, compulsoryFloor, evictionsOf, type Row, rowLabel } from "../compare.js";
import { LIVE_VS_SIM_NOTE, LIVE_VS_SIM_TITLE, liveVsSim, liveVsSimTable } from "../live-vs-sim.js";
import {
  clusterTables,
  gridTable,
  type Loaded,
  pairsTable,
  type ReportOptions,
  resultTitle,
  type Table,
  workloadLine,
} from "../markdown.js";
import type { MrcResultOutput, PlanResultOutput, Result, SimulateResult } from "../schema.js";
import { chartJsSource } from "./chartjs.js";
import { type ChartSpec, Colors, comparisonChart, mrcCharts, planCharts, simulateCharts } from "./charts.js";
import { CLIENT_JS } from "./client.js";

/** Escapes text for HTML element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON safe inside a <script> element (no "</script", no "<!--"). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A Markdown-escaped table cell (markdown.ts) as HTML: escapes undone, `**bold**` kept. */
function htmlCell(md: string): string {
  return esc(md.replace(/\\(.)/g, "$1")).replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");
}

export function htmlTable(t: Table, caption?: string): string {
  const cls = (i: number) => (t.right[i] ? ' class="num"' : "");
  const head = t.head.map((h, i) => `<th${cls(i)}>${htmlCell(h)}</th>`).join("");
  const body = t.body.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${htmlCell(c)}</td>`).join("")}</tr>`).join("\n");
  return `${caption ? `<h4>${esc(caption)}</h4>\n` : ""}<table><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

function figure(c: ChartSpec): string {
  return `<figure class="chart" data-kind="${esc(c.kind)}">
<figcaption><h3>${esc(c.title)}</h3>${c.note ? `<p>${esc(c.note)}</p>` : ""}</figcaption>
<div class="box"><canvas id="chart-${esc(c.id)}" data-chart="${esc(c.kind)}" role="img" aria-label="${esc(c.title)}"></canvas></div>
</figure>`;
}

const n = (x: number) => x.toLocaleString("en-US");

function sourceText(r: Result): string {
  const s = r.source;
  const what =
    s.type === "trace"
      ? `trace ${s.path ?? "?"}${s.format ? ` (${s.format})` : ""}`
      : `synthetic workload${s.scenario ? ` ${s.scenario}` : ""}`;
  return `${what} · seed ${r.seed} · cachelab ${r.tool.version}`;
}

function section(x: Loaded, i: number, o: ReportOptions, colors: Colors, charts: ChartSpec[]): string {
  const r = x.result;
  const p = `r${i}`;
  const facts: string[] = [];
  const tables: string[] = [];
  let own: ChartSpec[];
  // a live bench result has a simulate result's rows (plus errors and measured latency)
  if (r.kind === "simulate" || r.kind === "bench") {
    const sim = r as SimulateResult;
    const rows = sim.results as Row[];
    own = simulateCharts(sim, p, colors);
    facts.push(esc(workloadLine(sim)));
    const f = compulsoryFloor(sim);
    if (f) {
      facts.push(
        `compulsory-miss floor <strong>${f.ratio.toFixed(4)}</strong> (${n(f.objects)} objects first requested in ${n(f.requests)} requests${f.overWhole ? ", whole trace, warm-up included" : ""})`,
      );
    }
    const groups = byCapacity(rows);
    const bests = groups.filter((g) => g.rows.length > 1 && g.best);
    if (bests.length > 0) {
      facts.push(
        `best: ${bests.map((g) => `<strong>${esc(rowLabel(g.best as Row))}</strong> at ${esc(g.label)} (miss ratio ${(g.best as Row).missRatio.toFixed(4)})`).join("; ")}`,
      );
    }
    if (rows.length > 0) {
      if (evictionsOf(rows).length > 1)
        tables.push(
          htmlTable(gridTable(rows, groups), "Miss ratio by policy and capacity (★ lowest at that capacity)"),
        );
      tables.push(
        htmlTable(
          pairsTable(rows, groups, o),
          `Pairs (Δ: miss ratio minus the ${o.reference} row's at the same capacity)`,
        ),
      );
      for (const t of clusterTables(rows)) tables.push(htmlTable(t.table, t.title));
    }
  } else if (r.kind === "mrc") {
    const m = r as MrcResultOutput;
    own = mrcCharts(m, p, colors);
    facts.push(
      `${n(m.requests)} requests, ${n(m.objects)} objects, working set ${esc(formatBytes(m.workingSetBytes))}`,
      `compulsory-miss floor <strong>${m.floorMissRatio.toFixed(4)}</strong> (${n(m.compulsoryMisses)} first requests)`,
    );
  } else {
    const pl = r as PlanResultOutput;
    own = planCharts(pl, p, colors);
    facts.push(
      `target hit ratio <strong>${pl.targetHitRatio}</strong>; best reachable ${pl.maxHitRatio.toFixed(4)}; node memory ${esc(formatBytes(pl.nodeMemoryBytes))}; ${pl.requestRatePerS.toFixed(1)} requests/s (${esc(pl.requestRateFrom)})`,
    );
    tables.push(
      htmlTable(
        {
          head: ["policy", "capacity", "hit ratio", "nodes", "kWh/month", "J/request"],
          body: pl.rows.map((row) => [
            row.policy,
            pl.unit === "bytes" ? formatBytes(row.capacity) : n(Math.round(row.capacity)),
            row.hitRatio.toFixed(4),
            String(row.nodes),
            row.energy.perMonth.kWh.total.toPrecision(3),
            row.energy.joulesPerRequest.toPrecision(3),
          ]),
          right: [false, true, true, true, true, true],
        },
        "The smallest capacity per policy that meets the target",
      ),
    );
  }
  charts.push(...own);
  return `<section class="result" id="${p}">
<h2>${esc(resultTitle(r))}</h2>
<p class="meta">${esc(sourceText(r))} · <code>${esc(x.path)}</code></p>
<ul class="facts">${facts.map((f) => `<li>${f}</li>`).join("")}</ul>
<div class="charts">
${own.map(figure).join("\n")}
</div>
${tables.length > 0 ? `<details open><summary>Tables</summary>\n${tables.join("\n")}\n</details>` : ""}
</section>`;
}

const CSS = `
:root { color-scheme: light; --fg: #111827; --muted: #4b5563; --line: #e5e7eb; --bg: #f9fafb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, section { max-width: 1280px; margin: 0 auto; padding: 16px 24px; }
header h1 { margin: 8px 0 4px; font-size: 22px; }
header p, .meta { color: var(--muted); margin: 2px 0; }
section { border-top: 1px solid var(--line); }
h2 { font-size: 18px; margin: 12px 0 4px; }
h3 { font-size: 14px; margin: 0; }
.facts { margin: 6px 0 12px; padding-left: 18px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
figcaption p { margin: 2px 0 6px; color: var(--muted); font-size: 12px; }
.box { position: relative; height: 300px; }
details { margin: 14px 0; }
summary { cursor: pointer; font-weight: 600; }
table { border-collapse: collapse; margin: 10px 0; background: #fff; font-variant-numeric: tabular-nums; }
h4 { margin: 14px 0 4px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; }
th { background: #f3f4f6; }
.num { text-align: right; }
code { font-size: 12px; }
`;

/** The whole page. */
export function renderHtml(inputs: readonly Loaded[], o: ReportOptions): string {
  const colors = new Colors();
  const charts: ChartSpec[] = [];
  const parts: string[] = [];
  if (inputs.length > 1) {
    const cmp = comparisonChart(inputs, colors);
    const list = inputs
      .map((x, i) => `<li>#${i + 1} ${esc(resultTitle(x.result))} — <code>${esc(x.path)}</code></li>`)
      .join("");
    if (cmp) charts.push(cmp);
    const live = liveVsSim(inputs);
    const liveTable =
      live.length > 0
        ? `${htmlTable(liveVsSimTable(live), LIVE_VS_SIM_TITLE)}\n<p class="meta">${esc(LIVE_VS_SIM_NOTE)}</p>`
        : "";
    parts.push(`<section class="result" id="compare">
<h2>Comparison of ${inputs.length} results</h2>
<ol class="facts">${list}</ol>
${cmp ? `<div class="charts">${figure(cmp)}</div>` : ""}${liveTable ? `\n<div class="live-vs-sim">${liveTable}</div>` : ""}
</section>`);
  }
  inputs.forEach((x, i) => {
    parts.push(section(x, i, o, colors, charts));
  });
  const title = `cachelab report: ${[...new Set(inputs.map((x) => x.result.name))].join(", ")}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="cachelab">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p>${inputs.length} result${inputs.length === 1 ? "" : "s"}, ${charts.length} chart${charts.length === 1 ? "" : "s"}. Energy figures are estimates (docs/energy.md). Self-contained: this file loads nothing from the network.</p>
</header>
${parts.join("\n")}
<script type="application/json" id="cachelab-data">${scriptJson({ charts })}</script>
<script>${chartJsSource()}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}
