import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { csvFlags, csvOptionsFromFlags } from "../../src/cli/trace-flags.js";
import { formatBytes } from "../../src/core/format-bytes.js";
import { FORMAT_NAMES, openTrace } from "../../src/workload/formats.js";
import { type TraceStatsReport, traceStatsReport } from "../../src/workload/stats.js";

export default class TraceStats extends BaseCommand {
  static override enableJsonFlag = true;
  static override summary = "Describe a trace: requests, objects, bytes, one-hit wonders, sizes, ops, Zipf alpha.";
  static override description = [
    "Reads the trace once, streaming: memory grows with the distinct objects, not the requests.",
    `Formats: ${FORMAT_NAMES.join(", ")}; detected from the name and content unless --format is given. .zst files are decompressed on the fly.`,
    "Object sizes are each object's first size; percentiles are nearest-rank over objects. Zipf alpha is a least-squares fit of ln(count) on ln(rank) over the objects requested at least twice.",
  ].join("\n\n");

  static override examples = [
    "<%= config.bin %> trace stats cloudPhysicsIO.oracleGeneral.bin",
    "<%= config.bin %> trace stats requests.csv --id-col key --size-col bytes --json",
    "<%= config.bin %> trace stats cluster52.0.zst --format twitter",
  ];

  static override args = {
    file: Args.string({ description: "trace file (.zst compressed is fine)", required: true }),
  };

  static override flags = {
    format: Flags.string({ char: "f", description: `trace format: ${FORMAT_NAMES.join(", ")} (default: detected)` }),
    json: Flags.boolean({ description: "print the statistics as JSON" }),
    ...csvFlags,
  };

  async run(): Promise<TraceStatsReport> {
    const { args, flags } = await this.parse(TraceStats);
    const source = openTrace(args.file, { format: flags.format, csv: csvOptionsFromFlags(flags) });
    const report = traceStatsReport(source);
    // notes go to stderr with --json too (logToStderr is silent then)
    for (const note of source.notes) process.stderr.write(`note: ${note}\n`);
    // with --json oclif prints the returned report
    if (!flags.json) process.stdout.write(render(report));
    return report;
  }
}

const int = (n: number) => n.toLocaleString("en-US");
const pct = (part: number, whole: number) => `${whole === 0 ? "0.0" : ((100 * part) / whole).toFixed(1)} %`;
const bytes = (n: number) => `${int(n)} B${n >= 1024 ? ` (${formatBytes(n)})` : ""}`;

function render(r: TraceStatsReport): string {
  const rows: [string, string][] = [
    ["file", r.file],
    ["format", r.format],
    ["requests", int(r.requests)],
    ["objects", int(r.objects)],
    ["requested bytes", bytes(r.requestedBytes)],
    ["working set", bytes(r.workingSetBytes)],
    ["one-hit wonders", `${int(r.oneHitWonders)} (${pct(r.oneHitWonders, r.objects)} of objects)`],
    [
      "object size",
      `p50 ${bytes(r.sizeP50Bytes)} · p90 ${bytes(r.sizeP90Bytes)} · p99 ${bytes(r.sizeP99Bytes)} · max ${bytes(r.sizeMaxBytes)}`,
    ],
    [
      "ops",
      `GET ${int(r.getRequests)} (${pct(r.getRequests, r.requests)}) · SET ${int(r.setRequests)} (${pct(r.setRequests, r.requests)}) · DELETE ${int(r.deleteRequests)} (${pct(r.deleteRequests, r.requests)})`,
    ],
    ["with TTL", `${int(r.requestsWithTtl)} (${pct(r.requestsWithTtl, r.requests)})`],
    [
      "time span",
      r.durationS === null
        ? "none (the format has no clock)"
        : `${int(r.durationS)} s (from ${r.startS} s to ${r.endS} s)`,
    ],
    [
      "zipf alpha",
      r.zipfAlpha === null
        ? "n/a (fewer than two objects requested twice)"
        : `${r.zipfAlpha.toFixed(3)} (${r.zipfMethod}; ${int(r.zipfFitObjects)} objects)`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows.map(([k, v]) => `${k.padEnd(width)}${v}\n`).join("");
}
