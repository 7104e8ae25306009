// The runtime schema of a result file: what `simulate` (and later `bench`, `plan`, `gate`) writes
// and what `gate`, `report` and scripts read back. A result is one of a union of kinds, told apart
// by `kind`; every kind starts with the same header (`schemaVersion`, `tool`, `kind`) and reuses
// the shared pieces below (`source`, `run`, …). The TypeScript types the engine writes are
// src/sim/result.ts and src/sim/job.ts; a type-level check at the end of this file breaks the
// build if they and this schema disagree on any field, either way. docs/result.schema.json is
// generated from this file (`npm run schema`); a test fails when it is out of date.
//
// Compatibility rule:
// - extend, never rename or remove: a field name that has shipped keeps its name, type and meaning;
// - unknown fields are tolerated at every level (objects are loose), so a reader built before a
//   field was added still reads results that carry it — and keeps it when it passes them on;
// - every known field is checked: types, ranges (ratios in [0, 1], counts whole and ≥ 0), enums;
// - a new result kind is a new union member (resultKindSchema), not a breaking change;
// - a breaking change (renaming, removing, retyping or narrowing a field) bumps SCHEMA_VERSION in
//   src/sim/result.ts; a reader refuses a result of another schemaVersion with a message saying
//   which version the file has and which it reads (src/report/read.ts).
import { z } from "zod";
import type { MrcResult, PlanResult, ResultCurve } from "../analysis/result-kinds.js";
import type { RowEnergy } from "../energy/model.js";
import type { JobResult } from "../sim/job.js";
import { type ResultRow, type RunResult, SCHEMA_VERSION, type SourceInfo, type TraceSummary } from "../sim/result.js";

// ---- scalar pieces ---------------------------------------------------------------------------

/** A whole number ≥ 0: requests, hits, bytes, evictions. */
const count = z.int().min(0);
/** A whole number ≥ 1. */
const positive = z.int().min(1);
/** A share in [0, 1]: hit and miss ratios. */
const ratio = z
  .number()
  .min(0, { error: (iss) => `expected a ratio in [0, 1], got ${iss.input}` })
  .max(1, { error: (iss) => `expected a ratio in [0, 1], got ${iss.input}` });
/** Milliseconds, requests per second: ≥ 0, not necessarily whole. */
const measure = z.number().min(0);

// ---- shared pieces: every result kind reuses these -------------------------------------------

/**
 * Which result format the file follows; bumped on a breaking change (see the rule above). A build
 * reads its own version only: when SCHEMA_VERSION is bumped, results of the old version are
 * refused (with a message saying so) unless a union member for them is added here.
 */
export const schemaVersionSchema = z
  .int()
  .min(SCHEMA_VERSION)
  .max(SCHEMA_VERSION)
  .meta({ description: "Result format version; bumped only on a breaking change. Readers refuse newer versions." });

/** The program (and its version) that wrote the result. */
export const toolSchema = z
  .looseObject({
    name: z.literal("cachelab"),
    version: z.string().min(1).meta({ description: "cachelab's package version" }),
  })
  .meta({ description: "The program that wrote the result" });

/** The workload a run replayed: a trace file or a synthetic generator, with its fingerprint. */
export const sourceInfoSchema = z
  .looseObject({
    type: z.enum(["trace", "synthetic"]),
    path: z.string().optional().meta({ description: "Trace path as given" }),
    format: z.string().optional().meta({ description: "Trace format (oracleGeneral, csv, …)" }),
    scenario: z.string().optional().meta({ description: "Scenario file of a synthetic workload" }),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "expected a SHA-256 digest: 64 lowercase hex digits")
      .meta({ description: "SHA-256 of what hashScope says" }),
    hashScope: z.enum(["file", "size+head+tail", "config"]).meta({
      description:
        "What sha256 covers: the whole file; its size plus first and last MiB (files over 64 MiB); or the resolved synthetic configuration",
    }),
    notes: z
      .array(z.string())
      .optional()
      .meta({ description: "Decisions the reader took on the user's behalf (e.g. an op column it ignored)" }),
  })
  .meta({ description: "The workload: a trace file or a synthetic generator" });

