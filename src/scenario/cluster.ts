// The `cluster:` section of a scenario: the simulated servers (a count or a named list), how keys
// are placed on them, replication, near caches (L1 per client), events on the timeline, and the
// latency model. Every default of the section is here, each with its reason. A scenario without
// this section is a single cache, exactly as before. docs/cluster.md explains the model.
//
//   cluster:
//     nodes: 4                    # or [4, 8] (node counts compared), or [{ name, weight, capacity }]
//     placement: [modulo, ring]   # schemes of src/placement (name[:param=value]) compared
//     replication: 2              # R: reads to the first live owner, writes to all R
//     clients: 8                  # C clients spread the requests (by request position)
//     l1: { capacity: 1000, eviction: lru, ttl: 30s, invalidation: broadcast }   # or a list
//     events:
//       - { at: 30%, down: node1 }          # at a request index, a share of the trace, or a time (120s)
//       - { at: 60%, up: node1 }
//       - { at: 50%, cutover: { nodes: 8, warm: [cold, copy-hot:1000] } }   # a list is compared
//       - { at: 70%, pause: node2 }         # live only (cachelab bench): SIGSTOP, then resume: SIGCONT
//     latency: { backend: "lognormal p50=2ms p99=20ms" }   # per hop (src/scenario/latency.ts), or off
//
// `cache.capacity` is the capacity of the whole starting cluster, split over its nodes by weight
// (a listed node may give its own); a node added later gets a weight-1 node's share.
import { z } from "zod";
import { InputError } from "../core/errors.js";
import type { Unit } from "../core/unit.js";
import { resolveScheme, SCHEME_KIND } from "../placement/resolve.js";
import { type PolicyRef, parseRef } from "../policies/resolve.js";
import { parseDuration } from "../workload/units.js";
import { type CapacitySpec, parseCapacity } from "./capacity.js";
import { type LatencyConfig, latencySchema } from "./latency.js";
import { resolvePolicy } from "./policies.js";

/** Nodes when the section gives none: four, the smallest cluster where placement skew shows. */
export const DEFAULT_CLUSTER_NODES = 4;
/** Placement when none is named: consistent hashing (libketama's ring), what memcached clients use. */
export const DEFAULT_PLACEMENT = "ring";
/** Replication factor: 1 (no replicas), as memcached and a Redis Cluster without replicas run. */
export const DEFAULT_REPLICATION = 1;
/** Clients: one, so that a cluster without near caches sees the trace as a single client sends it. */
export const DEFAULT_CLIENTS = 1;
/** L1 eviction: LRU, what client-side caches (Caffeine's predecessors, Redis client tracking) mostly use. */
export const DEFAULT_L1_EVICTION = "lru";
/** L1 invalidation: TTL only (stale reads allowed until expiry), the cheapest and most common. */
export const DEFAULT_L1_INVALIDATION = "ttl" as const;
export { INVALIDATION_MESSAGE_BYTES } from "./defaults.js";

const name = z.string().min(1).max(200);
const capacityText = z.union([z.string().min(1), z.number().positive()]).transform(String);
const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  try {
    return parseDuration(v);
  } catch (e) {
    ctx.issues.push({ code: "custom", message: (e as Error).message, input: v });
    return z.NEVER;
  }
});

const nodeDef = z.strictObject({
  name,
  weight: z.number().positive().default(1),
  /** This node's own capacity (else its share of cache.capacity by weight). */
  capacity: capacityText.optional(),
});

const placementRef = z.string().min(1);

const l1Schema = z.strictObject({
  capacity: capacityText,
  eviction: z.string().min(1).default(DEFAULT_L1_EVICTION),
  /** Seconds an L1 copy lives (none: until evicted or invalidated). */
  ttl: z.union([z.literal("none"), duration]).default("none"),
  invalidation: z.enum(["ttl", "broadcast"]).default(DEFAULT_L1_INVALIDATION),
});

/** When an event happens: a request index, a share of the trace (`30%`), or a time (`120s`, `2m`). */
const at = z.union([
  z.number().int().min(0),
  z
    .string()
    .regex(
      /^\s*(\d+(\.\d+)?%|\d+(\.\d+)?\s*(ms|s|m|h|d)|\d+)\s*$/,
      "a request index, a share like 30%, or a time like 120s",
    ),
]);

/** Warm-up of a new cluster: cold, copy the K hottest keys, or shadow the traffic for a while. */
const warm = z
  .string()
  .regex(
    /^(cold|copy-hot:\d+|shadow:(\d+|\d+(\.\d+)?\s*(ms|s|m|h)))$/,
    "cold, copy-hot:K (K keys) or shadow:DURATION (120s, or a request count)",
  );

const cutover = z.strictObject({
  eviction: z.string().min(1).optional(),
  placement: placementRef.optional(),
  nodes: z.union([z.number().int().min(1).max(4096), z.array(nodeDef).min(1)]).optional(),
  capacity: capacityText.optional(),
  warm: z
    .union([warm, z.array(warm).min(1)])
    .default("cold")
    .transform((v) => (Array.isArray(v) ? v : [v])),
});

