// Flags shared by every command that reads a trace (trace stats, trace convert, simulate, mrc,
// plan): the CSV column mapping, and the largest zstd window a compressed trace may ask for. Each is
// optional: without them a CSV header naming time/key/size/op is understood (see
// src/workload/readers/csv.ts), and other formats ignore nothing silently: passing a CSV flag with
// a non-CSV trace is an input error.
import { Flags } from "@oclif/core";
import { InputError } from "../core/errors.js";
import { ZSTD_WINDOW_ENV } from "../workload/input/byte-input.js";
import type { CsvOptions } from "../workload/readers/csv.js";
import { parseBytes } from "../workload/units.js";

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
  "region-col": col("request's region (context for prefetchers)"),
  "device-col": col("request's device type (context for prefetchers)"),
  header: Flags.string({
    description: "whether the CSV's first line is a header (default auto: when it names known columns)",
    options: ["yes", "no", "auto"],
    helpGroup: group,
  }),
  delimiter: Flags.string({
    description: "CSV field delimiter, one character ('tab' for a tab; default ',')",
    helpGroup: group,
  }),
  "zstd-window-max": Flags.string({
    description:
      "largest window a .zst trace may ask for, e.g. 2GiB (default 128MiB, zstd's own limit; a larger window needs that much memory)",
  }),
};

export interface CsvFlagValues {
  "time-col"?: string;
  "id-col"?: string;
  "size-col"?: string;
  "op-col"?: string;
  "ttl-col"?: string;
  "region-col"?: string;
  "device-col"?: string;
  header?: string;
  delimiter?: string;
  "zstd-window-max"?: string;
}

/**
 * The CSV options the flags give, or undefined when none was passed. Also applies
 * --zstd-window-max: the readers (in this process and in its worker threads, which inherit the
 * environment) take the limit from ZSTD_WINDOW_ENV.
 */
export function csvOptionsFromFlags(flags: CsvFlagValues): CsvOptions | undefined {
  const w = flags["zstd-window-max"];
  if (w !== undefined) {
    let bytes: number;
    try {
      bytes = parseBytes(w);
    } catch (e) {
      throw new InputError(`--zstd-window-max: ${(e as Error).message}`);
    }
    if (!(bytes >= 1024)) throw new InputError("--zstd-window-max: expected a size of at least 1KiB, such as 2GiB");
    process.env[ZSTD_WINDOW_ENV] = String(bytes);
  }
  const options: CsvOptions = {
    timeCol: flags["time-col"],
    idCol: flags["id-col"],
    sizeCol: flags["size-col"],
    opCol: flags["op-col"],
    ttlCol: flags["ttl-col"],
    regionCol: flags["region-col"],
    deviceCol: flags["device-col"],
    header: flags.header as CsvOptions["header"],
    delimiter: flags.delimiter,
  };
  return Object.values(options).some((v) => v !== undefined) ? options : undefined;
}