/** The workload's size: requests, distinct objects and bytes. */
export const traceSummarySchema = z
  .looseObject({
    requests: count,
    objects: count.meta({ description: "Distinct objects requested" }),
    requestedBytes: count,
    workingSetBytes: count.meta({ description: "Bytes of the distinct objects requested" }),
    startTimeS: z
      .number()
      .optional()
      .meta({ description: "Time of the first request, seconds, as the trace's clock reads (synthetic: from 0)" }),
    endTimeS: z
      .number()
      .optional()
      .meta({ description: "Time of the last request, seconds; requests / (end − start) is the trace's request rate" }),
  })
  .meta({ description: "The workload's size" });

/** When, where and how a run ran: the part that differs between two runs of the same scenario. */
export const runInfoSchema = z
  .looseObject({
    startedAt: z.iso.datetime().meta({ description: "UTC start time, ISO 8601" }),
    elapsedMs: measure,
    node: z.string(),
    platform: z.string(),
    cpu: z.string(),
    cpus: positive,
    threads: positive,
    maxRssBytes: count.meta({ description: "Peak resident set size of the whole process (all threads)" }),
  })
  .meta({ description: "Clock time, duration and machine: differs between identical runs" });

/**
 * The start of every result kind: `schemaVersion`, `tool`, `kind` (the discriminator), then the
 * kind's own fields. A new kind is `resultKindSchema("bench", { … })` added to `resultSchema`.
 */
export function resultKindSchema<K extends string, S extends z.core.$ZodLooseShape>(kind: K, shape: S) {
  return z.looseObject({ schemaVersion: schemaVersionSchema, tool: toolSchema, kind: z.literal(kind), ...shape });
}

// ---- simulate --------------------------------------------------------------------------------

/** What a prefetcher did in one row (docs/prefetch.md); present when the run named prefetchers. */
export const prefetchResultSchema = z
  .looseObject({
    prefetcher: z
      .string()
      .min(1)
      .meta({ description: "The prefetcher as labelled, e.g. markov(threshold=0.5); none = the baseline" }),
    prefetches: count.meta({
      description: "Objects the prefetcher fetched from the backend and inserted (extra backend fetches)",
    }),
    prefetchBytes: count.meta({ description: "Bytes those prefetches fetched (objects unit: 1 each)" }),
    used: count.meta({ description: "Prefetched objects requested before they left the cache" }),
    wasted: count.meta({ description: "Prefetched objects that left the cache unused" }),
    wastedBytes: count.meta({ description: "Bytes of the wasted prefetches" }),
    accuracy: ratio.meta({ description: "used / prefetches (0 when nothing was prefetched)" }),
    baselineMisses: count.meta({ description: "Demand misses of the twin run without the prefetcher, same job" }),
    missesAvoided: z.int().meta({ description: "baselineMisses − misses; negative when prefetching hurt" }),
    coverage: ratio.meta({ description: "max(0, missesAvoided) / baselineMisses" }),
    hitRatioGain: z.number().min(-1).max(1).meta({ description: "hitRatio − the twin's hit ratio" }),
    verdict: z.enum(["baseline", "useful", "not useful", "harmful"]).meta({
      description:
        "baseline: the none row; useful: hit-ratio gain ≥ 0.001; harmful: gain ≤ −0.001; else not useful (few or no prefetches included)",
    }),
  })
  .meta({ description: "Prefetching in this row, measured against a twin run without it" });

// ---- cluster rows: optional fields, absent on single-cache rows (docs/cluster.md) ----------

/** End-to-end latency from a histogram, in milliseconds. */
export const latencySummarySchema = z
  .looseObject({
    count,
    meanMs: measure,
    p50Ms: measure,
    p90Ms: measure,
    p99Ms: measure,
    p999Ms: measure,
    maxMs: measure,
  })
  .meta({ description: "Latency percentiles from a histogram, milliseconds" });

const hitTier = z.looseObject({ requests: count, hits: count, hitRatio: ratio });

