// Trace writers: oracleGeneral (binary), csv and txt. They write the ORIGINAL object ids (looked up
// in the reader's Interner), never the dense ids, through a buffered output (1 MiB writes), into a
// temporary file that is renamed over the target only when everything has been written.
//
// - oracleGeneral: 24-byte records (uint32 time · uint64 id · uint32 size · int64 next access).
//   Like libCacheSim's, each object keeps the size of its first request, and next_access_vtime is
//   the 1-based position of the next request to the same object (-1: never). It is computed after
//   the forward pass by reading the written file backwards (BATCH records at a time) and patching
//   each record, so memory is bounded by the objects, not the requests. Times are whole seconds
//   (floored, clamped to uint32). The format has no op and no TTL: SETs and DELETEs become plain
//   requests and TTLs are dropped (counted in the summary). String keys, which it cannot hold, are
//   written as a 64-bit hash of the string (two independent 32-bit FNV-1a variants).
// - csv: header `time,id,size,op` (plus `,ttl` when the source has TTLs); op is get/set/delete;
//   string ids are quoted when they contain a comma, a quote or edge spaces (an empty or multi-line
//   key, which no reader produces, is an error).
// - txt: one id per line, every line ending in a newline (time, size, op and TTL are dropped); a
//   key that is empty, spans lines or has edge spaces cannot be written (the reader would not get it
//   back) and is an error.
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { InputError } from "../core/errors.js";
import { grow } from "../core/grow.js";
import { Interner } from "./interner.js";
import { ORACLE_RECORD } from "./oracle-general.js";
import { BATCH, GET, type RequestBatch } from "./types.js";

const TWO32 = 4294967296;

export interface WriteSummary {
  requests: number;
  /** Requests whose op the format could not hold (written as plain requests). */
  droppedOps: number;
  /** Requests whose TTL the format could not hold. */
  droppedTtls: number;
}

export interface TraceWriter {
  write(batch: RequestBatch): void;
  /** Finishes the file (renames it into place) and says what was written. */
  close(): WriteSummary;
  /** Gives up: removes the temporary file. */
  abort(): void;
}

/** A file written in big chunks, through a temporary name renamed into place on commit. */
export class BufferedOutput {
  buf: Buffer;
  pos = 0;
  readonly fd: number;
  readonly tmp: string;
  /** Bytes flushed to the file so far. */
  written = 0;

  constructor(
    readonly path: string,
    size = 1 << 20,
  ) {
    this.tmp = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.tmp, "w+");
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off, this.written + off);
    this.written += this.pos;
    this.pos = 0;
  }

  byte(b: number): void {
    if (this.pos === this.buf.length) this.flush();
    this.buf[this.pos++] = b;
  }

  /** A string whose characters are all below 256 (ASCII, or a key decoded as latin1). */
  latin1(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, "latin1");
  }

  /** A non-negative integer below 2^53, in decimal. */
  uint(v: number): void {
    this.ensure(16);
    const buf = this.buf;
    if (v < 10) {
      buf[this.pos++] = 48 + v;
      return;
    }
    let digits = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    while (v >= 10) {
      const q = Math.floor(v / 10);
      buf[--p] = 48 + (v - q * 10);
      v = q;
    }
    buf[--p] = 48 + v;
  }

  /** An unsigned 64-bit integer hi:lo, in decimal. */
  u64(lo: number, hi: number): void {
    if (hi < 0x200000) this.uint(hi * TWO32 + lo);
    else this.latin1(((BigInt(hi) << 32n) | BigInt(lo)).toString());
  }

  /** A number of seconds: integers plainly, others as JavaScript prints them (round-trips exactly). */
  seconds(t: number): void {
    if (Number.isInteger(t) && t >= 0 && t < 2 ** 53) this.uint(t);
    else this.latin1(String(t));
  }

  commit(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tmp, { force: true });
  }
}

/** A 64-bit id for a string key, for formats that hold only numbers. */
export function hashKey(s: string): [lo: number, hi: number] {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  return [a >>> 0, b >>> 0];
}

export function oracleGeneralWriter(path: string, interner: Interner): TraceWriter {
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

const OP_NAMES = ["get", "set", "delete"];

export function csvWriter(path: string, interner: Interner): TraceWriter {
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

export function txtWriter(path: string, interner: Interner): TraceWriter {
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
