import { Args, Flags } from "@oclif/core";
import { ReuseTally } from "../../src/analysis/reuse.js";
import { BaseCommand } from "../../src/cli/base-command.js";
import { csvFlags, csvOptionsFromFlags } from "../../src/cli/trace-flags.js";
import { formatBytes } from "../../src/core/format-bytes.js";
import { FORMAT_NAMES, openTrace } from "../../src/workload/formats.js";
import { type TraceStatsReport, traceStatsReport } from "../../src/workload/stats.js";
import { tapped } from "../../src/workload/tap.js";

export default class TraceStats extends BaseCommand {
  static override enableJsonFlag = true;
  static override summary = "Describe a trace: requests, objects, bytes, one-hit wonders, sizes, ops, Zipf alpha.";
  static override description = [
    "Reads the trace once, streaming: memory grows with the distinct objects, not the requests.",
    `Formats: ${FORMAT_NAMES.join(", ")}; detected from the name and content unless --format is given. .zst files are decompressed on the fly.`,
    "Object sizes are each object's first size; percentiles are nearest-rank over objects. Zipf alpha is a least-squares fit of ln(count) on ln(rank) over the objects requested at least twice.",
    "Reuse distance (in the same pass): for each re-request, the distinct other objects requested since the object's previous request, its LRU stack distance (an LRU cache of more than d objects hits it); percentiles are nearest-rank over re-requests, exact below 4,096 and within 1.1 % above. The compulsory-miss floor is what an infinite cache misses: the first request of every object, as a share of the requests (DELETEs are not requests) and of the requested bytes. No cache of any size or policy has a lower miss ratio.",
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

  async run(): Promise<TraceStatsWithReuse> {
    const { args, flags } = await this.parse(TraceStats);
    const source = openTrace(args.file, { format: flags.format, csv: csvOptionsFromFlags(flags) });
    // one read of the trace: the reuse tally is fed from the statistics' own pass
    const tally = new ReuseTally();
    const stats = traceStatsReport(tapped(source, (b) => tally.add(b)));
    const reuse = tally.result();
    const report: TraceStatsWithReuse = {
      ...stats,
      reRequests: reuse.reuses,
      reuseDistanceMeanObjects: reuse.reuseDistanceMean,
      reuseDistanceP50Objects: reuse.reuseDistanceP50,
      reuseDistanceP90Objects: reuse.reuseDistanceP90,
      reuseDistanceP99Objects: reuse.reuseDistanceP99,
      compulsoryMisses: reuse.compulsoryMisses,
      compulsoryMissRatio: reuse.floorMissRatio,
      compulsoryByteMissRatio: reuse.floorByteMissRatio,
    };
    // notes go to stderr with --json too (logToStderr is silent then)
    for (const note of source.notes) process.stderr.write(`note: ${note}\n`);
    // with --json oclif prints the returned report
    if (!flags.json) process.stdout.write(render(report));
    return report;
  }
}

/** `trace stats --json`: the trace's statistics plus its reuse distances and compulsory-miss floor. */
export interface TraceStatsWithReuse extends TraceStatsReport {
  /** Requests for an object requested before (GET or SET; the ones with a reuse distance). */
  reRequests: number;
  /** Reuse distance in distinct objects over re-requests; null without re-requests. */
  reuseDistanceMeanObjects: number | null;
  reuseDistanceP50Objects: number | null;
  reuseDistanceP90Objects: number | null;
  reuseDistanceP99Objects: number | null;
  /** First requests of each object: what an infinite cache misses. */
  compulsoryMisses: number;
  /** The compulsory-miss floor: compulsoryMisses / requests (DELETEs excluded); no cache misses less. */
  compulsoryMissRatio: number;
  /** Bytes of first requests / requested bytes: the byte miss ratio of an infinite cache. */
  compulsoryByteMissRatio: number;
}

const int = (n: number) => n.toLocaleString("en-US");
const pct = (part: number, whole: number) => `${whole === 0 ? "0.0" : ((100 * part) / whole).toFixed(1)} %`;
const bytes = (n: number) => `${int(n)} B${n >= 1024 ? ` (${formatBytes(n)})` : ""}`;

function render(r: TraceStatsWithReuse): string {
  const dist = (n: number | null) => (n === null ? "n/a" : int(Math.round(n)));
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
      "reuse distance",
      r.reuseDistanceP50Objects === null
        ? "n/a (no object requested twice)"
        : `p50 ${dist(r.reuseDistanceP50Objects)} · p90 ${dist(r.reuseDistanceP90Objects)} · p99 ${dist(r.reuseDistanceP99Objects)} · mean ${dist(r.reuseDistanceMeanObjects)} objects (over ${int(r.reRequests)} re-requests)`,
    ],
    [
      "miss floor",
      `${r.compulsoryMissRatio.toFixed(4)} miss ratio, ${r.compulsoryByteMissRatio.toFixed(4)} byte miss ratio: an infinite cache's ${int(r.compulsoryMisses)} first requests`,
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
