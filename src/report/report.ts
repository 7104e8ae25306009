// `cachelab report`: reads results (files or folders), checks the reference names a row, and renders
// Markdown or one self-contained HTML page. The format follows --format, else the output file's
// extension (.html/.htm), else Markdown.
import { InputError } from "../core/errors.js";
import { renderHtml } from "./html/page.js";
import { loadInputs } from "./inputs.js";
import { type Loaded, renderMarkdown } from "./markdown.js";

export type ReportFormat = "md" | "html";

export interface ReportRequest {
  inputs: string[];
  format?: ReportFormat;
  out?: string;
  /** --reference as given (undefined: LRU, and no error when the results have none). */
  reference?: string;
}

export const DEFAULT_REFERENCE = "lru";

export function reportFormat(format: ReportFormat | undefined, out: string | undefined): ReportFormat {
  if (format) return format;
  return out && /\.html?$/i.test(out) ? "html" : "md";
}

/** An explicitly given reference must name a row of some simulate result. */
export function checkReference(loaded: readonly Loaded[], ref: string): void {
  const names = new Set<string>();
  for (const x of loaded) {
    if (x.result.kind !== "simulate") continue;
    for (const r of x.result.results) {
      if (r.eviction === ref || r.policy === ref) return;
      names.add(r.eviction);
    }
  }
  throw new InputError(
    `--reference: no row has the eviction ${JSON.stringify(ref)}${names.size > 0 ? `; the results have ${[...names].join(", ")}` : "; no simulate result was given"}`,
  );
}

export function buildReport(loaded: readonly Loaded[], format: ReportFormat, reference: string): string {
  const o = { reference };
  return format === "html" ? renderHtml(loaded, o) : renderMarkdown(loaded, o);
}

/** Reads the inputs and renders the report. */
export function report(req: ReportRequest): { text: string; format: ReportFormat; loaded: Loaded[] } {
  const loaded = loadInputs(req.inputs);
  if (req.reference !== undefined) checkReference(loaded, req.reference);
  const format = reportFormat(req.format, req.out);
  return { text: buildReport(loaded, format, req.reference ?? DEFAULT_REFERENCE), format, loaded };
}
