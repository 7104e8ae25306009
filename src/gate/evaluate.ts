// Applying gate rules to a current run and its baseline (docs/gate.md): every rule × every row it
// selects gives one check, passed or failed.
//
// - Rows are paired by configuration (./rows.ts); a row on one side only is a mismatch: an
//   InputError (exit 2) naming it, before any rule runs.
// - Deterministic metrics (everything but `timing.*`, and `latency.*` whose runs differ: a live
//   measurement, not a seeded simulation) compare exactly: no tolerance but the rule's own. Several results on one side must agree.
// - A `bench` result (a live run) has no deterministic metric: every metric of it is noisy, and a
//   bench side is gated only against a bench side (a simulate baseline for a live run, or the
//   reverse, is an InputError: a prediction is not a sample of the measurement).
// - Noisy metrics take the median of the samples; a rule relative to the baseline fails only when
//   the median is past the limit AND a one-sided Mann–Whitney test (./mann-whitney.ts) finds the
//   current samples worse than the baseline's at level α, Holm-adjusted over the rows the rule
//   covers (./holm.ts) so a rule's false-alarm rate is α however many rows it has. An absolute
//   limit compares the median.
import { InputError } from "../core/errors.js";
import type { GateRule } from "../scenario/gates.js";
import { holm } from "./holm.js";
import { mannWhitneyGreater, minimumPValue } from "./mann-whitney.js";
import { knownSelectorKey, selects } from "./rows.js";
import { allNoisy, hasSamples, median, NOISY_PREFIXES, type Side, type SideRow, valuesOf } from "./side.js";

/** Default false-alarm rate of the test on noisy metrics. */
export const DEFAULT_ALPHA = 0.01;

export interface Check {
  rule: string;
  row: string;
  metric: string;
  /** exact: the value itself; median: of the samples, against an absolute limit; mann-whitney: against the baseline's samples. */
  method: "exact" | "median" | "mann-whitney";
  value: number;
  baseline: number | null;
  /** value − baseline */
  delta: number | null;
  /** (value − baseline) / |baseline| × 100; null without a baseline or when it is 0. */
  deltaPercent: number | null;
  limit: number;
  /** How the limit reads: `<= 0.2`, `<= 0.2332 (+0.5%)`. */
  limitText: string;
  /** Mann–Whitney one-sided p-value; null for the other methods. */
  pValue: number | null;
  /** The rule's false-alarm rate (over all its rows); null for the other methods. */
  alpha: number | null;
  /** What pValue was compared with: α, or Holm's α/(k − i + 1) when the rule covers k rows. */
  threshold: number | null;
  samples: { current: number; baseline: number | null };
  passed: boolean;
  /** One line saying why it passed or failed. */
  message: string;
}

export interface GateOutcome {
  passed: boolean;
  checks: Check[];
  failed: number;
}

export interface EvaluateOptions {
  /** Default α for rules that do not set their own. */
  alpha?: number;
}

/** Checks that both sides hold the same configurations; an InputError names the first that does not. */
export function pairRows(current: Side, baseline: Side): void {
  if (current.kind !== baseline.kind)
    throw new InputError(
      `mismatched baseline: ${baseline.labels[0]} is a ${baseline.kind} result and ${current.labels[0]} a ${current.kind} result: a live bench is gated against bench results only (a simulation's prediction is not a sample of a live measurement; bench --compare-sim shows predicted beside measured)`,
    );
  const byName = new Map([...current.rows.values()].map((r) => [r.name, r.key]));
  for (const [key, row] of baseline.rows) {
    const same = byName.get(row.name);
    if (!current.rows.has(key) && same !== undefined)
      throw new InputError(
        `mismatched baseline: row ${row.name} is configured differently: ${key.slice(row.name.length + 1)} in the baseline (${baseline.labels[0]}), ${same.slice(row.name.length + 1)} in the current result (${current.labels[0]})`,
      );
    if (!current.rows.has(key))
      throw new InputError(
        `mismatched baseline: row ${row.name} is in the baseline (${baseline.labels[0]}) but not in the current result (${current.labels[0]})`,
      );
  }
  for (const [key, row] of current.rows)
    if (!baseline.rows.has(key))
      throw new InputError(
        `mismatched baseline: row ${row.name} is in the current result (${current.labels[0]}) but not in the baseline (${baseline.labels[0]})`,
      );
}

