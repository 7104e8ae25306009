// The result of a live bench: the simulator's result type (src/sim/result.ts) with kind "bench", so
// `report` and `gate` read it as they read a simulation. One row — the target with its policy and
// capacity — holds the counters the simulator's rows hold (requests = hits + misses + errors … here
// the row's requests are the measured ones that got an answer or failed: hits + misses + errors),
// `latency` (end-to-end, from each request's due time), `series` (miss ratio per window of requests,
// in request order), `cluster` and `nodes` (docs/shapes), and `energy` from what the processes did.
// Run-specific facts (target, load model, throughput, errors, timeouts, the processes' CPU and
// memory, the simulator's prediction) are under `bench`.
import { machineInfo, peakRssBytes } from "../core/machine.js";
import { version } from "../core/version.js";
import { estimate, type RowEnergy, resolveChoice, SECONDS_PER_MONTH } from "../energy/model.js";
import type { LatencySummary } from "../sim/cluster/latency.js";
import type { JobResult } from "../sim/job.js";
import { type RunResult, SCHEMA_VERSION } from "../sim/result.js";
import type { Prediction } from "./compare-sim.js";
import { type DriverOutcome, OUT_HIT, OUT_MISS, type TimelinePoint } from "./driver.js";
import type { BenchEvent, BenchPhase } from "./events.js";
import type { ProcessUsage } from "./procstat.js";
import type { BenchRequests } from "./requests.js";
import type { BenchOptions } from "./run.js";
import type { ResolvedTarget } from "./target.js";

export interface BenchRow extends JobResult {
  errors: number;
  latency: LatencySummary;
  cluster?: { nodes: number; placement: string; replication: number; clients: number; l1: null };
  nodes?: {
    name: string;
    requests: number;
    hits: number;
    misses: number;
    errors: number;
    byteRequests: number;
    evictions: number;
    loadShare: number;
  }[];
  energy?: RowEnergy;
  /** Scenario events applied live: one phase per event (the simulator's phases[], plus errors). */
  phases?: BenchPhase[];
}

export interface BenchInfo {
  target: string;
  /** resp: cachelab's RESP driver (./driver.ts); autocannon: the nodes' HTTP port (./autocannon.ts). */
  driver: "resp" | "autocannon";
  connections: number;
  pipeline: number;
  load: "open" | "closed";
  ratePerS: number | null;
  durationS: number;
  warmupS: number;
  backendLatency: string;
  timeoutMs: number;
  /** Requests sent (warm-up included), measured, never sent (due when the run ended). */
  sent: number;
  measured: number;
  unsent: number;
  throughputPerS: number;
  errors: number;
  timeouts: number;
  setErrors: number;
  /** GETs sent again to another copy of the key after their connection failed (not errors). */
  failovers: number;
  /** Sockets to a local cluster's nodes reopened after they closed (a timeout, a reset). */
  reconnects: number;
  /** The scenario's events as they were applied (none: []). */
  events: BenchEvent[];
  firstError: string | null;
  bytesSent: number;
  bytesReceived: number;
  processes: ProcessUsage[];
  /** Hit ratio and p99 per window of completion time after the warm-up (`timelineWindowMs`, ≥ 1 s); `events`: those that took effect in it. */
  timeline: (TimelinePoint & { events?: string[] })[];
  timelineWindowMs: number;
  /** The energy's CPU time: read from /proc for the processes, or (none readable) the model's per request. */
  cpuSource: "measured" | "modelled" | null;
  notes: string[];
  /** --compare-sim: the simulator's hit ratio for the same requests beside the measured one. */
  compareSim: null | {
    predicted: Prediction;
    measured: { requests: number; hits: number; misses: number; errors: number; hitRatio: number };
    /** measured − predicted hit ratio. */
    difference: number;
  };
}

export type BenchResult = Omit<RunResult, "kind" | "results"> & {
  kind: "bench";
  results: BenchRow[];
  bench: BenchInfo;
};

