// Where a live bench sends its requests, from `--target`:
//   local                    the cluster of the state file (`cachelab cluster`), or, when none runs, a
//                            new one brought up with the scenario's policy and capacity (torn down after)
//   proxy                    that cluster's `cachelab proxy` (one endpoint; the proxy routes)
//   redis://[:PASS@]HOST:PORT one Redis-protocol server (redis-server, a cachelab node)
//   redis-cluster://[:PASS@]HOST:PORT
//                            a Redis Cluster, found from one of its nodes: CLUSTER SLOTS gives the
//                            masters and their slot ranges; each key goes to the master of its slot
//                            (CRC16 mod 16384, hash tags honoured: src/placement/hash.ts). The map is
//                            read once: a resharding during the run shows as errors (-MOVED).
// For a local cluster the bench routes each key itself with the cluster's placement (the same
// scheme over the same node names: src/cluster/router.ts), so `owner[id]` is the node a key lives on.

import { down, up } from "../cluster/manager.js";
import { killQuietly, nodeMarker, runs } from "../cluster/processes.js";
import { type ClusterState, readState, removeState } from "../cluster/state.js";
import { InputError } from "../core/errors.js";
import { REDIS_SLOTS, redisKeyHash } from "../placement/hash.js";
import type { Endpoint, Routing } from "./driver.js";
import { keyOf } from "./requests.js";
import { KeyHashes, type NameOwners, translate } from "./routing.js";

export type TargetSpec =
  | { type: "local" }
  | { type: "proxy" }
  | { type: "redis" | "redis-cluster"; host: string; port: number; password: string | null };

