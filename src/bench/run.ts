// `cachelab bench`: puts a live run together — the requests (read once from the scenario's workload),
// the target (a local cluster brought up for the run, its proxy, or a Redis server), the replay
// (./driver.ts), the process measurements (./procstat.ts), the optional simulator prediction
// (./compare-sim.ts), the scenario's events applied live (./events.ts) — and returns a result of the simulator's result type with kind "bench"
// (./result.ts). Whatever the bench started is stopped before it returns, on success, on error
// and on an abort (Ctrl-C); an aborted run returns null and nothing is written.

import { InputError } from "../core/errors.js";
import type { Unit } from "../core/unit.js";
import type { EnergySettings } from "../energy/settings.js";
import type { PolicyRef } from "../policies/resolve.js";
import type { CapacitySpec } from "../scenario/capacity.js";
import type { LoadedEvent } from "../scenario/cluster.js";
import { DistributionError, defaultLatency, parseDistribution } from "../scenario/latency.js";
import { phaseWindowFor } from "../sim/cluster/jobs.js";
import { LatencySampler } from "../sim/cluster/latency.js";
import type { Workload } from "../sim/simulate.js";
import { checkAutocannon, httpDriver } from "./autocannon.js";
import { type Prediction, predict } from "./compare-sim.js";
import { type Progress, runDriver } from "./driver.js";
import { LiveEvents, livePhases, planEvents } from "./events.js";
import { ProcessMeter } from "./procstat.js";
import { type BenchRequests, ENTRY_OVERHEAD, KEY_BYTES, readRequests } from "./requests.js";
import { type BenchResult, buildResult } from "./result.js";
import { parseTarget, resolveTarget } from "./target.js";
import { threadedDriver } from "./threads.js";

export interface BenchOptions {
  name: string;
  seed: number;
  workload: Workload;
  eviction: PolicyRef;
  capacity: CapacitySpec;
  unit: Unit;
  energy: EnergySettings;
  target: string;
  statePath: string;
  nodes: number;
  placement: string;
  /** Per-node memory for a cluster the bench starts (bytes); default: from the scenario's capacity. */
  memory?: number;
  connections: number;
  pipeline: number;
  ratePerS: number | null;
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
  /** At most this many requests of the workload. */
  maxRequests: number;
  /** A latency distribution (`5ms`, `lognormal p50=1ms p99=10ms`); default: the latency model's backend hop. */
  backendLatency?: string;
  compareSim: boolean;
  /** Closed loop, one connection per node, each node's requests in trace order (see driver.ts). */
  ordered?: boolean;
  /** resp (default): RESP over TCP (./driver.ts); autocannon: the nodes' HTTP port (./autocannon.ts). */
  driver?: "resp" | "autocannon";
  /** Worker threads of the RESP driver (./threads.ts); 1 (default): this thread. */
  threads?: number;
  /** Replicas of a cluster the bench starts (copies per key − 1); default 0. */
  replicas?: number;
  /** The scenario's `cluster.events`, applied live to a local cluster; `where` names the section. */
  events?: { list: readonly LoadedEvent[]; where: string };
  /** The cutover's warm-up when the scenario lists several (`cold`, `copy-hot:K`). */
  warm?: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Called once the target is ready and the replay starts. */
  onStart?: (info: { target: string; requests: number; notes: string[] }) => void;
}

/** Per-node memory from the scenario's capacity: the whole cache's bytes, as a node charges them, split over the nodes. */
export function nodeMemory(r: BenchRequests, capacity: CapacitySpec, unit: Unit, nodes: number): number {
  const meanCharge = r.distinct > 0 ? r.workingSetBytes / r.distinct + KEY_BYTES + ENTRY_OVERHEAD : 1;
  let total: number;
  if (capacity.fraction !== undefined)
    total =
      unit === "objects"
        ? capacity.fraction * r.distinct * meanCharge
        : capacity.fraction * (r.workingSetBytes + r.distinct * (KEY_BYTES + ENTRY_OVERHEAD));
  else total = unit === "objects" ? (capacity.amount ?? 0) * meanCharge : (capacity.amount ?? 0);
  return Math.max(1024, Math.ceil(total / nodes));
}

