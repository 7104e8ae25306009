// One simulation job: an eviction policy (and optional admission filter) at one capacity, replayed
// over a stream of batches. Runs the same way in the main thread and in a worker.
import { InputError } from "../core/errors.js";
import type { Unit } from "../core/unit.js";
import { CacheNode } from "../engine/node.js";
import { admissionPolicies } from "../policies/admission/registry.js";
import type { AdmissionPolicy, AdmissionSpec } from "../policies/admission/types.js";
import { evictionPolicies } from "../policies/eviction/registry.js";
import type { EvictionPolicy, EvictionSpec } from "../policies/eviction/types.js";
import { isNone } from "../policies/prefetch/none.js";
import { prefetchers } from "../policies/prefetch/registry.js";
import type { KeySpace, Prefetcher, PrefetchSpec, RequestContext } from "../policies/prefetch/types.js";
import {
  createStrategy,
  loadModuleSpec,
  lookup,
  type PolicyRef,
  refLabel,
  resolveParams,
} from "../policies/resolve.js";
import type { Params } from "../policies/spec.js";
import type { RequestBatch } from "../workload/types.js";
import type { ClusterJobSpec } from "./cluster/config.js";
import { drive } from "./drive.js";
import type { ClusterRowFields } from "./result.js";
import { withTwin } from "./twin.js";

export interface Job {
  eviction: PolicyRef;
  admission?: PolicyRef;
  /** In the run's unit. */
  capacity: number;
  /** As the user wrote it (`1%`, `64MiB`). */
  capacityText: string;
  unit: Unit;
  seed: number;
  warmup: number;
  window: number | "auto";
  /** A simulated cluster instead of one cache (src/sim/cluster/run.ts). */
  cluster?: ClusterJobSpec;
  /** A prefetcher (`none` included): the row then gets a `prefetch` section. */
  prefetch?: PolicyRef;
}

/** What a prefetcher did in one job (absent from rows of runs that name no prefetcher). */
export interface PrefetchResult {
  prefetcher: string;
  /** Objects fetched from the backend by the prefetcher (each one extra backend fetch). */
  prefetches: number;
  prefetchBytes: number;
  /** Prefetched objects requested before they left the cache. */
  used: number;
  /** Prefetched objects that left the cache unused, and their bytes. */
  wasted: number;
  wastedBytes: number;
  /** used / prefetches (0 when nothing was prefetched). */
  accuracy: number;
  /** Demand misses of the twin run without the prefetcher (same policy, capacity, workload). */
  baselineMisses: number;
  /** baselineMisses − misses: negative when prefetching evicted useful objects. */
  missesAvoided: number;
  /** max(0, missesAvoided) / baselineMisses, in [0, 1]. */
  coverage: number;
  /** hitRatio − the twin's hit ratio. */
  hitRatioGain: number;
  /** `baseline` (the `none` row), `useful` (gain ≥ 0.001), `harmful` (gain ≤ −0.001), else `not useful`. */
  verdict: "baseline" | "useful" | "not useful" | "harmful";
}

/** One row of a simulation result. Field names are a contract read by CI gates and scripts. */
export interface JobResult {
  eviction: string;
  policy: string;
  params: Params;
  admission: string | null;
  capacity: number;
  capacityText: string;
  unit: Unit;
  requests: number;
  hits: number;
  misses: number;
  hitRatio: number;
  missRatio: number;
  byteRequests: number;
  byteMisses: number;
  byteMissRatio: number;
  evictions: number;
  bypasses: number;
  expirations: number;
  /** Miss ratio per window of `window` requests after warm-up. */
  series: { window: number; missRatio: number[] };
  timing: { elapsedMs: number; requestsPerSec: number };
  // a cluster row adds (src/sim/result.ts, docs/cluster.md): cluster, nodes, tiers, phases, latency
  cluster?: ClusterRowFields["cluster"];
  nodes?: ClusterRowFields["nodes"];
  tiers?: ClusterRowFields["tiers"];
  phases?: ClusterRowFields["phases"];
  latency?: ClusterRowFields["latency"];
  prefetch?: PrefetchResult;
}

export async function prefetchSpec(ref: PolicyRef): Promise<PrefetchSpec> {
  if (!ref.module) return lookup(prefetchers, ref.name, "prefetcher");
  const spec = await loadModuleSpec<PrefetchSpec>(ref.module, "prefetcher");
  probe(spec, ref, "prefetcher");
  return spec;
}

