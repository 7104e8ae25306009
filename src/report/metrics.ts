// Metrics as data: one column model shared by the terminal table, Markdown and the CI gate, so no
// writer has to know every field of a result row.
import { formatBytes } from "../core/format-bytes.js";
import type { JobResult } from "../sim/job.js";

export type MetricKind = "ratio" | "count" | "duration" | "rate" | "text";

export interface Metric {
  /** The result field (or derived name) — also the gate's metric name. */
  key: string;
  header: string;
  kind: MetricKind;
  unit?: string;
  /** Lower is better (miss ratio) or higher is better (hit ratio); undefined = neither. */
  better?: "lower" | "higher";
  get(r: JobResult): number | string;
}

export const simulateColumns: Metric[] = [
  {
    key: "eviction",
    header: "eviction",
    kind: "text",
    get: (r) => r.eviction + (r.admission ? `+${r.admission}` : ""),
  },
  { key: "capacity", header: "capacity", kind: "text", get: (r) => capacityLabel(r) },
  { key: "requests", header: "requests", kind: "count", get: (r) => r.requests },
  { key: "missRatio", header: "miss ratio", kind: "ratio", better: "lower", get: (r) => r.missRatio },
  { key: "byteMissRatio", header: "byte miss ratio", kind: "ratio", better: "lower", get: (r) => r.byteMissRatio },
  { key: "hitRatio", header: "hit ratio", kind: "ratio", better: "higher", get: (r) => r.hitRatio },
  {
    key: "requestsPerSec",
    header: "Mreq/s",
    kind: "rate",
    better: "higher",
    get: (r) => r.timing.requestsPerSec / 1e6,
  },
];

export function capacityLabel(r: Pick<JobResult, "capacity" | "capacityText" | "unit">): string {
  const amount = r.unit === "bytes" ? formatBytes(r.capacity) : `${r.capacity} obj`;
  return r.capacityText.endsWith("%") ? `${r.capacityText} (${amount})` : amount;
}

export function formatValue(m: Metric, v: number | string): string {
  if (typeof v === "string") return v;
  switch (m.kind) {
    case "ratio":
      return v.toFixed(4);
    case "count":
      return v.toLocaleString("en-US");
    case "rate":
      return v.toFixed(2);
    case "duration":
      return `${v.toFixed(1)} ms`;
    default:
      return String(v);
  }
}