export interface BuildInput {
  options: BenchOptions;
  startedAt: string;
  elapsedMs: number;
  requests: BenchRequests;
  target: ResolvedTarget;
  outcome: DriverOutcome;
  usage: ProcessUsage[];
  evictions: number | null;
  prediction: Prediction | null;
  backendLatency: string;
  /** A name per endpoint the driver used (the target's, then what events added); rows merge equal names. */
  endpointNames?: string[];
  events?: BenchEvent[] | null;
  phases?: BenchPhase[] | null;
  nodeMemory: number | null;
  /** The servers' maxmemory (or, without a limit, the memory they used), bytes. */
  serverMemory: number | null;
  /** Set by the energy estimate: whether CPU time was read from /proc or taken from the model. */
  cpuSource?: "measured" | "modelled";
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function buildResult(b: BuildInput): BenchResult {
  const o = b.options;
  const d = b.outcome;
  const r = b.requests;
  const from = d.warmupRequests;
  let byteRequests = 0;
  let byteMisses = 0;
  for (let i = from; i < r.length; i++) {
    const out = d.outcome[i];
    if (out === OUT_HIT || out === OUT_MISS) byteRequests += r.size[i];
    if (out === OUT_MISS) byteMisses += r.size[i];
  }
  const answered = d.hits + d.misses;
  const measured = answered + d.errors;
  // the miss-ratio series over the measured requests in request order (errors left out)
  const window = Math.max(100, Math.ceil(measured / 128));
  const series: number[] = [];
  let inWin = 0;
  let missWin = 0;
  for (let i = from; i < r.length; i++) {
    const out = d.outcome[i];
    if (out !== OUT_HIT && out !== OUT_MISS) continue;
    inWin++;
    if (out === OUT_MISS) missWin++;
    if (inWin === window) {
      series.push(r6(missWin / inWin));
      inWin = 0;
      missWin = 0;
    }
  }
  if (inWin > 0) series.push(r6(missWin / inWin));
  const throughput = d.elapsedMs > 0 ? (measured / d.elapsedMs) * 1000 : 0;
  const t = b.target;
  // the cache's size: the cluster's memory (every node's), else what the server says it holds
  const capacity = Math.max(
    1,
    b.nodeMemory !== null
      ? b.nodeMemory * (t.owner ? t.nodeNames.length : t.processes.length - 1)
      : (b.serverMemory ?? 1),
  );
  // per node: the endpoint that answered each GET (after a failover, the copy that did), by name
  const names = b.endpointNames ?? t.nodeNames;
  const rowOf = new Map<string, number>();
  for (const n of names) if (!rowOf.has(n)) rowOf.set(n, rowOf.size);
  const perNode = t.owner
    ? [...rowOf.keys()].map(() => ({ requests: 0, hits: 0, misses: 0, errors: 0, byteRequests: 0 }))
    : null;
  if (perNode)
    for (let i = from; i < r.length; i++) {
      const out = d.outcome[i];
      if (out === 0) continue;
      const x = perNode[rowOf.get(names[d.servedBy[i]] ?? names[0])!];
      x.requests++;
      if (out === OUT_HIT) x.hits++;
      else if (out === OUT_MISS) x.misses++;
      else x.errors++;
      if (out === OUT_HIT || out === OUT_MISS) x.byteRequests += r.size[i];
    }
  const row: BenchRow = {
    eviction: t.cluster ? t.cluster.eviction : "server's own",
    policy: t.cluster ? t.cluster.eviction.split(":")[0] : "server's own",
    params: t.cluster ? o.eviction.params : {},
    admission: null,
    capacity,
    capacityText: o.capacity.text,
    unit: "bytes",
    requests: measured,
    hits: d.hits,
    misses: d.misses,
    hitRatio: measured > 0 ? d.hits / measured : 0,
    missRatio: measured > 0 ? d.misses / measured : 0,
    byteRequests,
    byteMisses,
    byteMissRatio: byteRequests > 0 ? byteMisses / byteRequests : 0,
    evictions: b.evictions ?? 0,
    bypasses: 0,
    expirations: 0,
    series: { window, missRatio: series },
    timing: { elapsedMs: Math.round(d.elapsedMs), requestsPerSec: Math.round(throughput) },
    errors: d.errors,
    latency: d.latency.summary(),
  };
  if (t.owner) {
    row.cluster = {
      nodes: t.nodeNames.length,
      placement: t.cluster?.placement ?? "slots", // a Redis Cluster: its hash slots
      replication: t.routing?.r ?? 1, // R: reads to the first live copy, writes to every live copy
      clients: o.connections,
      l1: null,
    };
    const rowNames = [...rowOf.keys()];
    row.nodes = (perNode ?? []).map((x, i) => ({
      name: rowNames[i],
      requests: x.requests,
      hits: x.hits,
      misses: x.misses,
      errors: x.errors,
      byteRequests: x.byteRequests,
      evictions: 0,
      loadShare: measured > 0 ? r6(x.requests / measured) : 0,
    }));
  }
  if (b.phases) row.phases = b.phases;
  if (d.elapsedMs > 0 && measured > 0) row.energy = energyOf(row, b, throughput);
  let compareSim: BenchInfo["compareSim"] = null;
  if (b.prediction) {
    const live = { requests: measured, hits: d.hits, misses: d.misses, errors: d.errors, hitRatio: row.hitRatio };
    compareSim = { predicted: b.prediction, measured: live, difference: r6(live.hitRatio - b.prediction.hitRatio) };
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "cachelab", version },
    kind: "bench",
    name: o.name,
    seed: o.seed,
    source: o.workload.source,
    trace: {
      requests: r.length,
      objects: r.distinct,
      requestedBytes: r.requestedBytes,
      workingSetBytes: r.workingSetBytes,
      startTimeS: r.startTimeS,
      endTimeS: r.endTimeS,
    },
    warmupRequests: from,
    results: [row],
    run: {
      startedAt: b.startedAt,
      elapsedMs: Math.round(b.elapsedMs),
      ...machineInfo(),
      threads: 1,
      maxRssBytes: peakRssBytes(),
    },
    bench: {
      target: t.label,
      driver: o.driver ?? "resp",
      connections: o.connections,
      pipeline: o.pipeline,
      load: o.ratePerS === null ? "closed" : "open",
      ratePerS: o.ratePerS,
      durationS: o.durationMs / 1000,
      warmupS: o.warmupMs / 1000,
      backendLatency: b.backendLatency,
      timeoutMs: o.timeoutMs,
      sent: d.issued,
      measured,
      unsent: d.unsent,
      throughputPerS: Math.round(throughput),
      errors: d.errors,
      timeouts: d.timeouts,
      setErrors: d.setErrors,
      failovers: d.failovers,
      reconnects: d.reconnects,
      events: b.events ?? [],
      firstError: d.firstError,
      bytesSent: d.bytesSent,
      bytesReceived: d.bytesReceived,
      processes: b.usage,
      timeline: markEvents(d.timeline, b.events ?? [], o.warmupMs, d.timelineWindowMs),
      timelineWindowMs: d.timelineWindowMs,
      cpuSource: b.cpuSource ?? null,
      notes: t.notes,
      compareSim,
    },
  };
}