export async function evictionSpec(ref: PolicyRef): Promise<EvictionSpec> {
  if (!ref.module) return lookup(evictionPolicies, ref.name, "eviction policy");
  const spec = await loadModuleSpec<EvictionSpec>(ref.module, "eviction policy");
  probe(spec, ref, "eviction policy");
  return spec;
}

export async function admissionSpec(ref: PolicyRef): Promise<AdmissionSpec> {
  if (!ref.module) return lookup(admissionPolicies, ref.name, "admission policy");
  const spec = await loadModuleSpec<AdmissionSpec>(ref.module, "admission policy");
  probe(spec, ref, "admission policy");
  return spec;
}

const probed = new Set<string>();

/**
 * A user's module is checked when it loads, before any trace is read: one tiny instance must have
 * the methods of its kind (an eviction module given as --admission fails here, exit 2, named).
 */
function probe(spec: EvictionSpec | AdmissionSpec | PrefetchSpec, ref: PolicyRef, kind: string): void {
  const key = `${kind}\0${ref.module}\0${JSON.stringify(ref.params)}`;
  if (probed.has(key) || ("oracle" in spec && spec.oracle)) return;
  const params = resolveParams(spec, ref.params, kind);
  const ctx = { capacity: 1, ids: 1, seed: 0, bytes: true, idLimit: 1, contexts: [] };
  createStrategy(spec, params, ctx, ref, kind);
  probed.add(key);
}

export interface RunInput {
  batches: Iterable<RequestBatch>;
  /** Distinct ids expected (sizing hint). */
  ids: number;
  ops: boolean;
  nextAccess?: Int32Array;
  progress?: (done: number) => void;
  /** The workload's context table (requests carry an index into it), for context prefetchers. */
  contexts?: readonly RequestContext[];
  /** The trace's own keys (OBL's next block), when the run keeps them. */
  keys?: KeySpace;
  /** Prefetched ids at or above this are refused (default: `ids`). */
  idLimit?: number;
  /**
   * A trace still being loaded while the job runs (a streamed cluster run, cluster/stream.ts):
   * `ids` is then an estimate of its id space, and `seen()` the ids read so far (every batch
   * already yielded uses only ids below it).
   */
  growing?: { seen(): number };
  /**
   * A split streamed cluster run's far tier: the near tier's outcome per position, written by
   * another thread before each batch is yielded (cluster/run.ts `NEAR_HIT` or the node).
   */
  near?: Uint8Array;
}

