// The `placement compare` table, as text or Markdown (the README's is made with --markdown).
import type { CompareRow } from "./compare.js";

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const ratio = (x: number | null) => (x === null ? "–" : x.toFixed(3));
const int = (n: number) => Math.round(n).toLocaleString("en-US");

export function renderCompare(rows: CompareRow[], markdown = false, scenario?: string): string {
  if (rows.length === 0) return "";
  const n = rows[0].nodes;
  const head = [
    "scheme",
    "peak/mean (uniform)",
    scenario ? `peak/mean (${scenario})` : "peak/mean (scenario)",
    "moved on add",
    "moved on remove",
    "lookups/s",
  ];
  const body = rows.map((r) => [
    r.scheme,
    ratio(r.peakToMean),
    ratio(r.popularPeakToMean),
    pct(r.movedOnAdd),
    pct(r.movedOnRemove),
    int(r.lookupsPerSecond),
  ]);
  const note = `${n} nodes × ${int(rows[0].keys)} keys; the least movement possible: add 1/(N+1) = ${pct(1 / (n + 1))}, remove 1/N = ${pct(1 / n)}`;
  if (markdown) {
    const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
    return [line(head), line(head.map((_h, i) => (i === 0 ? "---" : "---:"))), ...body.map(line), "", note, ""].join(
      "\n",
    );
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [fmt(head), ...body.map(fmt), "", note, ""].join("\n");
}
