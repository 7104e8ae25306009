// Flags shared by every command that reads a trace (trace stats, trace convert, simulate): the
// CSV column mapping. Each is optional: without them a CSV header naming time/key/size/op is
// understood (see src/workload/readers/csv.ts), and other formats ignore nothing silently: passing one of
// these with a non-CSV trace is an input error.
import { Flags } from "@oclif/core";
import type { CsvOptions } from "../workload/readers/csv.js";

const group = "CSV";
const col = (what: string) =>
  Flags.string({
    description: `CSV column of the ${what}: a header name or a 1-based number ('none': no such column)`,
    helpGroup: group,
  });

export const csvFlags = {
  "time-col": col("time, in seconds"),
  "id-col": col("object id"),
  "size-col": col("size, in bytes"),
  "op-col": col("op (get/set/delete, read/write, …)"),
  "ttl-col": col("TTL, in seconds"),
  header: Flags.string({
    description: "whether the CSV's first line is a header (default auto: when it names known columns)",
    options: ["yes", "no", "auto"],
    helpGroup: group,
  }),
  delimiter: Flags.string({
    description: "CSV field delimiter, one character ('tab' for a tab; default ',')",
    helpGroup: group,
  }),
};

export interface CsvFlagValues {
  "time-col"?: string;
  "id-col"?: string;
  "size-col"?: string;
  "op-col"?: string;
  "ttl-col"?: string;
  header?: string;
  delimiter?: string;
}

/** The CSV options the flags give, or undefined when none was passed. */
export function csvOptionsFromFlags(flags: CsvFlagValues): CsvOptions | undefined {
  const options: CsvOptions = {
    timeCol: flags["time-col"],
    idCol: flags["id-col"],
    sizeCol: flags["size-col"],
    opCol: flags["op-col"],
    ttlCol: flags["ttl-col"],
    header: flags.header as CsvOptions["header"],
    delimiter: flags.delimiter,
  };
  return Object.values(options).some((v) => v !== undefined) ? options : undefined;
}
