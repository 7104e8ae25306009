// Trace writers: oracleGeneral (binary) with libCacheSim's next-access field. Like libCacheSim's,
// each object keeps the size of its first request, and next_access_vtime is the 1-based position of
// the next request to the same object (-1: never). It is computed after the forward pass by reading
// the written file backwards (BATCH records at a time) and patching each record, so memory is
// bounded by the objects, not the requests. Times are whole seconds (floored, clamped to uint32).
// The format has no op and no TTL: SETs and DELETEs become plain requests and TTLs are dropped
// (counted in the summary). String keys, which it cannot hold, are written as hashKey(string).
import { readSync, writeSync } from "node:fs";
import { grow } from "../../core/grow.js";
import { hashKey } from "../hash-key.js";
import { Interner } from "../interner.js";
import { ORACLE_RECORD } from "../readers/oracle-general.js";
import { BATCH, GET } from "../types.js";
import { BufferedOutput, type TraceWriter, type WriterSpec } from "./output.js";

const TWO32 = 4294967296;

export const oracleGeneralWriter: WriterSpec = {
  summary: "24-byte records with libCacheSim's next access; each object keeps its first size; no op or TTL",
  create: writeOracleGeneral,
};

export function writeOracleGeneral(path: string, interner: Interner): TraceWriter {
  const out = new BufferedOutput(path, BATCH * ORACLE_RECORD);
  const words = new Uint32Array(out.buf.buffer, out.buf.byteOffset, out.buf.length >>> 2);
  // per dense id: seen?, the size of its first request, the id written for it
  let seen = new Uint8Array(1 << 16);
  let firstSize = new Uint32Array(seen.length);
  let outLo = new Uint32Array(seen.length);
  let outHi = new Uint32Array(seen.length);
  let requests = 0;
  let droppedOps = 0;
  let droppedTtls = 0;

  const growTo = (need: number) => {
    seen = grow(seen, need + 1);
    firstSize = grow(firstSize, need + 1);
    outLo = grow(outLo, need + 1);
    outHi = grow(outHi, need + 1);
  };

  return {
    write(batch) {
      const { time, key, size, op, ttl } = batch;
      for (let i = 0; i < batch.length; i++) {
        const d = key[i];
        if (d >= seen.length) growTo(d);
        if (seen[d] === 0) {
          seen[d] = 1;
          firstSize[d] = size[i];
          const name = interner.originalString(d);
          if (name === undefined) {
            outLo[d] = interner.originalLo(d);
            outHi[d] = interner.originalHi(d);
          } else {
            [outLo[d], outHi[d]] = hashKey(name);
          }
        }
        if (op[i] !== GET) droppedOps++;
        if (ttl !== undefined && ttl[i] !== 0) droppedTtls++;
        if (out.pos === out.buf.length) out.flush();
        const w = out.pos >>> 2;
        const t = Math.floor(time[i]);
        words[w] = t > 0 ? (t < TWO32 ? t : TWO32 - 1) : 0;
        words[w + 1] = outLo[d];
        words[w + 2] = outHi[d];
        words[w + 3] = firstSize[d];
        words[w + 4] = 0xffffffff;
        words[w + 5] = 0xffffffff;
        out.pos += ORACLE_RECORD;
      }
      requests += batch.length;
    },
    close() {
      out.flush();
      patchNextAccess(out.fd, requests);
      out.commit();
      return { requests, droppedOps, droppedTtls };
    },
    abort() {
      out.abort();
    },
  };
}

/** Fills in next_access_vtime by reading the written records backwards, BATCH at a time. */
function patchNextAccess(fd: number, requests: number): void {
  const buf = Buffer.alloc(BATCH * ORACLE_RECORD);
  const words = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
  const ids = new Interner();
  /** 1-based position of the next request per id seen so far (0: none yet) */
  let next = new Float64Array(1 << 16);
  for (let end = requests; end > 0; ) {
    const start = Math.max(0, end - BATCH);
    const count = end - start;
    const bytes = count * ORACLE_RECORD;
    const at = start * ORACLE_RECORD;
    for (let got = 0; got < bytes; ) got += readSync(fd, buf, got, bytes - got, at + got);
    for (let i = count - 1, w = i * 6; i >= 0; i--, w -= 6) {
      const d = ids.intern(words[w + 1], words[w + 2]);
      if (d >= next.length) {
        const n = new Float64Array(next.length * 2);
        n.set(next);
        next = n;
      }
      const v = next[d];
      if (v !== 0) {
        words[w + 4] = v >>> 0;
        words[w + 5] = Math.floor(v / TWO32);
      }
      next[d] = start + i + 1;
    }
    for (let put = 0; put < bytes; ) put += writeSync(fd, buf, put, bytes - put, at + put);
    end = start;
  }
}
