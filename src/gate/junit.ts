// The gate's verdict as JUnit XML, the format CI systems (GitHub Actions test reporters, GitLab,
// Jenkins) show as a test report: one <testsuite> "cachelab gate" with one <testcase> per check
// (rule × row); a failed check has a <failure> whose message says why. Structure as in the
// de-facto schema JUnit's Ant task writes (testsuites › testsuite › testcase › failure).
import type { GateOutcome } from "./evaluate.js";

/** Text safe in XML attributes and content: the five special characters escaped, control characters dropped. */
export function xmlEscape(s: string): string {
  return (
    s
      // XML 1.0 allows tab, newline and carriage return among the control characters, nothing else
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

export function renderJunit(o: GateOutcome, timestamp: string): string {
  const n = o.checks.length;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="cachelab gate" tests="${n}" failures="${o.failed}" errors="0" time="0">`,
    `  <testsuite name="cachelab gate" tests="${n}" failures="${o.failed}" errors="0" skipped="0" time="0" timestamp="${xmlEscape(timestamp)}">`,
  ];
  for (const c of o.checks) {
    const open = `    <testcase classname="${xmlEscape(`gate.${c.metric}`)}" name="${xmlEscape(`${c.rule} [${c.row}]`)}" time="0"`;
    if (c.passed) {
      out.push(`${open}/>`);
      continue;
    }
    const detail = [
      `row: ${c.row}`,
      `metric: ${c.metric}`,
      `value: ${c.value}`,
      `baseline: ${c.baseline ?? "none"}`,
      `limit: ${c.limitText}`,
      `method: ${c.method}${c.pValue === null ? "" : ` (p = ${c.pValue}, alpha = ${c.alpha})`}`,
    ].join("\n");
    out.push(`${open}>`);
    out.push(`      <failure message="${xmlEscape(c.message)}" type="GateFailure">${xmlEscape(detail)}</failure>`);
    out.push("    </testcase>");
  }
  out.push("  </testsuite>", "</testsuites>");
  return `${out.join("\n")}\n`;
}
