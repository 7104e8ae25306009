import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { csvFlags, csvOptionsFromFlags } from "../../src/cli/trace-flags.js";
import { InputError } from "../../src/core/errors.js";
import { sameFile } from "../../src/core/output-file.js";
import {
  FORMAT_NAMES,
  formatByName,
  formatFromName,
  openTrace,
  WRITABLE_FORMATS,
  writeTraceYielding,
} from "../../src/workload/formats.js";

export default class TraceConvert extends BaseCommand {
  static override summary = "Convert a trace between formats (original object ids are kept).";
  static override description = [
    "Streams IN to OUT, keeping the original object ids. OUT is written under a temporary name and renamed when complete.",
    `Readable: ${FORMAT_NAMES.join(", ")} (plain or .zst). Writable: ${WRITABLE_FORMATS.join(", ")}.`,
    "oracleGeneral output gets libCacheSim's next-access field and each object's first size; it has no op or TTL (SETs and DELETEs become plain requests). txt keeps only the ids.",
  ].join("\n\n");

  static override examples = [
    "<%= config.bin %> trace convert cloudPhysicsIO.vscsi cloudPhysicsIO.oracleGeneral.bin",
    "<%= config.bin %> trace convert requests.csv requests.oracleGeneral.bin --id-col key --size-col bytes",
    "<%= config.bin %> trace convert cluster52.0.zst cluster52.csv --from twitter",
  ];

  static override args = {
    in: Args.string({ description: "trace to read", required: true }),
    out: Args.string({ description: "file to write", required: true }),
  };

  static override flags = {
    from: Flags.string({ description: `input format: ${FORMAT_NAMES.join(", ")} (default: detected)` }),
    to: Flags.string({ description: `output format: ${WRITABLE_FORMATS.join(", ")} (default: from OUT's name)` }),
    ...csvFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TraceConvert);
    if (sameFile(args.in, args.out)) throw new InputError("IN and OUT are the same file");
    const named = flags.to ?? formatFromName(args.out);
    if (named === undefined) {
      throw new InputError(
        `cannot tell the output format from '${args.out}': pass --to (one of ${WRITABLE_FORMATS.join(", ")})`,
      );
    }
    const to = formatByName(named, true);
    if (/\.zstd?$/i.test(args.out))
      throw new InputError("cachelab does not write zstd: write the plain file, then run zstd on it");
    const source = openTrace(args.in, { format: flags.from, csv: csvOptionsFromFlags(flags) });
    const done = await writeTraceYielding(source, args.out, to);
    for (const note of source.notes) this.logToStderr(`note: ${note}`);
    if (done.droppedOps > 0) {
      this.logToStderr(`note: ${to} has no op: ${done.droppedOps} SET/DELETE requests were written as plain requests`);
    }
    if (done.droppedTtls > 0) this.logToStderr(`note: ${to} has no TTL: ${done.droppedTtls} TTLs were dropped`);
    this.log(`${args.out}: ${done.requests} requests, ${source.objects} objects (${source.format} → ${to})`);
  }
}