function backendSampler(text: string | undefined, seed: number): { us: () => number; text: string } {
  const config = defaultLatency();
  if (text !== undefined) {
    try {
      // a bare number is milliseconds (`--backend-latency 0`)
      config.backend = parseDistribution(/^\d+(\.\d+)?$/.test(text.trim()) ? `${text.trim()}ms` : text);
    } catch (e) {
      if (e instanceof DistributionError || e instanceof InputError)
        throw new InputError(`--backend-latency ${text}: ${e.message}`);
      throw e;
    }
  }
  const sampler = new LatencySampler(config, seed);
  return { us: () => sampler.backend(), text: config.backend.text };
}

export async function runBench(o: BenchOptions): Promise<BenchResult | null> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const spec = parseTarget(o.target);
  const eventList = o.events?.list ?? [];
  if (eventList.length > 0 && spec.type !== "local") {
    const e = eventList[0];
    throw new InputError(
      `${o.events!.where}.events.0 (${e.kind === "cutover" ? "cutover" : e.label}): scenario events are applied to a local cluster the bench can kill, pause, add to and deploy (--target local); --target ${o.target} cannot take them`,
    );
  }
  if (o.ordered && (o.ratePerS !== null || o.warmupMs !== 0))
    throw new InputError("--ordered replays closed-loop from the first request: give --rate closed-loop --warmup 0s");
  if (o.driver === "autocannon") checkAutocannon(o, spec.type);
  // the threaded and HTTP drivers route each key to its owner only: no failover, no live events
  const plainDriver = o.driver === "autocannon" ? "--driver autocannon" : (o.threads ?? 1) > 1 ? "--threads > 1" : null;
  if (plainDriver && eventList.length > 0)
    throw new InputError(
      `${o.events!.where}.events: scenario events need the RESP driver on one thread (it reroutes live); ${plainDriver} cannot take them`,
    );
  if (plainDriver && (o.replicas ?? 0) > 0)
    throw new InputError(
      `--replicas: failover and replicated fills need the RESP driver on one thread; ${plainDriver} routes to the primary only`,
    );
  const backend = backendSampler(o.backendLatency, o.seed);
  const requests = readRequests(o.workload, o.maxRequests);
  if (requests.length === 0) throw new InputError("the workload has no requests");
  const memory = o.memory ?? nodeMemory(requests, o.capacity, o.unit, o.nodes);
  const evictionText = [
    o.eviction.module ?? o.eviction.name,
    ...Object.entries(o.eviction.params).map(([k, v]) => `${k}=${v}`),
  ].join(":");
  const target = await resolveTarget(
    spec,
    {
      statePath: o.statePath,
      nodes: o.nodes,
      placement: o.placement,
      eviction: evictionText,
      memory,
      replicas: o.replicas ?? 0,
    },
    requests.objects,
    o.signal,
  );
  let events: LiveEvents | null = null;
  try {
    const endpointNames = [...target.nodeNames];
    if (plainDriver && target.routing && target.routing.r > 1)
      throw new InputError(
        `the running cluster keeps ${target.routing.r} copies per key: failover and replicated fills need the RESP driver on one thread; ${plainDriver} routes to the primary only`,
      );
    if (eventList.length > 0 && target.local && target.routing) {
      const l = target.local;
      const plan = planEvents(eventList, {
        requests: requests.length,
        where: o.events!.where,
        names: target.nodeNames,
        nextIndex: l.nextIndex,
        warm: o.warm,
      });
      events = new LiveEvents(plan, {
        statePath: l.statePath,
        replicas: l.replicas,
        hashes: l.hashes,
        owners: l.owners,
        memoryFor: (c) => (c ? nodeMemory(requests, c, o.unit, target.nodeNames.length) : undefined),
        onEndpoint: (name) => endpointNames.push(name),
      });
      await events.prepare();
      if (!target.started)
        target.notes.push("the scenario's events were applied to the running cluster (it stays as they left it)");
    }
    o.onStart?.({ target: target.label, requests: requests.length, notes: target.notes });
    const before = await serverStats(target.endpoints, target.password);
    const meter = new ProcessMeter(target.processes);
    const drive =
      o.driver === "autocannon"
        ? httpDriver(target.http ?? [], target.notes)
        : (o.threads ?? 1) > 1
          ? threadedDriver(o.threads ?? 1, backend.text, o.seed)
          : runDriver;
    const outcome = await drive({
      endpoints: target.endpoints,
      password: target.password,
      owner: target.owner,
      requests,
      connections: o.connections,
      pipeline: o.pipeline,
      ratePerS: o.ratePerS,
      durationMs: o.durationMs,
      warmupMs: o.warmupMs,
      backendUs: backend.us,
      timeoutMs: o.timeoutMs,
      signal: o.signal,
      onProgress: o.onProgress,
      ordered: o.ordered,
      routing: target.routing ?? undefined,
      hooks: events ?? undefined,
    });
    // an event under way (a cutover starting green) finishes before anything is stopped or read
    await events?.settled();
    const usage = meter.stop();
    if (outcome.aborted || o.signal?.aborted) return null;
    const after = await serverStats(target.endpoints, target.password);
    const evictions = before?.evictions != null && after?.evictions != null ? after.evictions - before.evictions : null;
    let prediction: Prediction | null = null;
    if (o.compareSim) {
      if (!target.cluster)
        throw new InputError(
          "--compare-sim needs a cachelab cluster target (local): the policy of a Redis server is not one of cachelab's",
        );
      prediction = await predict({
        requests,
        outcome: outcome.outcome,
        owner: target.owner,
        nodeNames: target.owner ? target.nodeNames : ["proxy"],
        eviction: o.eviction,
        nodeMemoryBytes: target.owner ? target.cluster.memory : target.cluster.memory * target.processes.length,
        warmupRequests: outcome.warmupRequests,
        seed: o.seed,
      });
    }
    return buildResult({
      options: o,
      startedAt,
      elapsedMs: performance.now() - t0,
      requests,
      target,
      outcome,
      usage,
      evictions,
      prediction,
      backendLatency: backend.text,
      endpointNames,
      events: events?.records ?? null,
      phases: events
        ? livePhases(outcome.outcome, outcome.warmupRequests, events.records, phaseWindowFor("auto", requests.length))
        : null,
      nodeMemory: target.cluster?.memory ?? null,
      serverMemory: after ? after.maxMemory || after.usedMemory : null,
    });
  } finally {
    events?.stop();
    await events?.settled();
    await target.release();
  }
}

