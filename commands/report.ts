import { Flags } from "@oclif/core";
import { BaseCommand } from "../src/cli/base-command.js";
import { InputError } from "../src/core/errors.js";

export default class Report extends BaseCommand {
  static override summary = "Turn result files into a Markdown or a self-contained HTML report with charts.";
  static override description =
    "Reads results (simulate, mrc, plan) — files, or folders of them such as reports/ — and writes Markdown tables for pull requests and wikis (the best configuration marked, deltas against a reference row and against Belady when the run has it) or one HTML file that opens offline, with Chart.js charts: miss-ratio curves, hit ratio over time with phase markers, latency percentiles, the energy split and per-node load. Several results are compared side by side (before/after).";
  static override strict = false;
  static override usage = "report RESULT.json…|FOLDER [--format md|html] [--out FILE] [--reference lru]";
  // the README shows these as they are (its test runs them): ./examples/report/ holds two results
  static override examples = [
    "<%= config.bin %> report ./examples/report/before.json ./examples/report/after.json",
    "<%= config.bin %> report ./examples/report/before.json ./examples/report/after.json --out compare.html",
    "<%= config.bin %> report ./examples/report/after.json --format html --out after.html --reference sieve",
  ];
  static override flags = {
    format: Flags.string({
      options: ["md", "html"],
      description:
        "md (Markdown tables) or html (one self-contained page with charts) (default: from --out's extension, else md)",
    }),
    out: Flags.string({ char: "o", description: "file to write (default: stdout)" }),
    reference: Flags.string({
      description:
        "eviction the deltas are taken against, by label or policy name (default: lru when the results have it)",
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Report);
    const { report } = await import("../src/report/report.js");
    const { text, format } = report({
      inputs: argv as string[],
      format: flags.format as "md" | "html" | undefined,
      out: flags.out,
      reference: flags.reference,
    });
    if (flags.out) {
      const { writeFileSafely } = await import("../src/core/output-file.js");
      const path = writeFileSafely(flags.out, text);
      this.logToStderr(`${format === "html" ? "HTML" : "Markdown"} report written to ${path}`);
      return;
    }
    if (format === "html" && process.stdout.isTTY)
      throw new InputError("an HTML report is a page, not terminal text: give --out FILE.html (or redirect stdout)");
    process.stdout.write(text);
  }
}
