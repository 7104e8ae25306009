// The request model. In the hot path requests travel as columnar typed-array batches, never as one
// object per request. A reader reuses one batch object (and its arrays) for every batch it yields:
// consume a batch before asking for the next one.

export const GET = 0;
export const SET = 1;
export const DELETE = 2;
export type Op = typeof GET | typeof SET | typeof DELETE;

export interface RequestBatch {
  length: number;
  /** Seconds since the start of the workload (trace clocks are kept as read, in seconds). */
  time: Float64Array;
  /** Dense object id (interned once), 0..objects-1. */
  key: Uint32Array;
  /** Bytes. */
  size: Uint32Array;
  /** GET | SET | DELETE. */
  op: Uint8Array;
  /** Seconds, 0 = none. */
  ttl?: Uint32Array;
  /**
   * Optional: per request, an index into the source's context table (`BatchSource.contexts`);
   * absent when the workload has no context (nothing is allocated or read then).
   */
  ctx?: Uint16Array;
}

/** What a request's context index stands for: where and on what it was made (prefetchers read it). */
export interface RequestContext {
  /** Region name (`eu`, `us`, …), "" when the workload has no regions. */
  region: string;
  /** Device type (`phone`, `tv`, …), "" when the workload has none. */
  device: string;
  /** The region's time zone: local time = trace time + utcOffsetHours × 3600. */
  utcOffsetHours: number;
}

/** A stream of batches plus what is known about it once (or while) it has been read. */
export interface BatchSource extends Iterable<RequestBatch> {
  /** Distinct objects seen so far (the next dense id to be handed out). */
  readonly objects: number;
  /** True when ids are handed out in first-seen order (interned traces): a new object is the next id. */
  readonly firstSeenOrder?: boolean;
  /** True when every request is a GET (the format has no ops), so the engine can skip checking. */
  readonly getsOnly?: boolean;
  /** The context table batches' `ctx` columns index into; absent when requests carry no context. */
  readonly contexts?: readonly RequestContext[];
}

export const BATCH = 65536;

export function newBatch(capacity = BATCH): RequestBatch {
  return {
    length: 0,
    time: new Float64Array(capacity),
    key: new Uint32Array(capacity),
    size: new Uint32Array(capacity),
    op: new Uint8Array(capacity),
  };
}