export function evaluate(
  rules: readonly GateRule[],
  current: Side,
  baseline?: Side,
  o: EvaluateOptions = {},
): GateOutcome {
  if (baseline) pairRows(current, baseline);
  const checks: Check[] = [];
  const allRows = [...current.rows.values()];
  const firstRows = allRows.map((r) => r.rows[0]);
  for (const rule of rules) {
    for (const s of rule.where)
      if (!knownSelectorKey(firstRows, s.key))
        throw new InputError(`rule '${rule.text}': the rows have no field '${s.key}' to select by`);
    const rows = allRows.filter((r) => rule.where.every((s) => selects(r.rows[0], s)));
    if (rows.length === 0)
      throw new InputError(
        `rule '${rule.text}' selects no row; the rows are: ${allRows.map((r) => r.name).join("; ")}`,
      );
    if (rule.bound.kind === "relative" && !baseline)
      throw new InputError(`rule '${rule.text}' compares with a baseline: give --baseline FILE`);
    const ruleChecks = rows.map((row) => check(rule, current, row, baseline, o.alpha ?? DEFAULT_ALPHA));
    decide(ruleChecks);
    checks.push(...ruleChecks);
  }
  const failed = checks.filter((c) => !c.passed).length;
  return { passed: failed === 0, checks, failed };
}

function check(rule: GateRule, current: Side, row: SideRow, baseline: Side | undefined, defaultAlpha: number): Check {
  const base = baseline?.rows.get(row.key);
  const cur = valuesOf(current, row, rule.metric, rule.text);
  const old = base && baseline ? valuesOf(baseline, base, rule.metric, rule.text) : null;
  const noisy =
    allNoisy(current) ||
    rule.metric.startsWith("timing.") ||
    hasSamples(row, rule.metric) ||
    (base !== undefined && hasSamples(base, rule.metric)) ||
    // a simulated latency is seeded (the same in every run): noisy only when its runs differ
    (NOISY_PREFIXES.some((p) => rule.metric.startsWith(p)) && (varies(cur) || (old !== null && varies(old))));
  if (!noisy) {
    exactOnSide(current, row, rule, cur);
    if (base && baseline && old) exactOnSide(baseline, base, rule, old);
  }
  const value = noisy ? median(cur) : cur[0];
  const baseValue = old ? (noisy ? median(old) : old[0]) : null;
  const { limit, limitText, within } = bound(rule, baseValue);
  const ok = within(value);
  const delta = baseValue === null ? null : value - baseValue;
  const deltaPercent = baseValue === null || baseValue === 0 ? null : ((value - baseValue) / Math.abs(baseValue)) * 100;
  const common = {
    rule: rule.text,
    row: row.name,
    metric: rule.metric,
    value,
    baseline: baseValue,
    delta,
    deltaPercent,
    limit,
    limitText,
    samples: { current: cur.length, baseline: old ? old.length : null },
  };
  const shown = `${rule.metric} ${fmt(value)}`;
  if (!noisy || rule.bound.kind === "absolute" || !old) {
    const method = noisy ? "median" : "exact";
    const what = noisy ? `${rule.metric} median of ${cur.length} ${fmt(value)}` : shown;
    return {
      ...common,
      method,
      pValue: null,
      alpha: null,
      threshold: null,
      passed: ok,
      message: ok ? `${what} within ${limitText}` : `${what} is past the limit ${limitText}`,
    };
  }
  // noisy and relative: past the limit and significantly worse than the baseline; the verdict is
  // given by decide(), over every row of the rule at once
  const alpha = rule.alpha ?? defaultAlpha;
  const floor = minimumPValue(cur.length, old.length);
  if (floor >= alpha)
    throw new InputError(
      `rule '${rule.text}': ${rule.metric} is noisy (it differs between identical ${allNoisy(current) ? "live runs" : "runs"}); ${old.length} baseline and ${cur.length} current sample${cur.length === 1 ? "" : "s"} cannot reach α = ${alpha} (the smallest p-value they give is ${floor.toPrecision(2)}): give at least 5 a side, 10 recommended (--repeat 10, or several --baseline / --current files)`,
    );
  const worse = rule.bound.direction === "+" ? mannWhitneyGreater(cur, old) : mannWhitneyGreater(old, cur);
  return { ...common, method: "mann-whitney", pValue: worse.p, alpha, threshold: alpha, passed: ok, message: "" };
}

