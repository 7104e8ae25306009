// Synthetic workloads: a parsed `workload` section (schema.ts) and a seed become a BatchSource,
// the same stream type trace readers produce, so the simulator and the live bench cannot tell a
// generated workload from a recorded one.
//
// Each batch is built column by column, each column by one tight loop: times (arrivals.ts), then
// which requests are one-hit wonders (one-hit-wonders.ts), then keys from the key process (a
// popularity distribution of registry.ts, optionally with scans mixed in), then sizes as a pure function of the
// id (sizes.ts), ops (ops.ts) and TTLs (ttl.ts). One batch object and its arrays are reused for the
// whole stream; nothing is allocated per request.
//
// Determinism: the same workload and seed give the same stream, byte for byte, on every
// iteration (each iteration restarts every generator from the seed). Every random component has
// its own stream (hash.ts), so e.g. turning TTLs on or changing the op mix leaves keys, sizes and
// times unchanged, which makes comparisons between scenario variants paired rather than noisy.
import { BATCH, type BatchSource, newBatch, type RequestBatch } from "../types.js";
import { Arrivals } from "./arrivals.js";
import { ContextModel, contextIds, contextTable } from "./context.js";
import { Stream, seedKey, streamRng } from "./hash.js";
import type { KeyProcess } from "./keys.js";
import { OneHitWonders } from "./one-hit-wonders.js";
import { OpMix } from "./ops.js";
import { keyDistribution } from "./registry.js";
import { ScanKeys } from "./scan.js";
import type { SyntheticWorkload } from "./schema.js";
import { SizeModel } from "./sizes.js";
import { TtlModel } from "./ttl.js";

export interface SyntheticSource extends BatchSource {
  /** Requests the stream yields in total. */
  readonly requests: number;
  /** Ids of the key distribution are below this; one-hit wonders get ids from here up. */
  readonly baseObjects: number;
  /** A sizing hint for per-id tables: base objects plus the expected number of one-hit wonders. */
  readonly expectedObjects: number;
}

/** Salt for the size hash, so sizes do not correlate with anything else derived from the seed. */
const SIZE_SALT = 0x517e;

/** The key process of a workload (without one-hit wonders, which the generator adds). */
export function keyProcess(w: SyntheticWorkload, seed: number): KeyProcess {
  const n = w.objects;
  const base = keyDistribution(w.keys, { objects: n, seed, rng: streamRng(seed, Stream.keys) });
  const scans = w.scans;
  if (scans === undefined) return base;
  // scans.fraction is a share of all requests; the key process only sees the non-wonders
  const fraction = Math.min(1, scans.fraction / (1 - w.oneHitWonders));
  const rngScans = streamRng(seed, Stream.scans);
  return new ScanKeys(base, scans.range ?? n, fraction, scans.length, scans.mode, rngScans);
}

/** The request stream of a synthetic workload. */
export function synthetic(w: SyntheticWorkload, seed: number): SyntheticSource {
  const baseObjects = w.objects;
  // with context, hot sets add ids above the base ones and devices multiply them (context.ts)
  const ctxIds = w.context ? contextIds(w.context, baseObjects) : null;
  let end = ctxIds ? ctxIds.objects : baseObjects;
  return {
    requests: w.requests,
    baseObjects,
    expectedObjects: ctxIds ? ctxIds.objects : baseObjects + Math.ceil(w.requests * w.oneHitWonders),
    get objects() {
      return end;
    },
    ...(w.context ? { contexts: contextTable(w.context) } : {}),
    *[Symbol.iterator](): Iterator<RequestBatch> {
      end = ctxIds ? ctxIds.objects : baseObjects;
      const context = w.context ? new ContextModel(w.context, baseObjects, streamRng(seed, Stream.context)) : null;
      const keys = keyProcess(w, seed);
      const arrivals = new Arrivals(w.rate, w.arrivals, streamRng(seed, Stream.arrivals));
      const sizes = new SizeModel(w.sizes, seedKey(seed, SIZE_SALT), baseObjects);
      const ops = new OpMix(w.ops, streamRng(seed, Stream.ops));
      const ttl = new TtlModel(w.ttl, streamRng(seed, Stream.ttl));
      const wonders =
        w.oneHitWonders > 0
          ? new OneHitWonders(w.oneHitWonders, baseObjects, streamRng(seed, Stream.oneHitWonders))
          : null;
      const batch = newBatch(BATCH);
      if (ttl.enabled) batch.ttl = new Uint32Array(BATCH);
      if (context) batch.ctx = new Uint16Array(BATCH);
      const flag = wonders ? new Uint8Array(BATCH) : null;
      const keyTime = wonders ? new Float64Array(BATCH) : null;
      for (let done = 0; done < w.requests; ) {
        const n = Math.min(BATCH, w.requests - done);
        arrivals.fill(batch.time, n);
        if (wonders === null || flag === null || keyTime === null) {
          keys.fill(batch.key, batch.time, 0, n);
        } else {
          const m = wonders.choose(flag, batch.time, keyTime, n);
          keys.fill(batch.key, keyTime, 0, m);
          wonders.spread(batch.key, flag, n, m);
          end = wonders.end;
        }
        if (context) context.fill(batch.key, batch.time, batch.ctx!, n);
        sizes.fill(batch.size, batch.key, n);
        if (context) context.deviceSizes(batch.size, batch.ctx!, n);
        ops.fill(batch.op, n);
        if (batch.ttl) ttl.fill(batch.ttl, n);
        batch.length = n;
        done += n;
        yield batch;
      }
    },
  };
}
