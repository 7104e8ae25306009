// The charts of an HTML report, as data: each one a small JSON spec (axes, datasets, event markers)
// that the page's script (client.ts) turns into a Chart.js chart. Building them here, in Node,
// keeps every decision testable without a browser: which charts a result gets (miss-ratio curves
// for mrc and plan results and for simulate rows across capacities; hit ratio over time per
// capacity, with a marker per phase; latency percentiles; the energy split per request; per-node
// load; a before/after comparison across results) and what each dataset holds.
import { formatBytes } from "../../core/format-bytes.js";
import { byCapacity, compulsoryFloor, configKey, evictionsOf, joulesSplit, type Row, rowLabel } from "../compare.js";
import type { Loaded } from "../markdown.js";
import { capacityLabel } from "../metrics.js";
import type { MrcResultOutput, PlanResultOutput, SimulateResult } from "../schema.js";

export type AxisFormat = "ratio" | "count" | "objects" | "bytes" | "ms" | "joules" | "percent" | "kwh" | "text";

export interface Axis {
  title: string;
  type: "linear" | "logarithmic" | "category";
  format: AxisFormat;
  min?: number;
  max?: number;
  stacked?: boolean;
}

export interface Dataset {
  label: string;
  /** Category charts: one value per label. xy charts: points. */
  data: (number | null)[] | { x: number; y: number }[];
  color: string;
  /** Bar charts: one colour per bar (a policy's colour), instead of `color` for all. */
  barColors?: string[];
  dashed?: boolean;
  /** A line drawn without point marks (reference lines, long series). */
  noPoints?: boolean;
}

export interface ChartSpec {
  id: string;
  /** kind of chart, for tests and styling: mrc, time, latency, energy, nodes, compare, plan-energy */
  kind: string;
  title: string;
  note?: string;
  type: "line" | "bar";
  x: Axis;
  y: Axis;
  /** Category labels (bar charts). */
  labels?: string[];
  datasets: Dataset[];
  /** Vertical event lines on an xy chart (phases). */
  markers?: { at: number; label: string }[];
}

/** Colour-blind-safe palette (Okabe–Ito, then Tol's muted), assigned per label across the page. */
const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#D55E00",
  "#CC79A7",
  "#56B4E9",
  "#F0E442",
  "#000000",
  "#332288",
  "#88CCEE",
  "#44AA99",
  "#117733",
  "#999933",
  "#DDCC77",
  "#CC6677",
  "#882255",
];

/** Gives each label the same colour in every chart of a page. */
export class Colors {
  private readonly seen = new Map<string, string>();
  of(label: string): string {
    let c = this.seen.get(label);
    if (!c) {
      c = PALETTE[this.seen.size % PALETTE.length];
      this.seen.set(label, c);
    }
    return c;
  }
}

const PARTS = ["cpu", "memory", "network", "backend"] as const;
const PART_COLORS = { cpu: "#0072B2", memory: "#009E73", network: "#E69F00", backend: "#D55E00" };
const GREY = "#6b7280";

/** At most `max` points: a long series is averaged over equal runs of windows. */
export function downsample(values: readonly number[], max: number): { index: number; value: number }[] {
  if (values.length <= max) return values.map((value, index) => ({ index, value }));
  const per = Math.ceil(values.length / max);
  const out: { index: number; value: number }[] = [];
  for (let i = 0; i < values.length; i += per) {
    const run = values.slice(i, i + per);
    out.push({ index: i + run.length - 1, value: run.reduce((a, b) => a + b, 0) / run.length });
  }
  return out;
}

const MAX_POINTS = 400;

