// A whole trace loaded once into SharedArrayBuffers, so that worker threads replaying different
// policies read one copy. Only the columns a run needs are kept: keys always; sizes when a run
// counts bytes; ops, times and TTLs only when the trace has non-GET requests or TTLs. The first
// size of each object gives the working set (libCacheSim's oracleGeneral convention; tally.ts).
import { InputError } from "../core/errors.js";
import { WorkingSetTally } from "./tally.js";
import { BATCH, type BatchSource, GET, type RequestBatch, type RequestContext } from "./types.js";

export interface SharedTrace {
  length: number;
  /** Distinct objects requested. */
  objects: number;
  /** One more than the largest id (sizes per-id tables; above `objects` when ids are sparse). */
  idSpace: number;
  requestedBytes: number;
  workingSetBytes: number;
  key: Uint32Array;
  size: Uint32Array | null;
  op: Uint8Array | null;
  time: Float64Array | null;
  ttl: Uint32Array | null;
  /** Context indexes (and times), kept only when the workload has a context column. */
  ctx?: Uint16Array | null;
  contexts?: readonly RequestContext[];
}

function shared<T extends Uint32Array | Uint8Array | Uint16Array | Float64Array>(
  Ctor: { new (b: SharedArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number },
  n: number,
): T {
  return new Ctor(new SharedArrayBuffer(Math.max(1, n) * Ctor.BYTES_PER_ELEMENT), 0, Math.max(1, n));
}

function growShared<T extends Uint32Array | Uint8Array | Uint16Array | Float64Array>(a: T, min: number): T {
  let n = a.length;
  while (n < min) n *= 2;
  const Ctor = a.constructor as unknown as {
    new (b: SharedArrayBuffer, o: number, n: number): T;
    BYTES_PER_ELEMENT: number;
  };
  const b = shared(Ctor, n);
  b.set(a);
  return b;
}

export interface LoadOptions {
  /** Keep per-request sizes (needed when capacity is counted in bytes). */
  sizes: boolean;
  /** Expected number of requests (sizes the first allocation; e.g. file size / record size). */
  expected?: number;
}

/** Loads a whole workload into shared memory; one too large for memory is an InputError, not a crash. */
export function loadShared(source: BatchSource, opts: LoadOptions): SharedTrace {
  try {
    return load(source, opts);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new InputError(
        `the workload does not fit in memory to be shared by several pairs (${e.message}); run one policy at one capacity to stream it instead`,
      );
    }
    throw e;
  }
}

function load(source: BatchSource, opts: LoadOptions): SharedTrace {
  // the first allocation follows the expected length, up to 16 Mi requests; then doubling
  let cap = Math.max(BATCH, Math.min(opts.expected ?? 1 << 20, 1 << 24));
  let key = shared(Uint32Array, cap);
  let size = opts.sizes ? shared(Uint32Array, cap) : null;
  let op: Uint8Array | null = null;
  let time: Float64Array | null = null;
  let ttl: Uint32Array | null = null;
  let ctx: Uint16Array | null = null;
  const tally = new WorkingSetTally(source.firstSeenOrder === true);
  let length = 0;
  for (const b of source) {
    const n = b.length;
    if (length + n > cap) {
      cap = Math.max(cap * 2, length + n);
      key = growShared(key, cap);
      if (size) size = growShared(size, cap);
      if (op) op = growShared(op, cap);
      if (time) time = growShared(time, cap);
      if (ttl) ttl = growShared(ttl, cap);
      if (ctx) ctx = growShared(ctx, cap);
    }
    key.set(b.key.subarray(0, n), length);
    if (size) size.set(b.size.subarray(0, n), length);
    if (!op && hasNonGet(b)) {
      op = growShared(shared(Uint8Array, 1), cap);
      time = growShared(shared(Float64Array, 1), cap);
    }
    if (!ttl && b.ttl && hasNonZero(b.ttl, n)) {
      ttl = growShared(shared(Uint32Array, 1), cap);
      if (!time) time = growShared(shared(Float64Array, 1), cap);
    }
    if (!ctx && b.ctx) {
      // a context column: kept with the times (a context prefetcher reads the local hour)
      ctx = growShared(shared(Uint16Array, 1), cap);
      if (!time) time = growShared(shared(Float64Array, 1), cap);
    }
    if (ctx && b.ctx) ctx.set(b.ctx.subarray(0, n), length);
    if (op) op.set(b.op.subarray(0, n), length);
    if (time) time.set(b.time.subarray(0, n), length);
    if (ttl && b.ttl) ttl.set(b.ttl.subarray(0, n), length);
    tally.add(b.key, b.size, n);
    length += n;
  }
  const { objects, idSpace, requestedBytes, workingSetBytes } = tally;
  const t: SharedTrace = { length, objects, idSpace, requestedBytes, workingSetBytes, key, size, op, time, ttl };
  if (ctx) {
    t.ctx = ctx;
    t.contexts = source.contexts ?? [];
  }
  return t;
}

function hasNonGet(b: RequestBatch): boolean {
  for (let i = 0; i < b.length; i++) if (b.op[i] !== GET) return true;
  return false;
}

function hasNonZero(a: Uint32Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== 0) return true;
  return false;
}

/** Views of requests [from, to) as a batch (no copy). */
export function sliceBatch(t: SharedTrace, from: number, to: number, scratch: RequestBatch): RequestBatch {
  scratch.length = to - from;
  scratch.key = t.key.subarray(from, to);
  if (t.size) scratch.size = t.size.subarray(from, to);
  if (t.op) scratch.op = t.op.subarray(from, to);
  if (t.time) scratch.time = t.time.subarray(from, to);
  scratch.ttl = t.ttl ? t.ttl.subarray(from, to) : undefined;
  if (t.ctx) scratch.ctx = t.ctx.subarray(from, to);
  return scratch;
}
