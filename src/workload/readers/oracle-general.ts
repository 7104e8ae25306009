// libCacheSim "oracleGeneral" binary traces: 24-byte little-endian records, no header:
//   uint32 clock_time (s) · uint64 obj_id · uint32 obj_size · int64 next_access_vtime
// next_access_vtime is the 1-based position of the next request to the same object (-1: never);
// the reader ignores it (the simulator computes its own when a policy needs the future). Each object
// keeps the size of its first request. Every request is a GET: the format has no op.
// Plain or zstd-compressed (detected by magic bytes); read BATCH records at a time into one reused
// buffer and decoded through a uint32 view: this loop is on the simulator's critical path.
import { recordBatches } from "../input/records.js";
import { Interner } from "../interner.js";
import { type TraceSource, traceSource } from "../source.js";
import { GET, newBatch, type RequestBatch } from "../types.js";
import type { ReaderSpec, TraceHead } from "./spec.js";

export const ORACLE_RECORD = 24;

export const oracleGeneralReader: ReaderSpec = {
  summary: "libCacheSim binary: 24-byte records (time, 64-bit id, size, next access); all GETs",
  extensions: [".oraclegeneral.bin", ".oraclegeneral", ".bin"],
  nameContains: "oraclegeneral",
  recordBytes: ORACLE_RECORD,
  sniff: (head) => (!head.text && plausibleOracleGeneral(head) ? 1 : 0),
  open: (path, _options, interner) => readOracleGeneral(path, interner),
};

/** Whether a (binary) head holds whole records whose next-access fields make sense. */
function plausibleOracleGeneral({ bytes, size }: TraceHead): boolean {
  if (size !== undefined && size % ORACLE_RECORD !== 0) return false;
  const records = Math.floor(bytes.length / ORACLE_RECORD);
  if (records === 0) return false;
  for (let r = 0; r < Math.min(records, 1000); r++) {
    const lo = bytes.readUInt32LE(r * ORACLE_RECORD + 16);
    const hi = bytes.readInt32LE(r * ORACLE_RECORD + 20);
    const never = lo === 0xffffffff && hi === -1;
    if (!never && (hi < 0 || hi * 4294967296 + lo <= r + 1)) return false;
  }
  return true;
}

export function readOracleGeneral(path: string, interner = new Interner()): TraceSource {
  return traceSource(
    { path, format: "oracleGeneral", interner, hasTime: true, getsOnly: true },
    function* (): Generator<RequestBatch> {
      const batch = newBatch();
      batch.op.fill(GET);
      const { time, key, size } = batch;
      yield* recordBatches(path, "oracleGeneral", ORACLE_RECORD, batch, (words, n) => {
        for (let i = 0, w = 0; i < n; i++, w += 6) {
          time[i] = words[w];
          key[i] = interner.intern(words[w + 1], words[w + 2]);
          size[i] = words[w + 3];
        }
      });
    },
  );
}