export const clusterInfoSchema = z
  .looseObject({
    nodes: positive.meta({ description: "Node count at the start" }),
    placement: z.string().min(1).meta({ description: "Placement scheme label, e.g. ring, jump" }),
    replication: positive.meta({ description: "R: owners per key" }),
    clients: positive.meta({ description: "C: clients, each with its own L1 when l1 is set" }),
    l1: z
      .union([
        z.looseObject({
          policy: z.string().min(1),
          capacity: positive,
          capacityText: z.string().min(1),
          ttlS: measure.nullable(),
          invalidation: z.enum(["ttl", "broadcast"]),
        }),
        z.null(),
      ])
      .meta({ description: "The near cache in front of the cluster, per client, or null" }),
    events: z.array(z.string()).optional().meta({ description: "The timeline's events, as labels" }),
  })
  .meta({ description: "The simulated cluster of a row" });

export const nodeRowSchema = z
  .looseObject({
    name: z.string().min(1),
    requests: count,
    hits: count,
    misses: count,
    byteRequests: count,
    evictions: count,
    loadShare: ratio.meta({ description: "Share of the cluster's L2 requests" }),
  })
  .meta({ description: "One simulated server" });

export const tierCountsSchema = z
  .looseObject({
    l1: hitTier,
    l2: hitTier,
    backend: z.looseObject({ fetches: count, bytes: count }),
    staleReads: count.meta({ description: "Reads that returned a value older than the latest write" }),
    invalidations: z.looseObject({ messages: count, bytes: count }).meta({ description: "Broadcast invalidations" }),
    failovers: count.meta({ description: "Reads served by a replica because the primary was down" }),
  })
  .meta({ description: "Near caches (L1), cluster (L2), backend" });

export const phaseRowSchema = z
  .looseObject({
    index: count,
    event: z.string().min(1).meta({ description: "start, down node1, add node4, cutover cold, …" }),
    atRequest: count.meta({ description: "Trace position where the phase starts" }),
    requests: count,
    hits: count,
    misses: count,
    hitRatioBefore: ratio.nullable().meta({ description: "Windowed hit ratio just before the event" }),
    lowestHitRatio: ratio.nullable().meta({ description: "Lowest windowed hit ratio in the phase" }),
    recoveryRequests: count
      .nullable()
      .meta({ description: "Requests until back within 2 % of hitRatioBefore; null = never" }),
    keysRemapped: count.meta({ description: "Keys whose primary changed at this event" }),
    latency: latencySummarySchema.optional(),
  })
  .meta({ description: "A phase of the timeline, opened by an event" });

/** One row of a simulation result: an eviction policy (with an optional admission filter) at one capacity. */
export const jobResultSchema = z
  .looseObject({
    eviction: z.string().min(1).meta({ description: "The policy as labelled, e.g. clock(bits=2)" }),
    policy: z.string().min(1).meta({ description: "The policy's registered name" }),
    params: z.record(z.string(), z.number()).meta({ description: "All the policy's parameters" }),
    admission: z
      .string({
        error: (iss) => `expected a string or null, got ${typeof iss.input === "object" ? "an object" : iss.input}`,
      })
      .nullable()
      .meta({ description: "The admission filter's label, or null" }),
    capacity: positive.meta({ description: "Capacity in the unit" }),
    capacityText: z.string().min(1).meta({ description: "Capacity as written (1%, 64MiB)" }),
    unit: z.enum(["objects", "bytes"]),
    requests: count.meta({ description: "Requests counted after warm-up" }),
    hits: count,
    misses: count,
    hitRatio: ratio,
    missRatio: ratio,
    byteRequests: count,
    byteMisses: count,
    byteMissRatio: ratio,
    evictions: count,
    bypasses: count.meta({ description: "Misses not inserted: larger than the cache or refused by admission" }),
    expirations: count.meta({ description: "TTL expiries" }),
    series: z
      .looseObject({ window: positive, missRatio: z.array(ratio) })
      .meta({ description: "Miss ratio per window of `window` requests after warm-up" }),
    timing: z
      .looseObject({ elapsedMs: measure, requestsPerSec: measure })
      .meta({ description: "Differs between identical runs" }),
    prefetch: prefetchResultSchema.optional(),
    cluster: clusterInfoSchema.optional(),
    nodes: z.array(nodeRowSchema).optional().meta({ description: "Cluster rows: per simulated server" }),
    tiers: tierCountsSchema.optional(),
    phases: z.array(phaseRowSchema).optional().meta({ description: "Cluster rows: one phase per event" }),
    latency: latencySummarySchema.optional().meta({ description: "End-to-end latency after warm-up" }),
  })
  .meta({ description: "One eviction × capacity pair" });

