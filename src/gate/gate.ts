// `cachelab gate` without the command line: rules, the current run and its baseline in; the checks,
// the table, the JUnit file, the job summary and the refreshed baseline out. docs/gate.md.
//
// --update-baseline writes the current result (merged with its samples when there are several) over
// the baseline only when the gate passed: a baseline never silently absorbs a regression. With
// --force it is written whatever the verdict, to accept a change on purpose (a new policy, a slower
// machine); the exit code still says how the gate went. A mismatched or malformed baseline exits 2
// before anything is written unless forced, when it is replaced by the current result.
//
// Bootstrapping: with --update-baseline and a baseline file that does not exist yet, the rules
// relative to a baseline are skipped (listed as such), the absolute ones are checked, and the
// current result becomes the baseline if they pass. Without --update-baseline a missing baseline
// is an error (exit 2): a CI job must not pass by losing its baseline.
import { existsSync } from "node:fs";
import { InputError } from "../core/errors.js";
import type { GateRule } from "../scenario/gates.js";
import { type Check, evaluate, pairRows } from "./evaluate.js";
import { renderJunit } from "./junit.js";
import { appendStepSummary, writeBaseline, writeJunit } from "./outputs.js";
import { renderGateMarkdown, renderGateTable } from "./render.js";
import { mergedResult, readSide, type Side } from "./side.js";

export interface GateRequest {
  rules: GateRule[];
  current: Side;
  /** Baseline result files (several: samples of repeated runs); none when every rule is absolute. */
  baselineFiles?: string[];
  alpha?: number;
  /** --junit FILE */
  junit?: string;
  /** $GITHUB_STEP_SUMMARY */
  stepSummary?: string;
  /** --update-baseline: the baseline file to replace. */
  updateBaseline?: string;
  /** --force: update the baseline whatever the verdict. */
  force?: boolean;
}

/** What `gate --json` prints. */
export interface GateReport {
  kind: "gate";
  passed: boolean;
  /** 0 passed, 1 a check failed. */
  exitCode: 0 | 1;
  checksRun: number;
  failed: number;
  rules: string[];
  /** Rules relative to a baseline, skipped because there was none yet (bootstrapping). */
  skipped: string[];
  baseline: string[] | null;
  current: string[];
  checks: Check[];
  junit: string | null;
  stepSummary: string | null;
  baselineUpdated: string | null;
  /** Things worth knowing that do not change the verdict (the baseline replayed another workload). */
  notes: string[];
}

export interface GateRun {
  report: GateReport;
  /** The terminal table. */
  table: string;
}

export function runGate(req: GateRequest): GateRun {
  if (req.rules.length === 0)
    throw new InputError(
      "no gate rules: give --rule 'missRatio +0.5%' (repeatable) or a scenario with a gates: section",
    );
  let baseline: Side | undefined;
  let rules = req.rules;
  let skipped: string[] = [];
  const bootstrap = req.updateBaseline !== undefined && !existsSync(req.updateBaseline);
  if (bootstrap) {
    skipped = rules.filter((r) => r.bound.kind === "relative").map((r) => r.text);
    rules = rules.filter((r) => r.bound.kind !== "relative");
  }
  try {
    if (req.baselineFiles?.length && !bootstrap) {
      baseline = readSide("baseline", req.baselineFiles);
      pairRows(req.current, baseline);
    }
  } catch (e) {
    if (!(e instanceof InputError && req.force && req.updateBaseline)) throw e;
    writeBaseline(req.updateBaseline, mergedResult(req.current));
    throw new InputError(`${e.message}; --force: ${req.updateBaseline} now holds the current result`);
  }
  const notes = baseline ? workloadNotes(baseline, req.current) : [];
  const outcome = evaluate(rules, req.current, baseline, { alpha: req.alpha });
  if (req.junit) writeJunit(req.junit, renderJunit(outcome, new Date().toISOString().replace(/\.\d+Z$/, "")));
  if (req.stepSummary) appendStepSummary(req.stepSummary, renderGateMarkdown(outcome));
  let updated: string | null = null;
  if (req.updateBaseline && (outcome.passed || req.force)) {
    writeBaseline(req.updateBaseline, mergedResult(req.current));
    updated = req.updateBaseline;
  }
  const report: GateReport = {
    kind: "gate",
    passed: outcome.passed,
    exitCode: outcome.passed ? 0 : 1,
    checksRun: outcome.checks.length,
    failed: outcome.failed,
    rules: rules.map((r) => r.text),
    skipped,
    baseline: baseline ? baseline.labels : null,
    current: req.current.labels,
    checks: outcome.checks,
    junit: req.junit ?? null,
    stepSummary: req.stepSummary ?? null,
    baselineUpdated: updated,
    notes,
  };
  return { report, table: renderGateTable(outcome) };
}

/**
 * A baseline of another workload or seed is allowed (a trace refreshed on purpose) but said: its
 * rows pair up while their numbers are not comparable run for run.
 */
function workloadNotes(baseline: Side, current: Side): string[] {
  const b = baseline.results[0];
  const c = current.results[0];
  const notes: string[] = [];
  if (b.source.sha256 !== c.source.sha256)
    notes.push(
      `the baseline replayed another workload than the current run (source.sha256 ${b.source.sha256.slice(0, 12)}… vs ${c.source.sha256.slice(0, 12)}…)`,
    );
  if (b.seed !== c.seed) notes.push(`the baseline ran with seed ${b.seed}, the current run with seed ${c.seed}`);
  return notes;
}
