// The gate's verdict for people: a plain-text table for the terminal and a Markdown table for a pull
// request or a GitHub Actions job summary. One line per check (rule × row): the rule, the row, the
// metric, the current value, the baseline, the change, the limit, the test and the verdict.
import type { Check, GateOutcome } from "./evaluate.js";
import { fmt } from "./evaluate.js";

const HEADERS = ["result", "rule", "row", "metric", "value", "baseline", "delta", "limit", "test"] as const;

function cells(c: Check): string[] {
  const delta =
    c.delta === null
      ? "—"
      : `${c.delta > 0 ? "+" : ""}${fmt(Number(c.delta.toPrecision(4)))}${c.deltaPercent === null ? "" : ` (${c.deltaPercent > 0 ? "+" : ""}${c.deltaPercent.toFixed(2)}%)`}`;
  const test =
    c.method === "mann-whitney"
      ? `U-test p=${(c.pValue as number).toPrecision(2)} n=${c.samples.baseline}/${c.samples.current}`
      : c.method === "median"
        ? `median of ${c.samples.current}`
        : "exact";
  return [
    c.passed ? "pass" : "FAIL",
    c.rule,
    c.row,
    c.metric,
    fmt(c.value),
    c.baseline === null ? "—" : fmt(c.baseline),
    delta,
    c.limitText,
    test,
  ];
}

/** The terminal table and a closing line. */
export function renderGateTable(o: GateOutcome): string {
  const rows = o.checks.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = new Set([4, 5, 6]);
  const line = (vals: readonly string[]) =>
    vals
      .map((v, i) => (numeric.has(i) ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const out = [line(HEADERS), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)];
  out.push("", verdictLine(o));
  for (const c of o.checks) if (!c.passed) out.push(`  FAIL ${c.row}: ${c.message}`);
  return `${out.join("\n")}\n`;
}

export function verdictLine(o: GateOutcome): string {
  const n = o.checks.length;
  if (n === 0) return "gate passed: no checks to run";
  return o.passed
    ? `gate passed: ${n} check${n === 1 ? "" : "s"}`
    : `gate failed: ${o.failed} of ${n} check${n === 1 ? "" : "s"} failed`;
}

/** Markdown cell text: pipes escaped, no line breaks. */
function md(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A Markdown section for $GITHUB_STEP_SUMMARY or a pull request comment. */
export function renderGateMarkdown(o: GateOutcome, title = "cachelab gate"): string {
  const head = `### ${title}: ${o.passed ? "✅" : "❌"} ${verdictLine(o).replace(/^gate /, "")}`;
  const lines = [
    head,
    "",
    `| ${HEADERS.join(" | ")} |`,
    `| ${HEADERS.map((_, i) => (i >= 4 && i <= 6 ? "---:" : "---")).join(" | ")} |`,
  ];
  for (const c of o.checks) {
    const r = cells(c).map(md);
    r[0] = c.passed ? "✅ pass" : "❌ **FAIL**";
    r[1] = `\`${r[1]}\``;
    lines.push(`| ${r.join(" | ")} |`);
  }
  const failures = o.checks.filter((c) => !c.passed);
  if (failures.length) {
    lines.push("");
    for (const c of failures) lines.push(`- **${md(c.row)}**, \`${md(c.rule)}\`: ${md(c.message)}`);
  }
  return `${lines.join("\n")}\n\n`;
}