/** kWh split by where the energy goes (docs/energy.md). */
export const energyPartsSchema = z
  .looseObject({ cpu: measure, memory: measure, network: measure, backend: measure, total: measure })
  .meta({ description: "kWh by part: cpu, memory held, network moved, backend work of the misses, and their total" });

/** Energy, CO2e and cost of one usage record (a run, or a month). */
export const energyEstimateSchema = z
  .looseObject({
    itKwh: energyPartsSchema.meta({ description: "IT energy, kWh, before PUE" }),
    kWh: energyPartsSchema.meta({ description: "Facility energy, kWh (IT × PUE)" }),
    gCO2e: measure.meta({ description: "Grams of CO2e: facility kWh × the region's grid intensity" }),
    cost: measure.nullable().meta({ description: "facility kWh × price; null when no price is set" }),
    currency: z.string().nullable(),
  })
  .meta({ description: "Energy, CO2e and cost" });

/** A row's estimated energy (estimated, not metered: src/energy/model.ts, every coefficient's source in docs/energy.md). */
export const rowEnergySchema = z
  .looseObject({
    profile: z.string().min(1).meta({ description: "Energy profile name" }),
    cloud: z.string().min(1),
    region: z.string().min(1).meta({ description: "Grid region of the CO2e intensity" }),
    backend: z.string().min(1).meta({ description: "Backend class a miss goes to (kv, sql, heavy, …)" }),
    requestRatePerS: measure.meta({ description: "Request rate the run and the month are priced at" }),
    basis: z
      .looseObject({
        durationS: measure,
        vcpus: count,
        cpuSeconds: measure,
        memoryGB: measure,
        networkGB: measure,
        backendRequests: count,
      })
      .meta({ description: "What the run's estimate is computed from" }),
    joulesPerRequest: measure.meta({ description: "Facility joules per request over the run" }),
    run: energyEstimateSchema.meta({ description: "The run: its requests at requestRatePerS" }),
    perMonth: energyEstimateSchema.meta({ description: "A month (730 h) at requestRatePerS" }),
  })
  .meta({ description: "Estimated energy, CO2e and cost, split into cpu, memory, network and backend" });

/** A row of a simulate result: the pair's counters and, when the run had a request rate, its energy. */
export const resultRowSchema = z
  .looseObject({ ...jobResultSchema.shape, energy: rowEnergySchema.optional() })
  .meta({ description: "One eviction × capacity pair, with its estimated energy" });

