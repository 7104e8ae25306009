// What every trace writer shares: the writer interface and its spec (registry.ts), and a buffered
// output file. Writers write the ORIGINAL object ids (looked up in the reader's Interner), never the
// dense ids, through 1 MiB writes into a temporary file that is put in place only when everything
// has been written (src/core/output-file.ts: renamed over a regular file or new path, copied into a
// device or FIFO, removed on any failure or signal).
import { closeSync, openSync, writeSync } from "node:fs";
import {
  abortTemp,
  commitTemp,
  type OutputTarget,
  outputTarget,
  tempPathFor,
  trackTemp,
  writeError,
} from "../../core/output-file.js";
import type { Interner } from "../interner.js";
import type { RequestBatch } from "../types.js";

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

/** A trace format's writer, as the registry lists it. */
export interface WriterSpec {
  summary: string;
  /** Starts writing `path`; ids are written as `interner` says they were read. */
  create(path: string, interner: Interner): TraceWriter;
}

/** A file written in big chunks, through a temporary name renamed into place on commit. */
export class BufferedOutput {
  buf: Buffer;
  pos = 0;
  readonly fd: number;
  readonly tmp: string;
  readonly target: OutputTarget;
  /** Bytes flushed to the file so far. */
  written = 0;

  constructor(
    readonly path: string,
    size = 1 << 20,
  ) {
    this.target = outputTarget(path);
    this.tmp = tempPathFor(this.target);
    trackTemp(this.tmp);
    try {
      this.fd = openSync(this.tmp, "wx+");
    } catch (e) {
      abortTemp(this.tmp);
      throw writeError(path, e);
    }
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
    commitTemp(this.tmp, this.target);
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    abortTemp(this.tmp);
  }
}
