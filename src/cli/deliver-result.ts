// The end of every command that produces a result: show it, then save it, so that a failed save
// (a full disk, a read-only folder) never loses a computed result. With --json the JSON goes to
// stdout (also when the save fails); without, `show` prints the human view first. A failed save is
// one line saying where the result still is, exit 1.
import { CliError } from "../core/errors.js";

export interface DeliverOptions {
  json?: boolean;
  /** --out: the result file (default: a new file under reports/). */
  out?: string;
  /** --no-save */
  noSave?: boolean;
  /** The human view (tables, charts); not called with --json. */
  show?: () => void | Promise<void>;
  /** Where "result written to …" goes (stderr). */
  log(line: string): void;
  /** Appended to the "result written to" line, e.g. a next step. */
  next?: string;
  /** With --json, whether to print the JSON here (false: the caller returns it to oclif, which prints it). */
  printJson?: boolean;
  /** --report: write the HTML report too; "" = beside the saved JSON (src/cli/report-flag.ts). */
  report?: string;
  /** Told where the result and its report went (null: not written), e.g. for a command that adds to them. */
  onSaved?: (json: string | null, report: string | null) => void;
}

export async function deliverResult(result: object, o: DeliverOptions): Promise<void> {
  const json = () => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!o.json) await o.show?.();
  if (!o.noSave) {
    const { saveResult } = await import("../report/result.js");
    let path: string;
    try {
      path = saveResult(result as Parameters<typeof saveResult>[0], o.out);
    } catch (e) {
      // the run is done: its result must not be lost with the file
      if (o.json) json();
      const why = e instanceof Error ? e.message : String(e);
      const where = o.json ? "it is on stdout" : "its table is above; --json prints it in full";
      throw new CliError(`the result was not saved (${why}); ${where}`, 1);
    }
    if (!o.json) o.log(`result written to ${path}${o.next ? `; ${o.next}` : ""}`);
    // (written first: `onSaved?.(…)` would skip evaluating its arguments when there is no onSaved)
    const report = o.report !== undefined ? await writeReport(result, path, o.report, o.log) : null;
    o.onSaved?.(path, report);
  } else {
    const report = o.report ? await writeReport(result, "(not saved)", o.report, o.log) : null;
    o.onSaved?.(null, report);
  }
  if (o.json && o.printJson !== false) json();
}

/** The HTML report of a saved result: beside its JSON, or at `to`. A failure keeps the saved result (exit 1). */
async function writeReport(result: object, jsonPath: string, to: string, log: (line: string) => void): Promise<string> {
  const { besideJson } = await import("./report-flag.js");
  const at = to || besideJson(jsonPath);
  try {
    const [{ renderHtml }, { parseResult }, { writeFileSafely }] = await Promise.all([
      import("../report/html/page.js"),
      import("../report/read.js"),
      import("../core/output-file.js"),
    ]);
    const html = renderHtml([{ path: jsonPath, result: parseResult(result, jsonPath) }], { reference: "lru" });
    const written = writeFileSafely(at, html);
    log(`report written to ${written}; open it in a browser`);
    return written;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CliError(`the HTML report was not written (${why}); the result is saved at ${jsonPath}`, 1);
  }
}
