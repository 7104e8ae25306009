// Plain-text tables for terminals and logs: right-aligned numbers, the best value of each
// "better" column marked with '*' per capacity group when asked.
import type { JobResult } from "../sim/job.js";
import { formatValue, type Metric } from "./metrics.js";
import { withPrefetchColumns } from "./prefetch-table.js";

export function renderTable(rows: JobResult[], given: Metric[]): string {
  const columns = withPrefetchColumns(rows, given);
  const cells = rows.map((r) => columns.map((c) => formatValue(c, c.get(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => (columns[i].kind === "text" ? v.padEnd(widths[i]) : v.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), line(widths.map((w) => "─".repeat(w)))];
  for (const row of cells) out.push(line(row));
  return out.join("\n");
}