export async function runJob(job: Job, input: RunInput): Promise<JobResult> {
  if (job.cluster) {
    const { runClusterJob } = await import("./cluster/run.js");
    return runClusterJob(job, input);
  }
  const spec = await evictionSpec(job.eviction);
  const params = resolveParams(spec, job.eviction.params, "eviction policy");
  if (spec.oracle && !input.nextAccess) throw new Error(`${spec.name} needs next-access times`);
  const start = performance.now();
  const policy = createStrategy<EvictionPolicy>(
    spec,
    params,
    { capacity: job.capacity, ids: input.ids, seed: job.seed, nextAccess: input.nextAccess },
    job.eviction,
    "eviction policy",
  );
  let admission: AdmissionPolicy | undefined;
  let admissionLabel: string | null = null;
  if (job.admission) {
    const aspec = await admissionSpec(job.admission);
    const aparams = resolveParams(aspec, job.admission.params, "admission policy");
    admission = createStrategy<AdmissionPolicy>(
      aspec,
      aparams,
      { capacity: job.capacity, ids: input.ids, seed: job.seed },
      job.admission,
      "admission policy",
    );
    admissionLabel = refLabel(job.admission, aspec);
  }
  const bytes = job.unit === "bytes";
  let prefetcher: Prefetcher | null = null;
  let prefetchLabel = "";
  let twin: CacheNode | null = null;
  let batches = input.batches;
  if (job.prefetch) {
    const pspec = await prefetchSpec(job.prefetch);
    const pparams = resolveParams(pspec, job.prefetch.params, "prefetcher");
    prefetchLabel = refLabel(job.prefetch, pspec);
    if (!isNone(pspec.name) || job.prefetch.module) {
      if (spec.oracle)
        throw new InputError(
          `${refLabel(job.eviction, spec)} knows the future: it cannot be combined with a prefetcher`,
        );
      const idLimit = input.idLimit ?? input.ids;
      prefetcher = createStrategy<Prefetcher>(
        pspec,
        pparams,
        {
          capacity: job.capacity,
          bytes,
          ids: input.ids,
          idLimit,
          seed: job.seed,
          contexts: input.contexts ?? [],
          keys: input.keys,
        },
        job.prefetch,
        "prefetcher",
      );
      // the twin: the same policy and capacity without the prefetcher, replayed in the same pass
      const twinPolicy = createStrategy<EvictionPolicy>(
        spec,
        params,
        { capacity: job.capacity, ids: input.ids, seed: job.seed },
        job.eviction,
        "eviction policy",
      );
      let twinAdmission: AdmissionPolicy | undefined;
      if (job.admission) {
        const aspec = await admissionSpec(job.admission);
        twinAdmission = createStrategy<AdmissionPolicy>(
          aspec,
          resolveParams(aspec, job.admission.params, "admission policy"),
          { capacity: job.capacity, ids: input.ids, seed: job.seed },
          job.admission,
          "admission policy",
        );
      }
      twin = new CacheNode(twinPolicy, {
        capacity: job.capacity,
        admission: twinAdmission,
        name: refLabel(job.eviction, spec),
      });
      batches = withTwin(input.batches, twin, { bytes, ops: input.ops, warmup: job.warmup });
    }
  }
  const cache = new CacheNode(policy, {
    capacity: job.capacity,
    admission,
    name: refLabel(job.eviction, spec),
    prefetcher,
    prefetchIdLimit: input.idLimit ?? input.ids,
    bytes,
  });
  const {
    counters: c,
    series,
    window,
  } = drive(cache, batches, {
    bytes,
    ops: input.ops,
    warmup: job.warmup,
    window: job.window,
    progress: input.progress,
  });
  const elapsedMs = performance.now() - start;
  if (c.requests === 0) {
    // a header-only CSV, a blank txt, only DELETEs: a miss ratio of 0 would be a lie
    throw new InputError(
      job.warmup > 0
        ? `the workload has no requests after the warm-up (${job.warmup} positions; DELETEs are not requests)`
        : "the workload has no requests (only blank lines, a header or DELETEs)",
    );
  }
  const row: JobResult = {
    eviction: refLabel(job.eviction, spec),
    policy: spec.name,
    params,
    admission: admissionLabel,
    capacity: job.capacity,
    capacityText: job.capacityText,
    unit: job.unit,
    requests: c.requests,
    hits: c.requests - c.misses,
    misses: c.misses,
    hitRatio: ratio(c.requests - c.misses, c.requests),
    missRatio: ratio(c.misses, c.requests),
    byteRequests: c.byteRequests,
    byteMisses: c.byteMisses,
    byteMissRatio: ratio(c.byteMisses, c.byteRequests),
    evictions: c.evictions,
    bypasses: c.bypasses,
    expirations: c.expirations,
    series: { window, missRatio: series.map(round6) },
    timing: { elapsedMs: Math.round(elapsedMs), requestsPerSec: Math.round((c.requests / elapsedMs) * 1000) },
  };
  if (job.prefetch) row.prefetch = prefetchResult(prefetchLabel, cache, prefetcher === null ? null : twin, c.requests);
  return row;
}

/** The prefetch section of a row: the node's prefetch counters against its twin's misses. */
function prefetchResult(label: string, cache: CacheNode, twin: CacheNode | null, requests: number): PrefetchResult {
  const v = cache.counters.values;
  const misses = v.misses;
  const baselineMisses = twin === null ? misses : twin.counters.values.misses;
  const prefetches = v.prefetches ?? 0;
  const used = v.prefetchUsed ?? 0;
  const avoided = baselineMisses - misses;
  const gain = ratio(avoided, requests);
  return {
    prefetcher: label,
    prefetches,
    prefetchBytes: v.prefetchBytes ?? 0,
    used,
    wasted: v.prefetchWasted ?? 0,
    wastedBytes: v.prefetchWastedBytes ?? 0,
    accuracy: ratio(used, prefetches),
    baselineMisses,
    missesAvoided: avoided,
    coverage: ratio(Math.max(0, avoided), baselineMisses),
    hitRatioGain: gain,
    verdict: twin === null ? "baseline" : gain >= 0.001 ? "useful" : gain <= -0.001 ? "harmful" : "not useful",
  };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
