// One side of a gate, the baseline or the current run: one result, or several results of the same
// scenario and seed (repeated runs, as `--repeat N` makes or several files give) whose rows are the
// same configurations. A metric's values on a side are one per result, or, when a row carries
// `samples` (a result the gate merged and wrote as a baseline), the values listed there:
//
//   "samples": { "timing.requestsPerSec": [9.8e6, 1.01e7, …], "timing.elapsedMs": [ … ] }
//
// Results are read with src/report/read.ts: a malformed file is an InputError naming the file and
// the field. `simulate` and `bench` results have rows to gate; a side holds one kind. A `bench`
// side is a live measurement: every metric of it is noisy (hit ratio under concurrency, latency,
// throughput all differ between identical runs), so none is compared exactly. A bench side is
// never paired with a simulate side (pairSides in ./evaluate.ts refuses it, exit 2).
import { editDistance, InputError } from "../core/errors.js";
import { readResult } from "../report/read.js";
import type { Result, SimulateResult } from "../report/schema.js";
import { fieldAt, numericPaths, type Row, rowKey, rowName } from "./rows.js";

export interface SideRow {
  key: string;
  name: string;
  /** The row in each result of the side, in order. */
  rows: Row[];
  /** Index of the row in each result's `results` (for messages). */
  index: number[];
}

/** The result kinds the gate reads: a simulation, or a live run (`cachelab bench`). */
export type SideKind = "simulate" | "bench";

export interface Side {
  role: "baseline" | "current";
  /** What the side's results are; every result of a side is of this kind. */
  kind: SideKind;
  /** The file (or label) of each result. */
  labels: string[];
  results: SimulateResult[];
  /** Rows by key, in the first result's order. */
  rows: Map<string, SideRow>;
}

/** Reads a side from result files. */
export function readSide(role: Side["role"], files: readonly string[]): Side {
  return sideOf(
    role,
    files.map((f) => readResult(f)),
    files,
  );
}

/** A side from results already read (e.g. `--scenario` runs); `labels` name them in messages. */
export function sideOf(role: Side["role"], results: readonly Result[], labels: readonly string[]): Side {
  if (results.length === 0) throw new InputError(`no ${role} result given`);
  const sims: SimulateResult[] = [];
  const kind = results[0].kind;
  results.forEach((r, i) => {
    if (r.kind !== "simulate" && r.kind !== "bench")
      throw new InputError(`${labels[i]}: kind: the gate compares simulate or bench results, got a ${r.kind} result`);
    if (r.kind !== kind)
      throw new InputError(
        `${labels[i]}: kind: a ${r.kind} result among ${kind} results (${labels[0]}): the ${role} samples must be runs of one kind`,
      );
    // a bench row carries the simulate row's fields (src/report/schema.ts, benchRowSchema)
    sims.push(r as SimulateResult);
  });
  const rows = new Map<string, SideRow>();
  sims[0].results.forEach((row, i) => {
    const key = rowKey(row as Row);
    if (rows.has(key))
      throw new InputError(`${labels[0]}: results.${i}: the configuration ${rowName(row as Row)} appears twice`);
    rows.set(key, { key, name: rowName(row as Row), rows: [row as Row], index: [i] });
  });
  for (let f = 1; f < sims.length; f++) {
    const seen = new Set<string>();
    sims[f].results.forEach((row, i) => {
      const key = rowKey(row as Row);
      const entry = rows.get(key);
      if (!entry || seen.has(key))
        throw new InputError(
          `${labels[f]}: results.${i}: the ${role} samples are not runs of one configuration: ${rowName(row as Row)} is not in ${labels[0]}${entry ? " (or appears twice)" : ""}`,
        );
      seen.add(key);
      entry.rows.push(row as Row);
      entry.index.push(i);
    });
    for (const e of rows.values())
      if (!seen.has(e.key))
        throw new InputError(
          `${labels[f]}: the ${role} samples are not runs of one configuration: ${e.name} (in ${labels[0]}) is missing`,
        );
  }
  return { role, kind: kind as SideKind, labels: [...labels], results: sims, rows };
}

