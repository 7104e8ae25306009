// The prefetch columns of the comparison table: shown only when some row has a `prefetch` section
// (the run named prefetchers), so every other table stays as it was. Hooked into renderTable.
import type { JobResult } from "../sim/job.js";
import type { Metric } from "./metrics.js";

const dash = "—";

export const prefetchColumns: Metric[] = [
  { key: "prefetcher", header: "prefetch", kind: "text", get: (r) => r.prefetch?.prefetcher ?? dash },
  {
    key: "prefetchAccuracy",
    header: "accuracy",
    kind: "ratio",
    better: "higher",
    get: (r) => r.prefetch?.accuracy ?? dash,
  },
  {
    key: "prefetchCoverage",
    header: "coverage",
    kind: "ratio",
    better: "higher",
    get: (r) => r.prefetch?.coverage ?? dash,
  },
  {
    key: "prefetches",
    header: "extra fetches",
    kind: "count",
    better: "lower",
    get: (r) => r.prefetch?.prefetches ?? dash,
  },
  { key: "prefetchVerdict", header: "verdict", kind: "text", get: (r) => r.prefetch?.verdict ?? dash },
];

/** `columns`, plus the prefetch columns when any row has a prefetch section. */
export function withPrefetchColumns(rows: readonly JobResult[], columns: Metric[]): Metric[] {
  if (!rows.some((r) => r.prefetch !== undefined)) return columns;
  if (columns.some((c) => c.key === "prefetcher")) return columns;
  return [...columns, ...prefetchColumns];
}