/** The charts of one simulate result (ids prefixed with `p`). */
export function simulateCharts(r: SimulateResult, p: string, colors: Colors): ChartSpec[] {
  const rows = r.results as Row[];
  if (rows.length === 0) return [];
  const out: ChartSpec[] = [];
  const groups = byCapacity(rows);
  const labels = evictionsOf(rows);
  const unitFormat: AxisFormat = rows[0].unit === "bytes" ? "bytes" : "objects";
  const floor = compulsoryFloor(r);

  if (groups.length > 1) {
    const caps = groups.map((g) => g.capacity);
    const ascending = [...groups].sort((a, b) => a.capacity - b.capacity);
    const datasets: Dataset[] = labels.map((label) => ({
      label,
      color: colors.of(label),
      data: ascending.flatMap((g) => {
        const row = g.rows.find((x) => rowLabel(x) === label);
        return row ? [{ x: row.capacity, y: row.missRatio }] : [];
      }),
    }));
    if (floor) {
      datasets.push({
        label: "compulsory-miss floor",
        color: GREY,
        dashed: true,
        noPoints: true,
        data: [
          { x: Math.min(...caps), y: floor.ratio },
          { x: Math.max(...caps), y: floor.ratio },
        ],
      });
    }
    out.push({
      id: `${p}-mrc`,
      kind: "mrc",
      title: "Miss ratio by cache size",
      note: "Simulated at each capacity of the run; lower is better.",
      type: "line",
      x: { title: `capacity (${rows[0].unit}, log scale)`, type: "logarithmic", format: unitFormat },
      y: { title: "miss ratio", type: "linear", format: "ratio", min: 0 },
      datasets,
    });
  } else {
    out.push({
      id: `${p}-mrc`,
      kind: "mrc",
      title: `Miss ratio at ${groups[0].label}`,
      type: "bar",
      labels,
      x: { title: "policy", type: "category", format: "text" },
      y: { title: "miss ratio", type: "linear", format: "ratio", min: 0 },
      datasets: [
        {
          label: "miss ratio",
          color: colors.of(labels[0]),
          barColors: labels.map((l) => colors.of(l)),
          data: labels.map((l) => groups[0].rows.find((x) => rowLabel(x) === l)?.missRatio ?? null),
        },
      ],
    });
  }

  groups.forEach((g, gi) => {
    const withSeries = g.rows.filter((x) => x.series.missRatio.length > 0);
    if (withSeries.length === 0) return;
    const phased = g.rows.find((x) => x.phases && x.phases.length > 0);
    out.push({
      id: `${p}-time-${gi}`,
      kind: "time",
      title: `Hit ratio over time at ${g.label}`,
      note: `Per window of ${withSeries[0].series.window.toLocaleString("en-US")} requests${r.warmupRequests > 0 ? ", after the warm-up" : ""}${phased ? "; dashed lines mark the phases' events" : ""}.`,
      type: "line",
      x: {
        title: "request",
        type: "linear",
        format: "count",
        min: 0,
        max: Math.max(...withSeries.map((x) => r.warmupRequests + x.series.missRatio.length * x.series.window)),
      },
      y: { title: "hit ratio", type: "linear", format: "ratio" },
      datasets: withSeries.map((row) => ({
        label: rowLabel(row),
        color: colors.of(rowLabel(row)),
        noPoints: true,
        data: downsample(row.series.missRatio, MAX_POINTS).map((pt) => ({
          x: r.warmupRequests + (pt.index + 1) * row.series.window,
          y: 1 - pt.value,
        })),
      })),
      markers: phased?.phases?.filter((ph) => ph.atRequest > 0).map((ph) => ({ at: ph.atRequest, label: ph.event })),
    });
  });

  const cat = (row: Row) => (groups.length > 1 ? `${rowLabel(row)} @ ${capacityLabel(row)}` : rowLabel(row));
  const timed = rows.filter((x) => x.latency);
  if (timed.length > 0) {
    const pct = [
      ["p50", "p50Ms", "#56B4E9"],
      ["p90", "p90Ms", "#0072B2"],
      ["p99", "p99Ms", "#E69F00"],
      ["p99.9", "p999Ms", "#D55E00"],
    ] as const;
    out.push({
      id: `${p}-latency`,
      kind: "latency",
      title: "Latency percentiles",
      note: "End to end, after the warm-up (milliseconds, log scale).",
      type: "bar",
      labels: timed.map(cat),
      x: { title: "pair", type: "category", format: "text" },
      y: { title: "milliseconds", type: "logarithmic", format: "ms" },
      datasets: pct.map(([label, key, color]) => ({
        label,
        color,
        data: timed.map((x) => (x.latency as NonNullable<Row["latency"]>)[key]),
      })),
    });
  }

  const priced = rows.filter((x) => x.energy);
  if (priced.length > 0) {
    const e = priced[0].energy as NonNullable<Row["energy"]>;
    out.push({
      id: `${p}-energy`,
      kind: "energy",
      title: "Energy per request, by part",
      note: `Estimated, not metered (docs/energy.md): profile ${e.profile}, ${e.cloud}, grid ${e.region}, backend ${e.backend}, at ${e.requestRatePerS.toLocaleString("en-US")} requests/s; facility joules (PUE included).`,
      type: "bar",
      labels: priced.map(cat),
      x: { title: "pair", type: "category", format: "text", stacked: true },
      y: { title: "joules per request", type: "linear", format: "joules", stacked: true, min: 0 },
      datasets: PARTS.map((part) => ({
        label: part,
        color: PART_COLORS[part],
        data: priced.map((x) => joulesSplit(x)?.[part] ?? null),
      })),
    });
  }

  const loaded = rows.filter((x) => x.nodes && x.nodes.length > 0);
  if (loaded.length > 0) {
    const names = [...new Set(loaded.flatMap((x) => (x.nodes ?? []).map((n) => n.name)))];
    out.push({
      id: `${p}-nodes`,
      kind: "nodes",
      title: "Load per node",
      note: "Each node's share of the cluster's requests; an even spread is 1/nodes.",
      type: "bar",
      labels: names,
      x: { title: "node", type: "category", format: "text" },
      y: { title: "share of requests", type: "linear", format: "percent", min: 0 },
      datasets: loaded.map((row) => ({
        label: cat(row),
        color: colors.of(rowLabel(row)),
        data: names.map((name) => row.nodes?.find((n) => n.name === name)?.loadShare ?? null),
      })),
    });
  }
  return out;
}

type CurveLike = MrcResultOutput["curves"][number];