/** Whether any result of the side lists samples for `path` in this row. */
export function hasSamples(row: SideRow, path: string): boolean {
  return row.rows.some((r) => {
    const s = r.samples;
    return s !== null && typeof s === "object" && (s as Record<string, unknown>)[path] !== undefined;
  });
}

/**
 * The values of `path` in a row on this side: each result's `samples[path]` when it has one, else
 * its value at `path`. An InputError names the file and field when one is missing or not a number;
 * `needed` says which rule needs it.
 */
export function valuesOf(side: Side, row: SideRow, path: string, needed: string): number[] {
  const out: number[] = [];
  row.rows.forEach((r, f) => {
    const where = `${side.labels[f]}: results.${row.index[f]}`;
    const samples = r.samples as Record<string, unknown> | undefined;
    const listed = samples && typeof samples === "object" && Object.hasOwn(samples, path) ? samples[path] : undefined;
    if (listed !== undefined) {
      if (!Array.isArray(listed) || listed.length === 0 || !listed.every((x) => Number.isFinite(x)))
        throw new InputError(`${where}.samples.${path}: expected a non-empty array of numbers`);
      out.push(...(listed as number[]));
      return;
    }
    const v = fieldAt(r, path);
    if (v === undefined) {
      const close = numericPaths(r)
        .map((p) => ({ p, d: editDistance(p.toLowerCase(), path.toLowerCase()) }))
        .filter((x) => x.d <= Math.max(2, Math.floor(path.length / 3)) || x.p.endsWith(`.${path}`))
        .sort((a, b) => a.d - b.d)
        .slice(0, 3)
        .map((x) => x.p);
      const hint = close.length ? ` Did you mean ${close.join(", ")}?` : "";
      throw new InputError(`${where}.${path}: missing (row ${row.name}); the rule '${needed}' needs it.${hint}`);
    }
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new InputError(
        `${where}.${path}: expected a number, got ${v === null ? "null" : typeof v === "object" ? "an object" : JSON.stringify(v)}`,
      );
    out.push(v);
  });
  return out;
}

/**
 * Fields that differ between runs of the same scenario and seed: a row's `timing` (clock time) and
 * a live run's `latency`. Every other field of a simulation is deterministic and compared exactly;
 * every field of a bench result is noisy (`allNoisy`).
 */
export const NOISY_PREFIXES = ["timing.", "latency."] as const;

/** Whether every metric of the side is noisy: a live run, where even the hit ratio depends on timing. */
export function allNoisy(side: Pick<Side, "kind">): boolean {
  return side.kind === "bench";
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * The side as one result: the first result, with every numeric field of a row that differs
 * between the results (timing, live latency) replaced by its median and its values listed in the
 * row's `samples`. One result is returned as it is. This is what `--update-baseline` writes.
 */
export function mergedResult(side: Side): SimulateResult {
  if (side.results.length === 1) return side.results[0];
  const first = side.results[0];
  const results = first.results.map((row) => {
    const entry = side.rows.get(rowKey(row as Row)) as SideRow;
    const samples: Record<string, number[]> = {};
    for (const path of numericPaths(row as Row)) {
      const values = entry.rows.flatMap((r) => {
        const listed = (r.samples as Record<string, unknown> | undefined)?.[path];
        return Array.isArray(listed) ? (listed as number[]) : [fieldAt(r, path) as number];
      });
      const noisy = allNoisy(side) || NOISY_PREFIXES.some((p) => path.startsWith(p));
      if (!noisy && values.some((v) => v !== values[0]))
        throw new InputError(
          `${side.labels[values.findIndex((v) => v !== values[0])] ?? side.labels[0]}: ${path} of ${entry.name} differs from ${side.labels[0]}: the ${side.role} samples are not runs of the same scenario and seed`,
        );
      if (noisy && (path.startsWith("timing.") || values.some((v) => v !== values[0]))) samples[path] = values;
    }
    const copy = structuredClone(row) as Row;
    for (const [path, values] of Object.entries(samples)) setAt(copy, path, median(values));
    return { ...copy, samples };
  });
  return { ...first, results } as unknown as SimulateResult;
}

function setAt(row: Row, path: string, value: number): void {
  const parts = path.split(".");
  let o = row;
  for (const p of parts.slice(0, -1)) o = o[p] as Row;
  o[parts[parts.length - 1]] = value;
}