/** The result of `cachelab simulate`: one row per eviction × capacity pair over one workload. */
export const simulateResultSchema = resultKindSchema("simulate", {
  name: z.string(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  source: sourceInfoSchema,
  trace: traceSummarySchema,
  warmupRequests: count.meta({ description: "Requests replayed before counting started" }),
  results: z.array(resultRowSchema),
  run: runInfoSchema,
}).meta({ description: "The result of cachelab simulate" });

// ---- mrc and plan ----------------------------------------------------------------------------

/** One size on a miss-ratio curve. */
export const curvePointSchema = z
  .looseObject({
    capacity: measure.meta({ description: "Capacity in the curve's unit" }),
    requests: measure,
    misses: measure.meta({ description: "Misses at this size (estimated and rounded for sampled curves)" }),
    missRatio: ratio,
    byteMisses: measure,
    byteMissRatio: ratio,
  })
  .meta({ description: "One size on a miss-ratio curve" });

/** A miss-ratio curve of one policy: exact LRU, SHARDS LRU, simulated, or miniature-simulated. */
export const curveSchema = z
  .looseObject({
    policy: z.string().min(1),
    method: z.enum(["exact-lru", "shards-lru", "simulated", "miniature"]),
    unit: z.enum(["objects", "bytes"]),
    requests: measure,
    byteRequests: measure,
    objects: count,
    workingSetBytes: count,
    maxObjectBytes: count,
    compulsoryMisses: count.meta({ description: "First requests: what an infinite cache misses" }),
    floorMissRatio: ratio.meta({ description: "The compulsory-miss floor: the miss ratio of an infinite cache" }),
    exact: z.boolean().meta({ description: "True when every point equals what simulate gives at that size" }),
    notes: z.array(z.string()),
    sampling: z
      .looseObject({
        method: z.enum(["fixed-rate", "fixed-size"]),
        rate: ratio,
        maxObjects: count.optional(),
        sampledRequests: count,
        sampledObjects: count,
        errorEstimate: measure.nullable().meta({ description: "Estimated error of the miss ratio (half-samples)" }),
      })
      .optional()
      .meta({ description: "SHARDS sampling: the rate, the sample and an error estimate" }),
    points: z.array(curvePointSchema),
    timing: z.looseObject({ elapsedMs: measure }).meta({ description: "Differs between identical runs" }),
  })
  .meta({ description: "A miss-ratio curve of one policy" });

/** The result of `cachelab mrc`: miss-ratio curves over one workload. */
export const mrcResultSchema = resultKindSchema("mrc", {
  name: z.string(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  source: sourceInfoSchema,
  unit: z.enum(["objects", "bytes"]),
  requests: measure,
  objects: count,
  workingSetBytes: count,
  compulsoryMisses: count,
  floorMissRatio: ratio,
  curves: z.array(curveSchema),
  run: runInfoSchema,
}).meta({ description: "The result of cachelab mrc" });

const planPointSchema = z.looseObject({
  capacity: measure,
  capacityBytes: measure,
  hitRatio: ratio,
  nodes: positive,
  energy: rowEnergySchema,
});

/** The result of `cachelab plan`: per policy the smallest capacity meeting a hit-ratio target, its nodes and energy. */
export const planResultSchema = resultKindSchema("plan", {
  name: z.string(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  source: sourceInfoSchema,
  unit: z.enum(["objects", "bytes"]),
  targetHitRatio: ratio,
  nodeMemoryBytes: positive,
  requestRatePerS: measure,
  requestRateFrom: z
    .enum(["flag", "scenario", "workload", "trace"])
    .meta({ description: "--rate, the scenario's energy.rate, the synthetic workload's rate, or the trace's clock" }),
  requests: measure,
  objects: count,
  workingSetBytes: count,
  meanObjectBytes: measure,
  maxObjectBytes: count,
  compulsoryMisses: count,
  maxHitRatio: ratio.meta({ description: "1 − the compulsory-miss floor: the best any cache reaches" }),
  notes: z.array(z.string()),
  rows: z.array(
    z.looseObject({
      policy: z.string().min(1),
      ...planPointSchema.shape,
      basis: z.enum(["exact-lru", "simulated"]),
      energyOptimal: planPointSchema.meta({ description: "The size on the curve with the least energy per month" }),
    }),
  ),
  curves: z.array(curveSchema),
  run: runInfoSchema,
}).meta({ description: "The result of cachelab plan" });

// ---- bench -----------------------------------------------------------------------------------

/** A row of a live bench: the simulate row's counters (requests = hits + misses + errors) and the measured latency. */
export const benchRowSchema = z
  .looseObject({ ...resultRowSchema.shape, errors: count, latency: latencySummarySchema })
  .meta({ description: "The live run's counters, latency and energy" });

/** The result of `cachelab bench`: a simulate result measured live, with the run's facts under `bench`. */
export const benchResultSchema = resultKindSchema("bench", {
  name: z.string(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  source: sourceInfoSchema,
  trace: traceSummarySchema,
  warmupRequests: count.meta({ description: "Requests sent before measuring started" }),
  results: z.array(benchRowSchema),
  run: runInfoSchema,
  bench: z
    .looseObject({
      target: z.string(),
      load: z.enum(["open", "closed"]),
      connections: positive,
      pipeline: positive,
      ratePerS: measure.nullable(),
      throughputPerS: measure,
      errors: count,
      timeouts: count,
    })
    .meta({ description: "Target, load model, throughput, errors, processes, the simulator's prediction" }),
}).meta({ description: "The result of cachelab bench" });

// ---- the union -------------------------------------------------------------------------------

const kinds = [simulateResultSchema, mrcResultSchema, planResultSchema, benchResultSchema] as const;

/** The kinds this build reads. */
export const RESULT_KINDS: readonly string[] = kinds.map((k) => k.shape.kind.value);

/** Any result file this build reads, told apart by `kind`. */
export const resultSchema = z
  .discriminatedUnion("kind", [...kinds], {
    error: (iss) => {
      if (iss.code !== "invalid_union") return undefined;
      const kind = (iss.input as { kind?: unknown } | undefined)?.kind;
      return kind === undefined
        ? `missing; expected the result kind, one of ${RESULT_KINDS.join(", ")}`
        : `unknown result kind ${JSON.stringify(kind)}; this cachelab reads ${RESULT_KINDS.join(", ")}`;
    },
  })
  .meta({ title: "cachelab result", description: "A result file written by cachelab, told apart by kind" });

export type Result = z.output<typeof resultSchema>;
export type SimulateResult = z.output<typeof simulateResultSchema>;
export type MrcResultOutput = z.output<typeof mrcResultSchema>;
export type PlanResultOutput = z.output<typeof planResultSchema>;

/** The JSON Schema (draft 2020-12) of a result file, as docs/result.schema.json publishes it. */
export function resultJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(resultSchema, {
    target: "draft-2020-12",
    io: "output",
    override: ({ jsonSchema }) => {
      // zod spells out its whole ISO-datetime regex; "format" says the same to a JSON Schema reader.
      if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
    },
  }) as Record<string, unknown>;
}

/** docs/result.schema.json's exact text. */
export function resultJsonSchemaText(): string {
  return `${JSON.stringify(resultJsonSchema(), null, 2)}\n`;
}

// ---- the schema and the engine's types agree -------------------------------------------------

/**
 * A type without the `[k: string]: unknown` index signatures loose objects add (those say "other
 * fields are tolerated", which the engine's interfaces do not spell out), recursively. Index
 * signatures with a real value type (`params: Record<string, number>`) are kept.
 */
export type Known<T> = T extends readonly (infer E)[]
  ? Known<E>[]
  : T extends object
    ? { [K in keyof T as string extends K ? (unknown extends T[K] ? never : K) : K]: Known<T[K]> }
    : T;

/** True when A and B are the same type: same fields, same optionality, same field types. */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * `true` when the schema's type S and the engine's type E agree; otherwise what differs, so that
 * tsc's message names the field: `{ onlyInSchema: …; onlyInEngine: "newField"; differ: never }`.
 * (A difference nested deeper is named by its top field; the pieces are checked one by one too.)
 */
export type Compare<S, E> =
  Same<Known<S>, Known<E>> extends true
    ? true
    : {
        onlyInSchema: Exclude<keyof Known<S>, keyof Known<E>>;
        onlyInEngine: Exclude<keyof Known<E>, keyof Known<S>>;
        differ: {
          [K in keyof Known<S> & keyof Known<E>]: Same<Known<S>[K], Known<E>[K]> extends true ? never : K;
        }[keyof Known<S> & keyof Known<E>];
      };

/** Compiles only when T is true; otherwise tsc prints T, which says what differs. */
export type Agree<T extends true> = T;

// If one of these breaks `tsc`, a field was added, removed or retyped in src/sim/result.ts or
// src/sim/job.ts and not here (or the other way round): make them match. The check goes both ways:
// a field missing from either side, an optional one that is required on the other, or a type
// that differs, all fail.
export type SchemaAgreesWithEngine = [
  Agree<Compare<z.output<typeof jobResultSchema>, JobResult>>,
  Agree<Compare<z.output<typeof rowEnergySchema>, RowEnergy>>,
  Agree<Compare<z.output<typeof resultRowSchema>, ResultRow>>,
  Agree<Compare<z.output<typeof sourceInfoSchema>, SourceInfo>>,
  Agree<Compare<z.output<typeof traceSummarySchema>, TraceSummary>>,
  Agree<Compare<z.output<typeof runInfoSchema>, RunResult["run"]>>,
  Agree<Compare<SimulateResult, RunResult>>,
  Agree<Compare<z.output<typeof curveSchema>, ResultCurve>>,
  Agree<Compare<MrcResultOutput, MrcResult>>,
  Agree<Compare<PlanResultOutput, PlanResult>>,
];
