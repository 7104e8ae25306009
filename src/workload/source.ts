// What a trace reader returns: a stream of request batches (read lazily, once per iteration, in
// bounded memory) plus what a writer or a report needs to know about it.
import type { Interner } from "./interner.js";
import type { BatchSource, RequestBatch, RequestContext } from "./types.js";

export interface TraceSource extends BatchSource {
  readonly path: string;
  /** Registry name of the format it was read as (readers/registry.ts). */
  readonly format: string;
  /** Maps dense ids back to the ids in the file; shared by every iteration of this source. */
  readonly interner: Interner;
  /**
   * False when the format carries no clock (txt, a CSV without a time column): `time` then holds
   * the request's index, 0, 1, 2, … (virtual time, one request a second).
   */
  readonly hasTime: boolean;
  /** Decisions the reader took on the user's behalf (e.g. an op column it ignored). */
  readonly notes: readonly string[];
}

/** Builds a TraceSource around a generator function; the interner is shared by all iterations. */
export function traceSource(
  meta: {
    path: string;
    format: string;
    interner: Interner;
    hasTime: boolean;
    notes?: string[];
    firstSeenOrder?: boolean;
    getsOnly?: boolean;
    /** The context table a `ctx` column indexes (CSV context columns); filled while reading. */
    contexts?: RequestContext[];
  },
  batches: () => Generator<RequestBatch>,
): TraceSource {
  const { interner } = meta;
  return {
    path: meta.path,
    format: meta.format,
    interner,
    hasTime: meta.hasTime,
    notes: meta.notes ?? [],
    firstSeenOrder: meta.firstSeenOrder ?? true,
    getsOnly: meta.getsOnly ?? false,
    ...(meta.contexts ? { contexts: meta.contexts } : {}),
    get objects() {
      return interner.size;
    },
    [Symbol.iterator]: batches,
  };
}
