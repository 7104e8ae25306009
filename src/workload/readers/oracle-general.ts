// libCacheSim "oracleGeneral" binary traces: 24-byte little-endian records, no header:
//   uint32 clock_time (s) · uint64 obj_id · uint32 obj_size · int64 next_access_vtime
// next_access_vtime is the 1-based position of the next request to the same object (-1: never);
// the reader ignores it (the simulator computes its own when a policy needs the future). Each object
// keeps the size of its first request. Every request is a GET: the format has no op.
// Plain or zstd-compressed (detected by magic bytes); read BATCH records at a time into one reused
// buffer and decoded through a uint32 view: this loop is on the simulator's critical path.
// It can also read for a spatial sample (../sample-read.ts): each record's 8-byte id is hashed
// where it lies and only sampled records are interned and decoded.
import { openInput } from "../input/byte-input.js";
import { recordBatches, recordChunks } from "../input/records.js";
import { Interner } from "../interner.js";
import {
  fmix32,
  newSampledChunk,
  SAMPLE_SPACE,
  type SampledChunk,
  type SampleFilter,
  sampleInterner,
} from "../sample-read.js";
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
  const source = traceSource(
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
  return Object.assign(source, { sampleRecords: (filter: SampleFilter) => sampleOracleGeneral(path, filter) });
}

/** The records of a spatial sample (../sample-read.ts), hashed from the raw 64-bit id before anything else. */
function* sampleOracleGeneral(path: string, filter: SampleFilter): Generator<SampledChunk> {
  const local = sampleInterner();
  let out = newSampledChunk(1 << 12);
  out.op.fill(GET);
  const key = filter.key;
  const from = filter.countFrom;
  const mask = SAMPLE_SPACE - 1;
  let pos = 0;
  const input = openInput(path);
  try {
    for (const chunk of recordChunks(input, path, "oracleGeneral", ORACLE_RECORD)) {
      const words = chunk.words;
      const n = chunk.count;
      const threshold = filter.threshold;
      let k = 0;
      let bytes = 0;
      let max = 0;
      for (let i = 0, w = 0; i < n; i++, w += 6) {
        const s = words[w + 3];
        bytes += s;
        if (s > max) max = s;
        // idHash inlined: the only per-record work besides the size
        const hi = words[w + 2];
        let x = words[w + 1] ^ key ^ (hi === 0 ? 0 : fmix32(hi));
        x ^= x >>> 16;
        x = Math.imul(x, 0x85ebca6b);
        x ^= x >>> 13;
        x = Math.imul(x, 0xc2b2ae35);
        x ^= x >>> 16;
        if ((x & mask) >= threshold) continue;
        if (k === out.key.length) out = grownChunk(out);
        out.key[k] = local.intern(words[w + 1], hi);
        out.size[k] = s;
        out.hash[k] = x;
        out.at[k] = i;
        k++;
      }
      // every oracleGeneral request is a GET: the counted ones are those at or after `from`
      let counted = n;
      let countedBytes = bytes;
      if (pos < from) {
        const skip = Math.min(n, from - pos);
        counted = n - skip;
        for (let i = 0; i < skip; i++) countedBytes -= words[6 * i + 3];
      }
      out.length = k;
      out.start = pos;
      out.records = n;
      out.counted = counted;
      out.countedBytes = countedBytes;
      out.maxSize = max;
      pos += n;
      yield out;
    }
  } finally {
    input.close();
  }
}

function grownChunk(c: SampledChunk): SampledChunk {
  const g = newSampledChunk(c.key.length * 2);
  g.key.set(c.key);
  g.size.set(c.size);
  g.op.fill(GET);
  g.hash.set(c.hash);
  g.at.set(c.at);
  return g;
}
