// `--report [FILE]` on simulate and demo: write the HTML report (src/report/html) beside the result
// JSON, or to FILE. oclif has no flag with an optional value, so the command line is read once
// before oclif parses it: a bare `--report` becomes `--report=` (empty: beside the JSON), unless the
// next word is an .html/.htm file name, which is then its value (`--report out.html`); `--report=FILE`
// passes as it is. The next word is never taken otherwise, so `simulate --report s.yaml` still reads
// s.yaml as the scenario.
import { Flags } from "@oclif/core";

export const reportFlag = {
  report: Flags.string({
    description:
      "also write the HTML report (charts, one self-contained file): beside the result JSON (reports/<name>-<time>.html), or to FILE (--report FILE.html, --report=FILE)",
    helpValue: "[FILE]",
  }),
};

/** The argv with a bare `--report` given its empty value (see above). Words after `--` are left alone. */
export function reportArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (w !== "--report") {
      out.push(w);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith("-") && /\.html?$/i.test(next)) {
      out.push(`--report=${next}`);
      i++;
    } else out.push("--report=");
  }
  return out;
}

/** Where the report of a result saved at `jsonPath` goes when no file is named. */
export function besideJson(jsonPath: string): string {
  return /\.json$/i.test(jsonPath) ? jsonPath.replace(/\.json$/i, ".html") : `${jsonPath}.html`;
}