/**
 * The verdicts of a rule's Mann–Whitney checks: Holm's procedure over its rows keeps the rule's
 * false-alarm rate at α however many rows it covers; a check fails when its median is past the
 * limit and its p-value is rejected.
 */
function decide(checks: Check[]): void {
  const tested = checks.filter((c) => c.method === "mann-whitney");
  if (tested.length === 0) return;
  const decisions = holm(
    tested.map((c) => c.pValue as number),
    tested[0].alpha as number,
  );
  tested.forEach((c, i) => {
    const { rejected, threshold } = decisions[i];
    const past = !c.passed; // provisional: whether the median is within the limit
    c.threshold = threshold;
    c.passed = !(past && rejected);
    const family = tested.length > 1 ? ` (Holm over ${tested.length} rows, α = ${c.alpha})` : "";
    const test = `Mann–Whitney p = ${(c.pValue as number).toPrecision(2)} ${rejected ? "<" : "≥"} ${fmt(threshold)}${family}`;
    const median = `median ${fmt(c.value)} of ${c.samples.current}`;
    c.message = !past
      ? `${median} within ${c.limitText}`
      : rejected
        ? `${median} is past the limit ${c.limitText} and significantly worse than the baseline's ${fmt(c.baseline as number)} (${test})`
        : `${median} is past the limit ${c.limitText} but not significantly worse than the baseline (${test}): noise`;
  });
}

const varies = (xs: readonly number[]): boolean => xs.some((x) => x !== xs[0]);

/** Deterministic metrics: every result of a side must give the same value. */
function exactOnSide(side: Side, row: SideRow, rule: GateRule, values: number[]): void {
  const i = values.findIndex((v) => v !== values[0]);
  if (i > 0)
    throw new InputError(
      `${side.labels[i]}: results.${row.index[i]}.${rule.metric}: ${values[i]}, but ${values[0]} in ${side.labels[0]}: the ${side.role} samples are not runs of the same scenario and seed`,
    );
}

interface Bound {
  limit: number;
  limitText: string;
  within(v: number): boolean;
}

function bound(rule: GateRule, baseline: number | null): Bound {
  const b = rule.bound;
  if (b.kind === "absolute") {
    const l = b.limit;
    const test: Record<typeof b.op, (v: number) => boolean> = {
      "<=": (v) => v <= l,
      "<": (v) => v < l,
      ">=": (v) => v >= l,
      ">": (v) => v > l,
      "==": (v) => v === l,
    };
    return { limit: l, limitText: `${b.op} ${fmt(l)}`, within: test[b.op] };
  }
  const base = baseline as number;
  const change = b.percent ? (Math.abs(base) * b.amount) / 100 : b.amount;
  const limit = b.direction === "+" ? base + change : base - change;
  const op = b.direction === "+" ? "<=" : ">=";
  return {
    limit,
    limitText: `${op} ${fmt(limit)} (${b.direction}${b.amount}${b.percent ? "%" : ""})`,
    within: b.direction === "+" ? (v) => v <= limit : (v) => v >= limit,
  };
}

/** A number for a message or table: whole numbers as they are, others to 6 significant digits. */
export function fmt(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}