/**
 * Energy from measurements (src/energy/model.ts's estimate()): the measured period's duration, the
 * nodes' vCPUs (the profile's per node), the CPU-seconds the processes used (the model's per-request
 * CPU when /proc could not be read), their peak resident memory, the bytes the bench moved, and one
 * backend request per miss.
 */
function energyOf(row: BenchRow, b: BuildInput, throughput: number): RowEnergy {
  const { profile, choice } = b.options.energy;
  const r = resolveChoice(profile, choice);
  const durationS = b.outcome.elapsedMs / 1000;
  const cpuMeasured = b.usage.filter((u) => u.cpuSeconds !== null);
  b.cpuSource = cpuMeasured.length > 0 ? "measured" : "modelled";
  const cpuSeconds =
    cpuMeasured.length > 0
      ? cpuMeasured.reduce((a, u) => a + (u.cpuSeconds ?? 0), 0)
      : row.requests * profile.cpu.secondsPerRequest.value + row.misses * profile.cpu.secondsPerMiss.value;
  const rss = b.usage.reduce((a, u) => a + (u.maxRssBytes ?? 0), 0);
  const nodes = Math.max(1, b.usage.length);
  const basis = {
    durationS,
    vcpus: Math.max(nodes * profile.node.vcpus.value, Math.ceil(cpuSeconds / durationS)),
    cpuSeconds,
    memoryGB: (rss > 0 ? rss : row.capacity) / 1e9,
    networkGB: (b.outcome.bytesSent + b.outcome.bytesReceived) / 1e9,
    backendRequests: row.misses,
  };
  const run = estimate(basis, profile, r);
  const f = SECONDS_PER_MONTH / durationS;
  return {
    profile: profile.name,
    cloud: r.cloud,
    region: r.region,
    backend: r.backend,
    requestRatePerS: Math.round(throughput),
    basis,
    joulesPerRequest: row.requests > 0 ? (run.kWh.total * 3.6e6) / row.requests : 0,
    run,
    perMonth: estimate(
      {
        ...basis,
        durationS: SECONDS_PER_MONTH,
        cpuSeconds: cpuSeconds * f,
        networkGB: basis.networkGB * f,
        backendRequests: basis.backendRequests * f,
      },
      profile,
      r,
    ),
  };
}

/**
 * The timeline with each event named in the window where it took effect (`events`: labels; a window
 * before the measured period's start gets nothing). Event times count from the replay's start,
 * windows from the end of the warm-up.
 */
function markEvents(
  timeline: TimelinePoint[],
  events: readonly BenchEvent[],
  warmupMs: number,
  windowMs: number,
): (TimelinePoint & { events?: string[] })[] {
  const out: (TimelinePoint & { events?: string[] })[] = timeline.map((p) => ({ ...p }));
  for (const e of events) {
    if (e.appliedS === null) continue;
    const w = Math.floor((e.appliedS * 1000 - warmupMs) / windowMs);
    if (w < 0 || w >= out.length) continue;
    out[w].events = [...(out[w].events ?? []), e.label];
  }
  return out;
}