export function parseTarget(text: string): TargetSpec {
  if (text === "local" || text === "proxy") return { type: text };
  if (text.startsWith("redis://") || text.startsWith("redis-cluster://")) {
    const type = text.startsWith("redis://") ? "redis" : "redis-cluster";
    let u: URL;
    try {
      u = new URL(text);
    } catch {
      throw new InputError(`--target ${text}: not a redis://HOST:PORT or redis-cluster://HOST:PORT address`);
    }
    const port = Number(u.port || 6379);
    if (!u.hostname || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new InputError(`--target ${text}: not a ${type}://HOST:PORT address`);
    return {
      type,
      host: u.hostname.replace(/^\[|\]$/g, ""),
      port,
      password: u.password ? decodeURIComponent(u.password) : null,
    };
  }
  throw new InputError(`--target ${text}: expected local, proxy, redis://HOST:PORT or redis-cluster://HOST:PORT`);
}

export interface ResolvedTarget {
  label: string;
  endpoints: Endpoint[];
  nodeNames: string[];
  password: string | null;
  /** Node index per object id (null: one endpoint). */
  owner: Uint8Array | null;
  /** A local cluster's nodes' HTTP ports, in the order of `endpoints` (for `--driver autocannon`). */
  http?: Endpoint[];
  /** A local cluster's copies per key (R = replicas + 1), primary first; null: `owner` alone. */
  routing: Routing | null;
  /** A local cluster's state file, where the next added node's index starts, its keys' hashes and owners (for live events). */
  local: {
    statePath: string;
    nextIndex: number;
    placement: string;
    replicas: number;
    hashes: KeyHashes;
    owners: NameOwners;
  } | null;
  /** Processes whose CPU and memory are measured. */
  processes: { name: string; pid: number }[];
  /** The cluster's settings, when it is a cachelab cluster. */
  cluster: { placement: string; replicas: number; eviction: string; memory: number } | null;
  /** True when the bench started the cluster (and stops it). */
  started: boolean;
  notes: string[];
  /** Stops what the bench started; idempotent. */
  release(): Promise<void>;
}

export interface LocalSettings {
  statePath: string;
  nodes: number;
  placement: string;
  eviction: string;
  /** Bytes per node. */
  memory: number;
  /** Replicas of a cluster the bench starts (copies per key − 1). */
  replicas: number;
}

export async function resolveTarget(
  spec: TargetSpec,
  local: LocalSettings,
  objects: number,
  signal?: AbortSignal,
): Promise<ResolvedTarget> {
  if (spec.type === "redis-cluster") return redisCluster(spec, objects);
  if (spec.type === "redis")
    return {
      label: `redis://${spec.host}:${spec.port}`,
      endpoints: [{ host: spec.host, port: spec.port }],
      nodeNames: [`${spec.host}:${spec.port}`],
      password: spec.password,
      owner: null,
      routing: null,
      local: null,
      processes: [],
      cluster: null,
      started: false,
      notes: [],
      release: async () => {},
    };
  let state = readState(local.statePath);
  const alive = state ? state.nodes.filter((n) => runs(n.pid, nodeMarker())).length : 0;
  let started = false;
  const notes: string[] = [];
  if (!state || alive === 0) {
    if (spec.type === "proxy")
      throw new InputError(
        `--target proxy: no cluster runs (state ${local.statePath}); start one with cachelab cluster up and cachelab proxy`,
      );
    state = (
      await up({
        statePath: local.statePath,
        nodes: local.nodes,
        eviction: local.eviction,
        memory: local.memory,
        placement: local.placement,
        replicas: local.replicas,
        basePort: 0,
      })
    ).state;
    started = true;
    notes.push(
      `started ${local.nodes} nodes (${local.eviction}, ${local.memory} bytes each, ${local.placement}${local.replicas > 0 ? `, --replicas ${local.replicas}` : ""}); stopped after the run`,
    );
  } else if (alive < state.nodes.length)
    notes.push(`${state.nodes.length - alive} of ${state.nodes.length} nodes of the running cluster are down`);
  const s: ClusterState = state;
  let released = false;
  // a last resort: the process exits before release() ran (a signal handler of the cluster code that
  // calls process.exit while an event starts nodes): SIGKILL what the state file lists, synchronously
  const onExit = () => {
    const now = readState(local.statePath);
    for (const n of now?.nodes ?? []) if (runs(n.pid, nodeMarker())) killQuietly(n.pid, "SIGKILL");
    if (now) removeState(local.statePath);
  };
  if (started) process.on("exit", onExit);
  const release = async () => {
    if (released || !started) return;
    released = true;
    process.off("exit", onExit);
    await down(local.statePath);
  };
  if (signal?.aborted) {
    await release();
    throw new Error("interrupted");
  }
  const processes = s.nodes.map((n) => ({ name: n.name, pid: n.pid }));
  const cluster = { placement: s.placement, replicas: s.replicas, eviction: s.eviction, memory: s.memory };
  if (spec.type === "proxy") {
    if (!s.proxy) {
      await release();
      throw new InputError(`--target proxy: the cluster has no proxy; start one with cachelab proxy`);
    }
    return {
      label: `proxy ${s.proxy.host}:${s.proxy.port}`,
      endpoints: [{ host: s.proxy.host, port: s.proxy.port }],
      nodeNames: ["proxy"],
      password: s.password,
      owner: null,
      routing: null,
      local: null,
      processes: [{ name: "proxy", pid: s.proxy.pid }, ...processes],
      cluster,
      started,
      notes,
      release,
    };
  }
  try {
    const names = s.nodes.map((n) => n.name);
    const hashes = await KeyHashes.of(s.placement, objects);
    const owners = await hashes.ownersOver(names, s.replicas);
    const routing = translate(owners, (n) => names.indexOf(n));
    const owner = new Uint8Array(objects);
    for (let id = 0; id < objects; id++) owner[id] = routing.table[id * routing.r];
    return {
      label: `local cluster of ${names.length} nodes (${s.placement})`,
      endpoints: s.nodes.map((n) => ({ host: n.host, port: n.port })),
      http: s.nodes.map((n) => ({ host: n.host, port: n.httpPort })),
      nodeNames: names,
      password: s.password,
      owner,
      routing,
      local: {
        statePath: local.statePath,
        nextIndex: s.nextIndex,
        placement: s.placement,
        replicas: s.replicas,
        hashes,
        owners,
      },
      processes,
      cluster,
      started,
      notes,
      release,
    };
  } catch (e) {
    await release();
    throw e;
  }
}

/** The masters of a Redis Cluster and each key's master, from CLUSTER SLOTS of one node. */
async function redisCluster(
  spec: { host: string; port: number; password: string | null },
  objects: number,
): Promise<ResolvedTarget> {
  const { Redis } = await import("ioredis");
  const c = new Redis({
    host: spec.host,
    port: spec.port,
    password: spec.password ?? undefined,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  c.on("error", () => {});
  let slots: [number, number, [string, number, ...unknown[]], ...unknown[]][];
  try {
    await c.connect();
    slots = (await c.call("CLUSTER", "SLOTS")) as typeof slots;
  } catch (e) {
    throw new InputError(`--target redis-cluster://${spec.host}:${spec.port}: ${(e as Error).message}`);
  } finally {
    c.disconnect();
  }
  if (!Array.isArray(slots) || slots.length === 0)
    throw new InputError(`--target redis-cluster://${spec.host}:${spec.port}: the cluster has no slots assigned`);
  const endpoints: Endpoint[] = [];
  const index = new Map<string, number>();
  const slotOwner = new Int16Array(REDIS_SLOTS).fill(-1);
  for (const [from, to, master] of slots) {
    const host = String(master[0]) || spec.host;
    const name = `${host}:${master[1]}`;
    let i = index.get(name);
    if (i === undefined) {
      i = endpoints.length;
      index.set(name, i);
      endpoints.push({ host, port: Number(master[1]) });
    }
    slotOwner.fill(i, from, to + 1);
  }
  const owner = new Uint8Array(objects);
  for (let id = 0; id < objects; id++) {
    const m = slotOwner[redisKeyHash(keyOf(id)) & (REDIS_SLOTS - 1)];
    if (m < 0) throw new InputError(`--target redis-cluster://${spec.host}:${spec.port}: not every slot is assigned`);
    owner[id] = m;
  }
  return {
    label: `redis-cluster of ${endpoints.length} masters`,
    endpoints,
    nodeNames: [...index.keys()],
    password: spec.password,
    owner,
    routing: null,
    local: null,
    processes: [],
    cluster: null,
    started: false,
    notes: [],
    release: async () => {},
  };
}
