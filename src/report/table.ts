// Plain-text tables for terminals and logs: right-aligned numbers, text left-aligned. A simulate
// result prints as a policy × capacity grid of miss ratios with the best cell of each capacity
// marked '*', then one line per pair: the byte-miss column only when it says something the miss
// ratio does not (it repeats it in the objects unit), the energy per request when the rows carry
// an estimate, latency percentiles when they carry those; then the compulsory-miss floor.
import type { JobResult } from "../sim/job.js";
import type { RunResult } from "../sim/result.js";
import {
  byCapacity,
  byteMissRepeats,
  compulsoryFloor,
  evictionsOf,
  marksBest,
  ORACLES,
  type Row,
  rowLabel,
} from "./compare.js";
import { formatValue, type Metric, simulateColumns } from "./metrics.js";
import { withPrefetchColumns } from "./prefetch-table.js";

export function renderTable(rows: JobResult[], given: Metric[]): string {
  const columns = withPrefetchColumns(rows, given);
  const cells = rows.map((r) => columns.map((c) => formatValue(c, c.get(r))));
  return textTable(
    columns.map((c) => c.header),
    cells,
    columns.map((c) => c.kind === "text" && !numericText.has(c)),
  );
}

/** A table with a rule under the header; `left[i]` left-aligns column i. */
export function textTable(head: string[], body: string[][], left: boolean[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => (left[i] ? v.padEnd(widths[i]) : v.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "─".repeat(w))), ...body.map(line)].join("\n");
}

/** Energy per request (facility joules, estimated: docs/energy.md). */
export const joulesColumn: Metric = {
  key: "energy.joulesPerRequest",
  header: "J/request",
  kind: "text",
  better: "lower",
  get: (r) => {
    const e = (r as Row).energy;
    return e ? e.joulesPerRequest.toPrecision(3) : "";
  },
};

/** End-to-end p99 latency of a cluster or live row. */
export const p99Column: Metric = {
  key: "latency.p99Ms",
  header: "p99 ms",
  kind: "text",
  better: "lower",
  get: (r) => {
    const l = (r as Row).latency;
    return l ? l.p99Ms.toPrecision(3) : "";
  },
};

/** Columns whose values are numbers formatted here (text to the metric model): right-aligned. */
const numericText = new Set<Metric>([joulesColumn, p99Column]);

/** The per-pair columns that say something for these rows. */
export function columnsFor(rows: readonly Row[]): Metric[] {
  const cols = simulateColumns.filter((c) => c.key !== "byteMissRatio" || !byteMissRepeats(rows));
  if (rows.some((r) => r.latency)) cols.splice(cols.length - 1, 0, p99Column);
  if (rows.some((r) => r.energy)) cols.splice(cols.length - 1, 0, joulesColumn);
  return cols;
}

/**
 * The policy × capacity grid of miss ratios, the best (lowest) of each capacity marked '*'. Empty
 * with a single policy (the per-pair table says it all).
 */
export function renderGrid(rows: readonly Row[]): string {
  if (evictionsOf(rows).length < 2) return "";
  const groups = byCapacity(rows);
  const head = ["miss ratio", ...groups.map((g) => g.label)];
  const body = evictionsOf(rows).map((label) => [
    label,
    ...groups.map((g) => {
      const r = g.rows.find((x) => rowLabel(x) === label);
      if (!r) return "";
      const marked = marksBest(r, g);
      return `${r.missRatio.toFixed(4)}${marked ? "*" : " "}`;
    }),
  ]);
  return `${textTable(
    head.map((h, i) => (i === 0 ? h : `${h} `)),
    body,
    head.map((_, i) => i === 0),
  )}\n* lowest miss ratio at that capacity${rows.some((r) => ORACLES.includes(r.policy)) ? " (Belady aside: the offline bound)" : ""}`;
}

/** "compulsory-miss floor 0.1442: 144,188 objects first requested in 1,000,000 requests" */
export function floorLine(r: Pick<RunResult, "trace" | "warmupRequests">): string {
  const f = compulsoryFloor(r);
  if (!f) return "";
  const n = (x: number) => x.toLocaleString("en-US");
  return `compulsory-miss floor ${f.ratio.toFixed(4)}: ${n(f.objects)} objects first requested in ${n(f.requests)} requests${f.overWhole ? " (whole trace, warm-up included)" : ""}`;
}

/** Grid, per-pair table and floor of a simulate result, as printed on a terminal. */
export function renderSimulateTables(r: RunResult): string {
  const rows = r.results as Row[];
  const parts: string[] = [];
  const grid = renderGrid(rows);
  if (grid) parts.push(grid, "");
  parts.push(renderTable(r.results, columnsFor(rows)));
  const floor = floorLine(r);
  if (floor) parts.push(floor);
  return parts.join("\n");
}