function curveDatasets(curves: readonly CurveLike[], colors: Colors): Dataset[] {
  return curves.map((c) => {
    const label = `${c.policy} (${c.method})`;
    return {
      label,
      color: colors.of(c.policy),
      noPoints: c.points.length > 40,
      data: c.points.filter((pt) => pt.capacity > 0).map((pt) => ({ x: pt.capacity, y: pt.missRatio })),
    };
  });
}

function capacityRange(curves: readonly CurveLike[]): [number, number] | null {
  const xs = curves.flatMap((c) => c.points.map((pt) => pt.capacity)).filter((x) => x > 0);
  return xs.length === 0 ? null : [Math.min(...xs), Math.max(...xs)];
}

function flatLine(label: string, y: number, range: [number, number] | null): Dataset[] {
  if (!range) return [];
  return [
    {
      label,
      color: GREY,
      dashed: true,
      noPoints: true,
      data: [
        { x: range[0], y },
        { x: range[1], y },
      ],
    },
  ];
}

/** The miss-ratio curves of an mrc result. */
export function mrcCharts(r: MrcResultOutput, p: string, colors: Colors): ChartSpec[] {
  return [
    {
      id: `${p}-mrc`,
      kind: "mrc",
      title: "Miss-ratio curves",
      note: `Capacity in ${r.unit} (log scale); the dashed line is the compulsory-miss floor.`,
      type: "line",
      x: {
        title: `capacity (${r.unit}, log scale)`,
        type: "logarithmic",
        format: r.unit === "bytes" ? "bytes" : "objects",
      },
      y: { title: "miss ratio", type: "linear", format: "ratio", min: 0 },
      datasets: [
        ...curveDatasets(r.curves, colors),
        ...flatLine("compulsory-miss floor", r.floorMissRatio, capacityRange(r.curves)),
      ],
    },
  ];
}

/** A plan's curves with the target, and the energy per month of each policy's answer. */
export function planCharts(r: PlanResultOutput, p: string, colors: Colors): ChartSpec[] {
  const out: ChartSpec[] = [
    {
      id: `${p}-mrc`,
      kind: "mrc",
      title: "Miss-ratio curves and the target",
      note: `The dashed line is the target miss ratio (1 − ${r.targetHitRatio}); each policy's answer is the smallest size below it.`,
      type: "line",
      x: {
        title: `capacity (${r.unit}, log scale)`,
        type: "logarithmic",
        format: r.unit === "bytes" ? "bytes" : "objects",
      },
      y: { title: "miss ratio", type: "linear", format: "ratio", min: 0 },
      datasets: [
        ...curveDatasets(r.curves, colors),
        ...flatLine("target", 1 - r.targetHitRatio, capacityRange(r.curves)),
      ],
    },
  ];
  if (r.rows.length > 0) {
    out.push({
      id: `${p}-energy`,
      kind: "energy",
      title: "Energy per month at the target, by part",
      note: "kWh per month (730 h), PUE included; estimated, not metered (docs/energy.md).",
      type: "bar",
      labels: r.rows.map(
        (x) =>
          `${x.policy} @ ${r.unit === "bytes" ? formatBytes(x.capacity) : Math.round(x.capacity).toLocaleString("en-US")}`,
      ),
      x: { title: "policy", type: "category", format: "text", stacked: true },
      y: { title: "kWh per month", type: "linear", format: "kwh", stacked: true, min: 0 },
      datasets: PARTS.map((part) => ({
        label: part,
        color: PART_COLORS[part],
        data: r.rows.map((x) => x.energy.perMonth.kWh[part]),
      })),
    });
  }
  return out;
}

/** Miss ratio of the configurations several simulate results share, one bar per result (before/after). */
export function comparisonChart(inputs: readonly Loaded[], colors: Colors): ChartSpec | null {
  const sims = inputs
    .map((x, i) => ({ i, r: x.result }))
    .filter((x): x is { i: number; r: SimulateResult } => x.r.kind === "simulate");
  if (sims.length < 2) return null;
  const keys: string[] = [];
  const names = new Map<string, string>();
  for (const s of sims) {
    for (const row of s.r.results as Row[]) {
      const k = configKey(row);
      if (!names.has(k)) {
        keys.push(k);
        names.set(k, `${rowLabel(row)} @ ${capacityLabel(row)}`);
      }
    }
  }
  const at = (s: (typeof sims)[number], k: string) => (s.r.results as Row[]).find((row) => configKey(row) === k);
  const shared = keys.filter((k) => sims.filter((s) => at(s, k)).length >= 2);
  if (shared.length === 0) return null;
  return {
    id: "compare",
    kind: "compare",
    title: "Miss ratio, result by result",
    note: "The configurations two or more results share; lower is better.",
    type: "bar",
    labels: shared.map((k) => names.get(k) ?? k),
    x: { title: "pair", type: "category", format: "text" },
    y: { title: "miss ratio", type: "linear", format: "ratio", min: 0 },
    datasets: sims.map((s) => {
      const label = `#${s.i + 1} ${s.r.name}`;
      return { label, color: colors.of(label), data: shared.map((k) => at(s, k)?.missRatio ?? null) };
    }),
  };
}
