// Where the gate's verdict goes besides the terminal: a JUnit XML file (--junit), the GitHub
// Actions job summary ($GITHUB_STEP_SUMMARY, appended to as Actions expects), and a refreshed
// baseline (--update-baseline). Files are written atomically by src/core/output-file.ts; a failure is
// an InputError naming the file (exit 2).
import { appendFileSync } from "node:fs";
import { writeError, writeFileSafely } from "../core/output-file.js";
import type { SimulateResult } from "../report/schema.js";

export function writeJunit(path: string, xml: string): void {
  writeFileSafely(path, xml);
}

/** Appends Markdown to the step summary file (Actions creates it; each step appends its part). */
export function appendStepSummary(path: string, markdown: string): void {
  try {
    appendFileSync(path, markdown);
  } catch (e) {
    throw writeError(`$GITHUB_STEP_SUMMARY (${path})`, e);
  }
}

/** Replaces the baseline with the current result, atomically: a reader sees the old or the new file. */
export function writeBaseline(path: string, result: SimulateResult): void {
  writeFileSafely(path, `${JSON.stringify(result, null, 2)}\n`);
}
