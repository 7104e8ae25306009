// Chart.js's UMD build, inlined into every HTML report so that it opens offline. It is read from the
// installed chart.js package when a report is written, not copied into this repository: chart.js is
// a runtime dependency already (package.json), so the report carries exactly the version that is
// installed and audited with the others, updates with `npm update`, and the repository holds no
// 200 KB vendored copy that would drift from it. (The package's `exports` map hides dist/, so the
// file is found next to the entry point that `require.resolve` returns.)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { CliError } from "../../core/errors.js";

let cached: string | null = null;

/** The UMD build's source text (minified, with its MIT licence header). */
export function chartJsSource(): string {
  if (cached !== null) return cached;
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = join(dirname(require.resolve("chart.js")), "chart.umd.min.js");
    cached = readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(
      `cannot read chart.js's UMD build to inline into the report (${(e as Error).message.split("\n")[0]}); reinstall with npm ci`,
      1,
    );
  }
  // the page embeds it in a <script> element: a "</script" inside would end that element early
  cached = cached.replace(/<\/(script)/gi, "<\\/$1");
  return cached;
}
