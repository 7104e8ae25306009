// A report in Markdown (GitHub-flavoured tables) for pull requests and wikis: per result, the
// policy × capacity grid with the best cell of each capacity in bold and starred, one row per pair
// with its miss ratio's change against a reference row at the same capacity (LRU by default) and
// against Belady when the run has it, the compulsory-miss floor, and whatever cluster rows carry
// (tiers, per-node load, phases, latency). Several results: a comparison table of the
// configurations they share first (before/after), and a live bench beside the simulation of its
// scenario (./live-vs-sim.ts). mrc and plan results get their curves and plans
// as tables. Numbers are formatted as the terminal table does, so the two can be compared.
import { formatBytes } from "../core/format-bytes.js";
import {
  beladyRow,
  byCapacity,
  byteMissRepeats,
  type CapacityGroup,
  compulsoryFloor,
  configKey,
  delta,
  evictionsOf,
  formatDelta,
  marksBest,
  ORACLES,
  type Row,
  referenceRow,
  rowLabel,
} from "./compare.js";
import { LIVE_VS_SIM_NOTE, LIVE_VS_SIM_TITLE, liveVsSim, liveVsSimTable } from "./live-vs-sim.js";
import { capacityLabel } from "./metrics.js";
import type { MrcResultOutput, PlanResultOutput, Result, SimulateResult } from "./schema.js";

/** A result and where it came from (named in headings). */
export interface Loaded {
  path: string;
  result: Result;
}

export interface ReportOptions {
  /** The eviction (label or policy name) deltas are taken against: "lru" by default. */
  reference: string;
}

const n = (x: number) => x.toLocaleString("en-US");
const ratio = (x: number) => x.toFixed(4);