export interface ServerStats {
  /** `evicted_keys` summed over the endpoints; null when a server does not say. */
  evictions: number | null;
  /** `maxmemory` summed (0: a server without a limit), and `used_memory` summed, bytes. */
  maxMemory: number;
  usedMemory: number;
}

/** INFO of every endpoint (stats and memory); null when one does not answer. */
async function serverStats(
  endpoints: readonly { host: string; port: number }[],
  password: string | null,
): Promise<ServerStats | null> {
  const { Redis } = await import("ioredis");
  const out: ServerStats = { evictions: 0, maxMemory: 0, usedMemory: 0 };
  for (const e of endpoints) {
    const c = new Redis({
      host: e.host,
      port: e.port,
      password: password ?? undefined,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      connectTimeout: 1000,
      retryStrategy: () => null,
    });
    c.on("error", () => {});
    try {
      await c.connect();
      const info = String(await c.info());
      const num = (name: string) => {
        const m = new RegExp(`^${name}:(\\d+)`, "m").exec(info);
        return m ? Number(m[1]) : null;
      };
      const ev = num("evicted_keys");
      out.evictions = ev === null || out.evictions === null ? null : out.evictions + ev;
      out.maxMemory += num("maxmemory") ?? 0;
      out.usedMemory += num("used_memory") ?? 0;
    } catch {
      return null;
    } finally {
      c.disconnect();
    }
  }
  return out;
}
