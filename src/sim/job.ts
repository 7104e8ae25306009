// One simulation job: an eviction policy (and optional admission filter) at one capacity, replayed
// over a stream of batches. Runs the same way in the main thread and in a worker.
import { InputError } from "../core/errors.js";
import type { Unit } from "../core/unit.js";
import { CacheNode } from "../engine/node.js";
import { admissionPolicies } from "../policies/admission/registry.js";
import type { AdmissionPolicy, AdmissionSpec } from "../policies/admission/types.js";
import { evictionPolicies } from "../policies/eviction/registry.js";
import type { EvictionPolicy, EvictionSpec } from "../policies/eviction/types.js";
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
function probe(spec: EvictionSpec | AdmissionSpec, ref: PolicyRef, kind: string): void {
  const key = `${kind}\0${ref.module}\0${JSON.stringify(ref.params)}`;
  if (probed.has(key) || ("oracle" in spec && spec.oracle)) return;
  const params = resolveParams(spec, ref.params, kind);
  createStrategy(spec, params, { capacity: 1, ids: 1, seed: 0 }, ref, kind);
  probed.add(key);
}

export interface RunInput {
  batches: Iterable<RequestBatch>;
  /** Distinct ids expected (sizing hint). */
  ids: number;
  ops: boolean;
  nextAccess?: Int32Array;
  progress?: (done: number) => void;
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
  const cache = new CacheNode(policy, { capacity: job.capacity, admission, name: refLabel(job.eviction, spec) });
  const {
    counters: c,
    series,
    window,
  } = drive(cache, input.batches, {
    bytes: job.unit === "bytes",
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
  return {
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
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