const event = z
  .strictObject({
    at,
    down: name.optional(),
    up: name.optional(),
    add: z.union([name, nodeDef]).optional(),
    remove: name.optional(),
    cutover: cutover.optional(),
    /** Live only (`cachelab bench`): SIGSTOP the node (it keeps its sockets and contents, answers nothing). */
    pause: name.optional(),
    /** Live only: SIGCONT a paused node. */
    resume: name.optional(),
  })
  .superRefine((e, ctx) => {
    const n = [e.down, e.up, e.add, e.remove, e.cutover, e.pause, e.resume].filter((x) => x !== undefined).length;
    if (n !== 1)
      ctx.addIssue({ code: "custom", message: "give exactly one of down, up, add, remove, cutover, pause, resume" });
  });

const listOf = <T extends z.ZodType>(t: T) =>
  z.union([t, z.array(t).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const clusterSchema = z
  .strictObject({
    /** A count, a list of counts (compared), or a list of named nodes (one cluster). */
    nodes: z
      .union([
        z.number().int().min(1).max(4096),
        z.array(z.number().int().min(1).max(4096)).min(1),
        z.array(nodeDef).min(1),
      ])
      .default(DEFAULT_CLUSTER_NODES),
    placement: listOf(placementRef).default([DEFAULT_PLACEMENT]),
    replication: z.number().int().min(1).max(16).default(DEFAULT_REPLICATION),
    clients: z.number().int().min(1).max(4096).default(DEFAULT_CLIENTS),
    l1: listOf(l1Schema).optional(),
    events: z.array(event).default([]),
    /** Per-hop latency distributions (src/scenario/latency.ts; defaults when absent), or `off`. */
    latency: z.union([z.literal("off"), latencySchema]).optional(),
  })
  .superRefine((c, ctx) => {
    if (Array.isArray(c.nodes) && typeof c.nodes[0] === "object") {
      const seen = new Set<string>();
      (c.nodes as { name: string }[]).forEach((n, i) => {
        if (seen.has(n.name))
          ctx.addIssue({ code: "custom", path: ["nodes", i, "name"], message: `node '${n.name}' is listed twice` });
        seen.add(n.name);
      });
    }
    const cutovers = c.events.filter((e) => e.cutover).length;
    if (cutovers > 1) ctx.addIssue({ code: "custom", path: ["events"], message: "at most one cutover per scenario" });
  });

export type ClusterSection = z.output<typeof clusterSchema>;
export type ClusterEventInput = ClusterSection["events"][number];
export type NodeDefInput = z.output<typeof nodeDef>;
export type L1Input = z.output<typeof l1Schema>;

// ---- the loaded form: every name resolved, what the simulator expands into jobs ---------------

/** When an event happens, as written: a trace position, a share of the trace, or seconds from its start. */
export type EventTime = { index: number } | { fraction: number } | { seconds: number };

export interface PlacementChoice {
  ref: { name: string; params: Record<string, number>; module?: string };
  /** `ring`, `bounded(epsilon=0.1)`. */
  label: string;
}

export interface LoadedNode {
  name: string;
  weight: number;
  capacity?: CapacitySpec;
}

export type LoadedWarm =
  | { kind: "cold" }
  | { kind: "copy-hot"; keys: number }
  | { kind: "shadow"; requests?: number; seconds?: number };

export type LoadedEvent =
  | { at: EventTime; kind: "down" | "up" | "remove" | "pause" | "resume"; node: string; label: string }
  | { at: EventTime; kind: "add"; node: LoadedNode; label: string }
  | {
      at: EventTime;
      kind: "cutover";
      eviction?: PolicyRef;
      placement?: PlacementChoice;
      nodes?: number | LoadedNode[];
      capacity?: CapacitySpec;
      /** One run per strategy (compared side by side). */
      warm: { text: string; warm: LoadedWarm }[];
    };

export interface ClusterRequest {
  /** Node counts compared, or one named node list. */
  nodes: { counts: number[] } | { list: LoadedNode[] };
  placements: PlacementChoice[];
  replication: number;
  clients: number;
  /** Near-cache configurations compared (none: one entry, null). */
  l1: ({
    eviction: PolicyRef;
    capacity: CapacitySpec;
    ttlS: number | null;
    invalidation: "ttl" | "broadcast";
  } | null)[];
  events: LoadedEvent[];
  /** The latency model, or null (`latency: off`). */
  latency: LatencyConfig | null;
  /** `file: cluster`, for errors found while running. */
  where: string;
}

function eventTime(at: string | number): EventTime {
  if (typeof at === "number") return { index: at };
  const t = at.trim();
  if (/^\d+$/.test(t)) return { index: Number(t) };
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (pct) {
    const f = Number(pct[1]) / 100;
    if (f > 1) throw new InputError(`'${t}' must be at most 100%`);
    return { fraction: f };
  }
  return { seconds: parseDuration(t) };
}

function loadedWarm(text: string): LoadedWarm {
  if (text === "cold") return { kind: "cold" };
  const [kind, arg] = text.split(":");
  if (kind === "copy-hot") return { kind: "copy-hot", keys: Number(arg) };
  return /^\d+$/.test(arg)
    ? { kind: "shadow", requests: Number(arg) }
    : { kind: "shadow", seconds: parseDuration(arg) };
}

async function placementChoice(text: string): Promise<PlacementChoice> {
  const ref = parseRef(text, SCHEME_KIND);
  const s = await resolveScheme(ref);
  return { ref: { name: ref.name, params: ref.params, module: ref.module }, label: s.label };
}

function loadedNode(n: { name: string; weight: number; capacity?: string }, unit: Unit): LoadedNode {
  return {
    name: n.name,
    weight: n.weight,
    capacity: n.capacity === undefined ? undefined : parseCapacity(n.capacity, unit),
  };
}

/**
 * The `cluster:` section with every policy and placement scheme resolved (a typo fails here, before
 * any trace is read), capacities parsed in the run's unit; `file` names the file in errors.
 */
export async function loadCluster(c: ClusterSection, file: string, unit: Unit): Promise<ClusterRequest> {
  const where = (f: string) => `${file}: cluster.${f}`;
  const at = async <T>(f: string, g: () => T | Promise<T>): Promise<T> => {
    try {
      return await g();
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`${where(f)}: ${e.message}`);
      throw e;
    }
  };
  const nodes: ClusterRequest["nodes"] =
    typeof c.nodes === "number"
      ? { counts: [c.nodes] }
      : typeof c.nodes[0] === "number"
        ? { counts: c.nodes as number[] }
        : {
            list: await at("nodes", () =>
              (c.nodes as { name: string; weight: number; capacity?: string }[]).map((n) => loadedNode(n, unit)),
            ),
          };
  const placements: PlacementChoice[] = [];
  for (const [i, p] of c.placement.entries()) placements.push(await at(`placement.${i}`, () => placementChoice(p)));
  const l1: ClusterRequest["l1"] = [];
  for (const [i, x] of (c.l1 ?? []).entries()) {
    const f = `l1${c.l1!.length > 1 ? `.${i}` : ""}`;
    const eviction = await at(`${f}.eviction`, async () => {
      const ref = parseRef(x.eviction, "eviction policy");
      const r = await resolvePolicy(ref, "eviction policy");
      if (r.spec.oracle) throw new InputError(`${r.spec.name} is an oracle policy: a near cache cannot run it`);
      return ref;
    });
    const capacity = await at(`${f}.capacity`, () => parseCapacity(x.capacity, unit));
    l1.push({ eviction, capacity, ttlS: x.ttl === "none" ? null : x.ttl, invalidation: x.invalidation });
  }
  if (l1.length === 0) l1.push(null);
  const events: LoadedEvent[] = [];
  for (const [i, e] of c.events.entries()) {
    const f = `events.${i}`;
    const time = await at(`${f}.at`, () => eventTime(e.at));
    if (e.cutover) {
      const co = e.cutover;
      events.push({
        at: time,
        kind: "cutover",
        eviction:
          co.eviction === undefined
            ? undefined
            : await at(`${f}.cutover.eviction`, async () => {
                const ref = parseRef(co.eviction!, "eviction policy");
                await resolvePolicy(ref, "eviction policy");
                return ref;
              }),
        placement:
          co.placement === undefined
            ? undefined
            : await at(`${f}.cutover.placement`, () => placementChoice(co.placement!)),
        nodes:
          co.nodes === undefined
            ? undefined
            : typeof co.nodes === "number"
              ? co.nodes
              : await at(`${f}.cutover.nodes`, () =>
                  (co.nodes as { name: string; weight: number; capacity?: string }[]).map((n) => loadedNode(n, unit)),
                ),
        capacity:
          co.capacity === undefined
            ? undefined
            : await at(`${f}.cutover.capacity`, () => parseCapacity(co.capacity!, unit)),
        warm: await at(`${f}.cutover.warm`, () => co.warm.map((w) => ({ text: w, warm: loadedWarm(w) }))),
      });
    } else if (e.add !== undefined) {
      const n = typeof e.add === "string" ? { name: e.add, weight: 1 } : e.add;
      events.push({
        at: time,
        kind: "add",
        node: await at(`${f}.add`, () => loadedNode(n, unit)),
        label: `add ${n.name}`,
      });
    } else {
      const kind =
        e.down !== undefined
          ? "down"
          : e.up !== undefined
            ? "up"
            : e.pause !== undefined
              ? "pause"
              : e.resume !== undefined
                ? "resume"
                : "remove";
      const node = (e.down ?? e.up ?? e.pause ?? e.resume ?? e.remove)!;
      events.push({ at: time, kind, node, label: `${kind} ${node}` });
    }
  }
  return {
    nodes,
    placements,
    replication: c.replication,
    clients: c.clients,
    l1,
    events,
    latency: c.latency === "off" || c.latency === undefined ? null : c.latency,
    where: `${file}: cluster`,
  };
}