/** Escapes what would break a table cell or start Markdown syntax inside one. */
export function cell(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A table as data: cells are Markdown-escaped text (`**bold**` allowed); `right[i]` right-aligns column i. */
export interface Table {
  head: string[];
  body: string[][];
  right: boolean[];
}

/** A GitHub-flavoured Markdown table. */
export function mdTable(head: string[], body: string[][], right: boolean[]): string {
  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [row(head), row(head.map((_, i) => (right[i] ? "---:" : ":---"))), ...body.map(row)].join("\n");
}

export function renderMarkdown(inputs: readonly Loaded[], o: ReportOptions): string {
  const out: string[] = ["# cachelab report", ""];
  if (inputs.length > 1) {
    out.push(`${inputs.length} results:`, "");
    inputs.forEach((x, i) => {
      out.push(`${i + 1}. ${resultTitle(x.result)} — \`${cell(x.path)}\``);
    });
    out.push("");
    const cmp = comparison(inputs);
    if (cmp) out.push(cmp, "");
    const live = liveVsSim(inputs);
    if (live.length > 0) {
      const t = liveVsSimTable(live);
      out.push(`## ${LIVE_VS_SIM_TITLE}`, "", mdTable(t.head, t.body, t.right), "", LIVE_VS_SIM_NOTE, "");
    }
  }
  for (const x of inputs) {
    const r = x.result;
    // a live bench result has a simulate result's rows (plus errors and measured latency)
    if (r.kind === "simulate" || r.kind === "bench") out.push(simulateSection(r as SimulateResult, x.path, o));
    else if (r.kind === "mrc") out.push(mrcSection(r, x.path));
    else out.push(planSection(r as PlanResultOutput, x.path));
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** "quickstart (simulate, 2026-12-02 09:49:41 UTC)" */
export function resultTitle(r: Result): string {
  return `${r.name} (${r.kind}, ${r.run.startedAt.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")})`;
}

function sourceLine(r: Result, path: string): string {
  const s = r.source;
  const what =
    s.type === "trace"
      ? `trace \`${cell(s.path ?? "?")}\`${s.format ? ` (${s.format})` : ""}`
      : `synthetic workload${s.scenario ? ` \`${cell(s.scenario)}\`` : ""}`;
  return `${what}, seed ${r.seed} · cachelab ${r.tool.version} · \`${cell(path)}\``;
}

/** "1,000,000 requests (100,000 warm-up, 900,000 counted), 144,188 objects" */
export function workloadLine(r: SimulateResult): string {
  const t = r.trace;
  const warm =
    r.warmupRequests > 0 ? ` (${n(r.warmupRequests)} warm-up, ${n(t.requests - r.warmupRequests)} counted)` : "";
  return `${n(t.requests)} requests${warm}, ${n(t.objects)} objects, working set ${formatBytes(t.workingSetBytes)}`;
}

function simulateSection(r: SimulateResult, path: string, o: ReportOptions): string {
  const rows = r.results as Row[];
  const out = [`## ${cell(r.name)}`, "", `${sourceLine(r, path)}  `, `${workloadLine(r)}`, ""];
  const f = compulsoryFloor(r);
  if (f) {
    out.push(
      `Compulsory-miss floor: **${ratio(f.ratio)}** (${n(f.objects)} objects first requested in ${n(f.requests)} requests${f.overWhole ? ", whole trace, warm-up included" : ""}): no cache misses less.`,
      "",
    );
  }
  if (rows.length === 0) {
    out.push("(no rows)");
    return out.join("\n");
  }
  const groups = byCapacity(rows);
  const bests = groups.filter((g) => g.rows.length > 1 && g.best);
  if (bests.length > 0) {
    out.push(
      `**Best:** ${bests.map((g) => `${cell(rowLabel(g.best as Row))} at ${cell(g.label)} (miss ratio ${ratio((g.best as Row).missRatio)})`).join("; ")}`,
      "",
    );
  }
  const md = (t: Table) => mdTable(t.head, t.body, t.right);
  if (evictionsOf(rows).length > 1)
    out.push("### Miss ratio by policy and capacity", "", md(gridTable(rows, groups)), "");
  out.push("### Pairs", "", md(pairsTable(rows, groups, o)), "");
  const legend = [
    `★ lowest miss ratio at that capacity${rows.some((r) => ORACLES.includes(r.policy)) ? " (Belady aside: it is the offline bound)" : ""}.`,
    groups.some((g) => referenceRow(g, o.reference))
      ? `Δ: the miss ratio minus the ${o.reference} row's at the same capacity (relative change in brackets); negative is better.`
      : "",
  ].filter(Boolean);
  out.push(legend.join(" "));
  for (const t of clusterTables(rows)) out.push("", `### ${t.title}`, "", md(t.table));
  return out.join("\n");
}

function mark(r: Row, g: CapacityGroup, text: string): string {
  return marksBest(r, g) ? `**${text}** ★` : text;
}

/** The policy × capacity grid of miss ratios, the best of each capacity bold and starred. */
export function gridTable(rows: Row[], groups: CapacityGroup[]): Table {
  const body = evictionsOf(rows).map((label) => [
    cell(label),
    ...groups.map((g) => {
      const r = g.rows.find((x) => rowLabel(x) === label);
      return r ? mark(r, g, ratio(r.missRatio)) : "";
    }),
  ]);
  return { head: ["policy", ...groups.map((g) => cell(g.label))], body, right: [false, ...groups.map(() => true)] };
}

/** One row per pair: miss ratio, its deltas, and the optional columns the rows have data for. */
export function pairsTable(rows: Row[], groups: CapacityGroup[], o: ReportOptions): Table {
  const hasRef = groups.some((g) => referenceRow(g, o.reference));
  const hasBelady = groups.some((g) => beladyRow(g)) && !["belady", "beladySize"].includes(o.reference);
  const bytes = !byteMissRepeats(rows);
  const energy = rows.some((r) => r.energy);
  const latency = rows.some((r) => r.latency);
  const head = ["policy", "capacity", "miss ratio"];
  if (hasRef) head.push(`Δ vs ${cell(o.reference)}`);
  if (hasBelady) head.push("Δ vs belady");
  if (bytes) head.push("byte miss ratio");
  head.push("hit ratio");
  if (energy) head.push("J/request");
  if (latency) head.push("p50 ms", "p99 ms");
  const body: string[][] = [];
  for (const g of groups) {
    const ref = referenceRow(g, o.reference);
    const opt = beladyRow(g);
    for (const r of g.rows) {
      const c = [cell(rowLabel(r)), cell(capacityLabel(r)), mark(r, g, ratio(r.missRatio))];
      if (hasRef) c.push(!ref ? "" : r === ref ? "reference" : formatDelta(delta(r.missRatio, ref.missRatio)));
      if (hasBelady) c.push(!opt ? "" : r === opt ? "optimal" : formatDelta(delta(r.missRatio, opt.missRatio)));
      if (bytes) c.push(ratio(r.byteMissRatio));
      c.push(ratio(r.hitRatio));
      if (energy) c.push(r.energy ? r.energy.joulesPerRequest.toPrecision(3) : "");
      if (latency)
        c.push(r.latency ? r.latency.p50Ms.toPrecision(3) : "", r.latency ? r.latency.p99Ms.toPrecision(3) : "");
      body.push(c);
    }
  }
  return { head, body, right: head.map((_, i) => i >= 2) };
}

/** Tiers, per-node load and phases of cluster rows, as titled tables (none when no row has them). */
export function clusterTables(rows: Row[]): { title: string; table: Table }[] {
  const out: { title: string; table: Table }[] = [];
  const label = (r: Row) => `${cell(rowLabel(r))} @ ${cell(capacityLabel(r))}`;
  const tiered = rows.filter((r) => r.tiers);
  if (tiered.length > 0) {
    out.push({
      title: "Tiers",
      table: table(
        ["pair", "L1 hit ratio", "L2 hit ratio", "backend fetches", "stale reads", "invalidations", "failovers"],
        tiered.map((r) => {
          const t = r.tiers as NonNullable<Row["tiers"]>;
          return [
            label(r),
            ratio(t.l1.hitRatio),
            ratio(t.l2.hitRatio),
            n(t.backend.fetches),
            n(t.staleReads),
            n(t.invalidations.messages),
            n(t.failovers),
          ];
        }),
        [false, true, true, true, true, true, true],
      ),
    });
  }
  const loaded = rows.filter((r) => r.nodes && r.nodes.length > 0);
  if (loaded.length > 0) {
    const names = [...new Set(loaded.flatMap((r) => (r.nodes ?? []).map((x) => x.name)))];
    out.push({
      title: "Per-node load (share of the cluster's requests)",
      table: table(
        ["pair", ...names.map(cell)],
        loaded.map((r) => [
          label(r),
          ...names.map((name) => {
            const x = r.nodes?.find((y) => y.name === name);
            return x ? `${(x.loadShare * 100).toFixed(1)}%` : "";
          }),
        ]),
        [false, ...names.map(() => true)],
      ),
    });
  }
  for (const r of rows.filter((x) => x.phases && x.phases.length > 0)) {
    const opt = (x: number | null) => (x === null ? "—" : ratio(x));
    out.push({
      title: `Phases: ${label(r)}`,
      table: table(
        [
          "#",
          "event",
          "at request",
          "requests",
          "hit ratio before",
          "lowest hit ratio",
          "recovery (requests)",
          "keys remapped",
          "p99 ms",
        ],
        (r.phases ?? []).map((p) => [
          String(p.index),
          cell(p.event),
          n(p.atRequest),
          n(p.requests),
          opt(p.hitRatioBefore),
          opt(p.lowestHitRatio),
          p.recoveryRequests === null ? "never" : n(p.recoveryRequests),
          n(p.keysRemapped),
          p.latency ? p.latency.p99Ms.toPrecision(3) : "",
        ]),
        [true, false, true, true, true, true, true, true, true],
      ),
    });
  }
  return out;
}

const table = (head: string[], body: string[][], right: boolean[]): Table => ({ head, body, right });

/**
 * Configurations two or more simulate results share, with each result's miss ratio and the change
 * from the first to the last; null when they share none.
 */
function comparison(inputs: readonly Loaded[]): string | null {
  const sims = inputs
    .map((x, i) => ({ i, r: x.result }))
    .filter((x): x is { i: number; r: SimulateResult } => x.r.kind === "simulate");
  if (sims.length < 2) return null;
  const keys: string[] = [];
  const labels = new Map<string, string>();
  for (const s of sims) {
    for (const row of s.r.results as Row[]) {
      const k = configKey(row);
      if (!labels.has(k)) {
        keys.push(k);
        labels.set(k, `${rowLabel(row)} @ ${capacityLabel(row)}`);
      }
    }
  }
  const at = (s: (typeof sims)[number], k: string) => (s.r.results as Row[]).find((row) => configKey(row) === k);
  const shared = keys.filter((k) => sims.filter((s) => at(s, k)).length >= 2);
  if (shared.length === 0) return null;
  const first = sims[0];
  const last = sims[sims.length - 1];
  const head = ["pair", ...sims.map((s) => `#${s.i + 1} miss ratio`), `Δ #${last.i + 1} vs #${first.i + 1}`];
  const body = shared.map((k) => {
    const a = at(first, k);
    const b = at(last, k);
    return [
      cell(labels.get(k) ?? k),
      ...sims.map((s) => {
        const row = at(s, k);
        return row ? ratio(row.missRatio) : "";
      }),
      a && b ? formatDelta(delta(b.missRatio, a.missRatio)) : "",
    ];
  });
  return [
    "## Comparison",
    "",
    mdTable(
      head,
      body,
      head.map((_, i) => i > 0),
    ),
  ].join("\n");
}

function mrcSection(r: MrcResultOutput, path: string): string {
  const out = [`## ${cell(r.name)}: miss-ratio curves`, "", `${sourceLine(r, path)}  `];
  out.push(
    `${n(r.requests)} requests, ${n(r.objects)} objects, working set ${formatBytes(r.workingSetBytes)}; compulsory-miss floor **${ratio(r.floorMissRatio)}** (${n(r.compulsoryMisses)} first requests)`,
    "",
  );
  out.push(curvesTable(r.curves, r.unit));
  return out.join("\n");
}

type CurveLike = MrcResultOutput["curves"][number];

/** One row per capacity of the coarsest curve (at most 24, evenly spread), a miss-ratio column per curve. */
function curvesTable(curves: readonly CurveLike[], unit: "objects" | "bytes"): string {
  if (curves.length === 0) return "(no curves)";
  const coarsest = curves.reduce((a, c) => (c.points.length < a.points.length ? c : a), curves[0]);
  const caps = coarsest.points.map((p) => p.capacity);
  const step = Math.max(1, Math.ceil(caps.length / 24));
  const shown = caps.filter((_, i) => i % step === 0 || i === caps.length - 1);
  const fmt = (c: number) => (unit === "bytes" ? formatBytes(c) : n(Math.round(c)));
  const head = ["capacity", ...curves.map((c) => `${cell(c.policy)} (${c.method})`)];
  const body = shown.map((cap) => [
    fmt(cap),
    ...curves.map((c) => {
      const p = c.points.find((x) => x.capacity === cap);
      return p ? ratio(p.missRatio) : "";
    }),
  ]);
  return mdTable(
    head,
    body,
    head.map((_, i) => i > 0),
  );
}

function planSection(r: PlanResultOutput, path: string): string {
  const kwh = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));
  const fmt = (c: number) => (r.unit === "bytes" ? formatBytes(c) : n(Math.round(c)));
  const out = [`## ${cell(r.name)}: capacity plan`, "", `${sourceLine(r, path)}  `];
  out.push(
    `Target hit ratio **${r.targetHitRatio}**; best reachable ${ratio(r.maxHitRatio)}; node memory ${formatBytes(r.nodeMemoryBytes)}; request rate ${r.requestRatePerS.toFixed(1)}/s (${r.requestRateFrom})`,
    "",
  );
  const least = r.rows.reduce<(typeof r.rows)[number] | null>(
    (a, x) => (a === null || x.energy.perMonth.kWh.total < a.energy.perMonth.kWh.total ? x : a),
    null,
  );
  out.push(
    mdTable(
      [
        "policy",
        "capacity",
        "hit ratio",
        "nodes",
        "kWh/month",
        "kgCO2e/month",
        "J/request",
        "energy-optimal capacity",
        "its kWh/month",
      ],
      r.rows.map((x) => {
        const m = x.energy.perMonth;
        const name = cell(x.policy);
        return [
          x === least && r.rows.length > 1 ? `**${name}** ★` : name,
          fmt(x.capacity),
          `${ratio(x.hitRatio)}${x.basis === "exact-lru" ? " exact" : " sim"}`,
          String(x.nodes),
          kwh(m.kWh.total),
          (m.gCO2e / 1000).toFixed(2),
          x.energy.joulesPerRequest.toPrecision(3),
          fmt(x.energyOptimal.capacity),
          kwh(x.energyOptimal.energy.perMonth.kWh.total),
        ];
      }),
      [false, true, true, true, true, true, true, true, true],
    ),
  );
  if (r.rows.length > 1) out.push("", "★ least energy per month at the target.");
  for (const note of r.notes) out.push("", `Note: ${cell(note)}`);
  out.push("", "### Curves the plan decided from", "", curvesTable(r.curves, r.unit));
  return out.join("\n");
}
