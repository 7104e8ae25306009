// Trace writers: csv, with the header `time,id,size,op` (plus `,ttl` when the source has TTLs); op is
// get/set/delete; string ids are quoted when they contain a comma, a quote or edge spaces (an empty
// or multi-line key, which no reader produces, is an error).
import { InputError } from "../../core/errors.js";
import type { Interner } from "../interner.js";
import { BufferedOutput, type TraceWriter, type WriterSpec } from "./output.js";

export const csvWriter: WriterSpec = {
  summary: "header time,id,size,op (and ttl when the source has TTLs); ops as get/set/delete",
  create: writeCsv,
};

const OP_NAMES = ["get", "set", "delete"];

export function writeCsv(path: string, interner: Interner): TraceWriter {
  const out = new BufferedOutput(path);
  let requests = 0;
  let header = false;
  let withTtl = false;
  const writeHeader = (ttl: boolean) => {
    withTtl = ttl;
    out.latin1(ttl ? "time,id,size,op,ttl\n" : "time,id,size,op\n");
    header = true;
  };
  return {
    write(batch) {
      if (!header) writeHeader(batch.ttl !== undefined);
      const { time, key, size, op, ttl } = batch;
      for (let i = 0; i < batch.length; i++) {
        out.seconds(time[i]);
        out.byte(44);
        writeCsvId(out, interner, key[i]);
        out.byte(44);
        out.uint(size[i]);
        out.byte(44);
        out.latin1(OP_NAMES[op[i]] ?? "get");
        if (withTtl) {
          out.byte(44);
          out.uint(ttl?.[i] ?? 0);
        }
        out.byte(10);
      }
      requests += batch.length;
    },
    close() {
      if (!header) writeHeader(false);
      out.commit();
      return { requests, droppedOps: 0, droppedTtls: 0 };
    },
    abort() {
      out.abort();
    },
  };
}

function writeCsvId(out: BufferedOutput, interner: Interner, d: number): void {
  const name = interner.originalString(d);
  if (name === undefined) {
    out.u64(interner.originalLo(d), interner.originalHi(d));
  } else if (/[\r\n]/.test(name) || name === "") {
    throw new InputError(
      `${out.path}: key ${JSON.stringify(name)} cannot be written to a csv trace (empty or multi-line)`,
    );
  } else if (/[",]|^\s|\s$/.test(name)) {
    out.latin1(`"${name.replaceAll('"', '""')}"`);
  } else {
    out.latin1(name);
  }
}
