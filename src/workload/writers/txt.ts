// Trace writers: txt, one id per line, every line ending in a newline (time, size, op and TTL are
// dropped); a key that is empty or spans lines cannot be written (the reader would not get it back)
// and is an error.
import { InputError } from "../../core/errors.js";
import type { Interner } from "../interner.js";
import { GET } from "../types.js";
import { BufferedOutput, type TraceWriter, type WriterSpec } from "./output.js";

export const txtWriter: WriterSpec = {
  summary: "one id per line; time, size, op and TTL are dropped",
  create: writeTxt,
};

export function writeTxt(path: string, interner: Interner): TraceWriter {
  const out = new BufferedOutput(path);
  let requests = 0;
  let droppedOps = 0;
  let droppedTtls = 0;
  return {
    write(batch) {
      const { key, op, ttl } = batch;
      for (let i = 0; i < batch.length; i++) {
        const d = key[i];
        const name = interner.originalString(d);
        if (name === undefined) {
          out.u64(interner.originalLo(d), interner.originalHi(d));
        } else {
          if (/[\r\n]/.test(name) || name === "") {
            throw new InputError(
              `${path}: key ${JSON.stringify(name)} cannot be written to a txt trace (one id per line)`,
            );
          }
          out.latin1(name);
        }
        out.byte(10);
        if (op[i] !== GET) droppedOps++;
        if (ttl !== undefined && ttl[i] !== 0) droppedTtls++;
      }
      requests += batch.length;
    },
    close() {
      out.commit();
      return { requests, droppedOps, droppedTtls };
    },
    abort() {
      out.abort();
    },
  };
}
