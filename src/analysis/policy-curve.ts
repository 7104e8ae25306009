// Miss-ratio curves for any policy: simulate many sizes at once (the runner replays them in worker
// threads over one shared copy of the trace), optionally on a SHARDS-sampled trace with every size
// scaled by the sampling rate ("miniature simulation", Waldspurger et al., USENIX ATC '17).
import { type SimulateRequest, simulate, type Workload } from "../sim/simulate.js";
import { ObjectHashes } from "../workload/sample-read.js";
import type { BatchSource, RequestBatch } from "../workload/types.js";
import type { Curve, CurvePoint } from "./curve.js";
import { P, sampleKey } from "./shards.js";

/** The requests of `source` whose object is in a fixed-rate spatial sample (SHARDS' sample: the same identity hash). */
export function sampledSource(source: BatchSource, rate: number, seed: number): BatchSource {
  const threshold = Math.round(rate * P);
  const key = sampleKey(seed);
  return {
    get objects() {
      return source.objects;
    },
    getsOnly: source.getsOnly,
    *[Symbol.iterator]() {
      let out: RequestBatch | null = null;
      const hashes = new ObjectHashes(source, key);
      for (const b of source) {
        if (out === null || out.key.length < b.length) {
          const n = b.key.length;
          out = {
            length: 0,
            time: new Float64Array(n),
            key: new Uint32Array(n),
            size: new Uint32Array(n),
            op: new Uint8Array(n),
            ttl: b.ttl ? new Uint32Array(n) : undefined,
          };
        }
        let k = 0;
        for (let i = 0; i < b.length; i++) {
          const id = b.key[i];
          if ((hashes.at(id) & (P - 1)) >= threshold) continue;
          out.time[k] = b.time[i];
          out.key[k] = id;
          out.size[k] = b.size[i];
          out.op[k] = b.op[i];
          if (b.ttl && out.ttl) out.ttl[k] = b.ttl[i];
          k++;
        }
        out.length = k;
        if (k > 0) yield out;
      }
    },
  };
}

export function sampledWorkload(w: Workload, rate: number, seed: number): Workload {
  return {
    open: () => sampledSource(w.open(), rate, seed),
    notes: w.notes,
    source: w.source,
  };
}

export interface PolicyCurveOptions {
  /** Capacities in the request's unit (absolute). */
  capacities: readonly number[];
  /** Miniature simulation at this sampling rate (sizes scaled by it); omitted: the full trace. */
  rate?: number;
  seed?: number;
  threads?: number;
  /** Working-set facts to fill the curve header when known (from an exact pass). */
  floor?: { compulsoryMisses: number; floorMissRatio: number; maxObjectBytes: number };
}

/**
 * One curve per eviction policy of `req` (its capacities are replaced by `capacities`). Exact where
 * the simulator is (full trace); an estimate with `rate`.
 */
export async function policyCurves(req: SimulateRequest, o: PolicyCurveOptions): Promise<Curve[]> {
  const t0 = performance.now();
  const rate = o.rate;
  const seed = o.seed ?? 0x5eed;
  const scaled = o.capacities.map((c) => (rate ? Math.max(1, Math.round(c * rate)) : c));
  const run = await simulate({
    ...req,
    workload: rate ? sampledWorkload(req.workload, rate, seed) : req.workload,
    capacities: scaled.map((c) => ({ text: String(c), amount: c })),
    window: 0,
    threads: o.threads,
  });
  const elapsedMs = Math.round(performance.now() - t0);
  return req.evictions.map((_, e) => {
    const rows = run.results.slice(e * scaled.length, (e + 1) * scaled.length);
    const points: CurvePoint[] = rows.map((r, i) => ({
      capacity: o.capacities[i],
      requests: r.requests,
      misses: r.misses,
      missRatio: r.missRatio,
      byteMisses: r.byteMisses,
      byteMissRatio: r.byteMissRatio,
    }));
    return {
      policy: rows[0].eviction,
      method: rate ? "miniature" : "simulated",
      unit: req.unit,
      requests: rows[0].requests,
      byteRequests: rows[0].byteRequests,
      objects: rate ? Math.round(run.trace.objects / rate) : run.trace.objects,
      workingSetBytes: run.trace.workingSetBytes,
      maxObjectBytes: o.floor?.maxObjectBytes ?? 0,
      compulsoryMisses: o.floor?.compulsoryMisses ?? 0,
      floorMissRatio: o.floor?.floorMissRatio ?? 0,
      exact: !rate,
      notes: rate
        ? [
            `miniature simulation: a ${rate} spatial sample of the objects, every size scaled by ${rate} (an estimate; simulate the full trace to confirm)`,
          ]
        : [],
      sampling: rate
        ? {
            method: "fixed-rate",
            rate,
            sampledRequests: rows[0].requests,
            sampledObjects: run.trace.objects,
            errorEstimate: null,
          }
        : undefined,
      elapsedMs,
      points,
    };
  });
}
