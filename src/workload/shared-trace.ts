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
  /** Most requests the first allocation is sized for (default 16 Mi; then it grows by doubling). */
  capacity?: number;
}

/** Follows a load as it happens: the loader before the first batch, then after every batch copied. */
export interface LoadWatch {
  start?(loader: SharedLoader): void;
  batch?(loader: SharedLoader): void;
}

/** Loads a whole workload into shared memory; one too large for memory is an InputError, not a crash. */
export function loadShared(source: BatchSource, opts: LoadOptions, watch: LoadWatch = {}): SharedTrace {
  try {
    return load(source, opts, watch);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new InputError(
        `the workload does not fit in memory to be shared by several pairs (${e.message}); run one policy at one capacity to stream it instead`,
      );
    }
    throw e;
  }
}

function load(source: BatchSource, opts: LoadOptions, watch: LoadWatch): SharedTrace {
  const loader = new SharedLoader(opts, source.firstSeenOrder === true);
  watch.start?.(loader);
  for (const b of source) {
    loader.add(b);
    watch.batch?.(loader);
  }
  return loader.finish(source.contexts);
}

/**
 * Copies batches into shared columns as they are read. The columns are replaced when they grow (by
 * doubling past `capacity`) or when a column appears (the first non-GET, TTL or context): a reader
 * of the columns while they are being filled (a streamed cluster run, src/sim/cluster/stream.ts) checks `columnsChanged`.
 */
export class SharedLoader {
  key: Uint32Array;
  size: Uint32Array | null;
  op: Uint8Array | null = null;
  time: Float64Array | null = null;
  ttl: Uint32Array | null = null;
  ctx: Uint16Array | null = null;
  /** Requests copied so far. */
  length = 0;
  /** Set once a column has been replaced or added since the loader was made. */
  columnsChanged = false;
  private cap: number;
  private readonly tally: WorkingSetTally;

  constructor(opts: LoadOptions, firstSeenOrder: boolean) {
    // the first allocation follows the expected length, up to 16 Mi requests; then doubling
    this.cap = Math.max(BATCH, Math.min(opts.expected ?? 1 << 20, opts.capacity ?? 1 << 24));
    this.key = shared(Uint32Array, this.cap);
    this.size = opts.sizes ? shared(Uint32Array, this.cap) : null;
    this.tally = new WorkingSetTally(firstSeenOrder);
  }

  /** Distinct objects copied so far. */
  get objects(): number {
    return this.tally.objects;
  }

  add(b: RequestBatch): void {
    const n = b.length;
    const length = this.length;
    let cap = this.cap;
    if (length + n > cap) {
      cap = this.cap = Math.max(cap * 2, length + n);
      this.key = growShared(this.key, cap);
      if (this.size) this.size = growShared(this.size, cap);
      if (this.op) this.op = growShared(this.op, cap);
      if (this.time) this.time = growShared(this.time, cap);
      if (this.ttl) this.ttl = growShared(this.ttl, cap);
      if (this.ctx) this.ctx = growShared(this.ctx, cap);
      this.columnsChanged = true;
    }
    this.key.set(b.key.subarray(0, n), length);
    if (this.size) this.size.set(b.size.subarray(0, n), length);
    if (!this.op && hasNonGet(b)) {
      this.op = growShared(shared(Uint8Array, 1), cap);
      this.time = growShared(shared(Float64Array, 1), cap);
      this.columnsChanged = true;
    }
    if (!this.ttl && b.ttl && hasNonZero(b.ttl, n)) {
      this.ttl = growShared(shared(Uint32Array, 1), cap);
      if (!this.time) this.time = growShared(shared(Float64Array, 1), cap);
      this.columnsChanged = true;
    }
    if (!this.ctx && b.ctx) {
      // a context column: kept with the times (a context prefetcher reads the local hour)
      this.ctx = growShared(shared(Uint16Array, 1), cap);
      if (!this.time) this.time = growShared(shared(Float64Array, 1), cap);
      this.columnsChanged = true;
    }
    if (this.ctx && b.ctx) this.ctx.set(b.ctx.subarray(0, n), length);
    if (this.op) this.op.set(b.op.subarray(0, n), length);
    if (this.time) this.time.set(b.time.subarray(0, n), length);
    if (this.ttl && b.ttl) this.ttl.set(b.ttl.subarray(0, n), length);
    this.tally.add(b.key, b.size, n);
    this.length = length + n;
  }

  /** The loaded trace (`contexts`: the source's context table, kept with a context column). */
  finish(contexts?: readonly RequestContext[]): SharedTrace {
    const { objects, idSpace, requestedBytes, workingSetBytes } = this.tally;
    const { length, key, size, op, time, ttl, ctx } = this;
    const t: SharedTrace = { length, objects, idSpace, requestedBytes, workingSetBytes, key, size, op, time, ttl };
    if (ctx) {
      t.ctx = ctx;
      t.contexts = contexts ?? [];
    }
    return t;
  }
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
