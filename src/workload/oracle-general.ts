// libCacheSim "oracleGeneral" binary traces: 24-byte little-endian records, no header:
//   uint32 clock_time (s) · uint64 obj_id · uint32 obj_size · int64 next_access_vtime (-1: never)
// Read in fixed-size chunks with readSync into one reused buffer; memory stays bounded.
import { closeSync, openSync, readSync } from "node:fs";
import { Interner } from "./interner.js";
import { BATCH, type BatchSource, GET, newBatch, type RequestBatch } from "./types.js";

export const ORACLE_RECORD = 24;

export class TraceError extends Error {}

export function readOracleGeneral(path: string, interner = new Interner()): BatchSource {
  return {
    get objects() {
      return interner.size;
    },
    *[Symbol.iterator](): Iterator<RequestBatch> {
      const fd = openSync(path, "r");
      try {
        const buf = Buffer.allocUnsafe(BATCH * ORACLE_RECORD);
        const words = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
        const batch = newBatch(BATCH);
        batch.op.fill(GET);
        let filled = 0;
        let record = 0;
        for (;;) {
          const n = readSync(fd, buf, filled, buf.length - filled, null);
          filled += n;
          const whole = Math.floor(filled / ORACLE_RECORD);
          if (n === 0 && filled % ORACLE_RECORD !== 0) {
            throw new TraceError(
              `${path}: truncated record ${record + whole + 1} at byte ${(record + whole) * ORACLE_RECORD} (${filled % ORACLE_RECORD} of 24 bytes)`,
            );
          }
          if (whole === BATCH || (n === 0 && whole > 0)) {
            const { time, key, size } = batch;
            for (let i = 0, w = 0; i < whole; i++, w += 6) {
              time[i] = words[w];
              key[i] = interner.intern(words[w + 1], words[w + 2]);
              size[i] = words[w + 3];
            }
            batch.length = whole;
            record += whole;
            yield batch;
            const rest = filled - whole * ORACLE_RECORD;
            if (rest > 0) buf.copy(buf, 0, whole * ORACLE_RECORD, filled);
            filled = rest;
          }
          if (n === 0) break;
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}
