// A trace file as a Workload the runner can open (no schema libraries: trace-first runs start fast).
import { traceWorkload, type Workload } from "../sim/simulate.js";
import { openTrace } from "../workload/formats.js";
import { openInput } from "../workload/input/byte-input.js";
import type { CsvOptions } from "../workload/readers/csv.js";
import { ORACLE_RECORD } from "../workload/readers/oracle-general.js";

function compressed(path: string): boolean {
  const input = openInput(path);
  try {
    return input.compressed;
  } finally {
    input.close();
  }
}

/** A trace file as a workload: format given or detected, opened once now so that errors come early. */
export function openTraceWorkload(path: string, format: string | undefined, csv: CsvOptions | undefined): Workload {
  const first = openTrace(path, { format, csv });
  let opened = false;
  const open = () => {
    if (!opened) {
      opened = true;
      return first;
    }
    return openTrace(path, { format, csv });
  };
  return traceWorkload(
    path,
    first.format,
    open,
    // a plain oracleGeneral file's length tells its requests; a compressed one's does not
    first.format === "oracleGeneral" && !compressed(path) ? ORACLE_RECORD : undefined,
    () => first.notes,
  );
}
