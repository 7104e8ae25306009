// The operations behind `cachelab cluster …`: up, status, down, kill, pause, resume, add, remove.
// Each reads the state file (src/cluster/state.ts), acts on real processes (src/cluster/processes.ts)
// and writes the state back. Nothing trusts the file blindly: `up` refuses to start over a cluster
// that still runs but replaces a stale one (every node gone), `status` checks every pid and port,
// `down` stops whatever of the recorded processes still runs (the proxy too) and removes the state
// even when some were already gone.
//
// Node names are node0, node1, … (as `placement lookup --nodes N` names them), so a key's owner in
// the live cluster is the one `cachelab placement lookup --scheme S --nodes N KEY` prints. After
// `add`/`remove` the key → node map is the scheme's map over the new node list; keys whose owner
// changed are misses on their new owner (a cache: nothing is migrated).
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { parseBytes } from "../workload/units.js";
import { checkNode, type NodeHealth } from "./health.js";
import { killQuietly, nodeMarker, procState, runs, spawnReady, stopProcess } from "./processes.js";
import {
  type ClusterState,
  type NodeState,
  primaries,
  readState,
  removeState,
  requireState,
  STATE_VERSION,
  stateDir,
  writeState,
} from "./state.js";

/** The slots topology to every node (ioredis and the placement registry load only when needed). */
async function publishTopology(path: string, s: ClusterState): Promise<void> {
  await (await import("./topology.js")).publishTopology(path, s);
}

export const HOST = "127.0.0.1";

export interface UpOptions {
  statePath: string;
  nodes: number;
  eviction: string;
  /** Bytes, or a size such as 64MiB. */
  memory: string | number;
  placement: string;
  replicas: number;
  /** 0: every port chosen by the system; else node i listens on base+i (HTTP: base+1000+i). */
  basePort: number;
  /** true: a random password; a string: that password; false/undefined: none. */
  password?: boolean | string;
  timeoutMs?: number;
}

export interface UpResult {
  state: ClusterState;
  /** A stale state that was replaced (every node in it was gone). */
  replacedStale: boolean;
}

/** Validates what a node would refuse, so the user sees one line instead of a node's log. */
export async function checkSettings(o: { eviction: string; memory: string | number; placement: string }) {
  // loaded here: status, down, kill… do not need the policy and placement registries
  const [{ findSpec }, { evictionPolicies }, { parseRef }, { resolveLivePlacement }] = await Promise.all([
    import("../core/spec.js"),
    import("../policies/eviction/registry.js"),
    import("../policies/resolve.js"),
    import("./router.js"),
  ]);
  const ref = parseRef(o.eviction, "eviction policy");
  if (!ref.module) findSpec(evictionPolicies as Record<string, any>, ref.name, "eviction policy");
  const memory = parseBytes(o.memory);
  if (!(memory >= 1024)) throw new InputError(`--memory ${o.memory}: give at least 1KiB`);
  await resolveLivePlacement(o.placement);
  return memory;
}

export async function up(o: UpOptions): Promise<UpResult> {
  if (!Number.isInteger(o.nodes) || o.nodes < 1 || o.nodes > 64) throw new InputError("-n must be 1 … 64 nodes");
  if (o.replicas < 0 || o.replicas >= o.nodes)
    throw new InputError(`--replicas ${o.replicas}: must be less than the node count (${o.nodes})`);
  const memory = await checkSettings(o);
  const { resolveLivePlacement } = await import("./router.js");
  // a Redis Cluster with replicas: -n counts every process, as redis-cli --cluster create does; the
  // first n / (R+1) are primaries, the rest their replicas (node<P+j·P+i> replicates node<i>)
  const slotsReplicas = o.replicas > 0 && (await resolveLivePlacement(o.placement)).spec.name === "slots";
  if (slotsReplicas && o.nodes % (o.replicas + 1) !== 0)
    throw new InputError(
      `--replicas ${o.replicas} with --placement slots: -n ${o.nodes} must be a multiple of ${o.replicas + 1} (each primary and its ${o.replicas} replica${o.replicas === 1 ? "" : "s"}; e.g. -n ${3 * (o.replicas + 1)} for 3 primaries)`,
    );
  const old = readState(o.statePath);
  let replacedStale = false;
  if (old) {
    const alive = old.nodes.filter((n) => runs(n.pid, nodeMarker()));
    if (alive.length > 0)
      throw new InputError(
        `a cluster is already running (${alive.length} of ${old.nodes.length} nodes, state ${o.statePath}); stop it with: cachelab cluster down`,
      );
    removeState(o.statePath);
    replacedStale = true;
  }
  const password = o.password === true ? randomBytes(16).toString("hex") : o.password ? o.password : null;
  const state: ClusterState = {
    version: STATE_VERSION,
    createdAt: new Date().toISOString(),
    generation: 1,
    placement: o.placement,
    replicas: o.replicas,
    eviction: o.eviction,
    memory,
    password,
    nodes: [],
    nextIndex: o.nodes,
    proxy: null,
  };
  const started = await startNodes(
    o.statePath,
    Array.from({ length: o.nodes }, (_, i) => `node${i}`),
    { eviction: o.eviction, memory, password, basePort: o.basePort, timeoutMs: o.timeoutMs },
  );
  state.nodes = started;
  if (slotsReplicas) {
    const p = o.nodes / (o.replicas + 1);
    for (let k = p; k < o.nodes; k++) started[k].replicaOf = started[k % p].name;
  }
  try {
    writeState(o.statePath, state);
    await publishTopology(o.statePath, state);
  } catch (e) {
    await Promise.all(started.map((n) => stopProcess(n.pid, nodeMarker())));
    removeState(o.statePath);
    throw e;
  }
  return { state, replacedStale };
}

export interface StartSettings {
  eviction: string;
  memory: number;
  password: string | null;
  /** 0: ports chosen by the system; else the i-th node listens on base+i (HTTP: base+1000+i). */
  basePort: number;
  timeoutMs?: number;
  /** Log file suffix (deploy's green nodes: `-g<generation>`). */
  logSuffix?: string;
}

/** Starts the named nodes, all or none: a failure stops the ones that started. */
export async function startNodes(path: string, names: string[], o: StartSettings): Promise<NodeState[]> {
  // the folder holds the password (state) and the logs: the owner's only
  mkdirSync(stateDir(path), { recursive: true, mode: 0o700 });
  const logs = join(stateDir(path), "logs");
  // Ctrl-C or SIGTERM while nodes start: they are detached and not yet in any state file, so stop
  // them here rather than leave them running unrecorded
  const spawned: number[] = [];
  const abort = (signal: NodeJS.Signals) => {
    for (const pid of spawned) killQuietly(pid, "SIGKILL");
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  const results = await Promise.allSettled(
    names.map(async (name, i) => {
      const log = join(logs, `${name}${o.logSuffix ?? ""}.log`);
      const args = [
        "--port",
        String(o.basePort ? o.basePort + i : 0),
        "--http-port",
        String(o.basePort ? o.basePort + 1000 + i : 0),
        "--memory",
        String(o.memory),
        "--eviction",
        o.eviction,
        "--name",
        name,
      ];
      // through the environment, which keeps it out of `ps`
      const env: Record<string, string> = o.password ? { CACHELAB_NODE_PASSWORD: o.password } : {};
      const r = await spawnReady({ args, log, timeoutMs: o.timeoutMs, env, onSpawn: (pid) => spawned.push(pid) });
      return {
        name,
        pid: r.pid,
        host: HOST,
        port: r.port,
        httpPort: r.httpPort,
        log,
        eviction: o.eviction,
        memory: o.memory,
      } satisfies NodeState;
    }),
  ).finally(() => {
    process.off("SIGINT", abort);
    process.off("SIGTERM", abort);
  });
  const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = results.findIndex((r) => r.status === "rejected");
  if (failed >= 0) {
    await Promise.all(ok.map((n) => stopProcess(n.pid, nodeMarker())));
    const why = (results[failed] as PromiseRejectedResult).reason as Error;
    throw new InputError(`${names[failed]} did not start: ${why.message}`);
  }
  return ok;
}

export interface NodeStatus extends NodeState {
  health: NodeHealth;
  detail: string;
}

export interface StatusResult {
  statePath: string;
  placement: string;
  replicas: number;
  generation: number;
  nodes: NodeStatus[];
  proxy: (ClusterState["proxy"] & { health: NodeHealth }) | null;
  /** Nodes up / recorded. */
  up: number;
}

export async function status(path: string): Promise<StatusResult> {
  const s = requireState(path);
  const nodes = await Promise.all(
    s.nodes.map(async (n) => ({ ...n, ...(await checkNode(n, nodeMarker())) }) satisfies NodeStatus),
  );
  let proxy: StatusResult["proxy"] = null;
  if (s.proxy) proxy = { ...s.proxy, health: (await checkNode(s.proxy, "proxy")).health };
  return {
    statePath: path,
    placement: s.placement,
    replicas: s.replicas,
    generation: s.generation,
    nodes,
    proxy,
    up: nodes.filter((n) => n.health === "up").length,
  };
}

export interface DownResult {
  stopped: { name: string; pid: number; how: "absent" | "terminated" | "killed" }[];
}

/** Stops the proxy and every node (SIGTERM, then SIGKILL after `timeoutMs`), removes the state. */
export async function down(path: string, timeoutMs = 3000): Promise<DownResult> {
  const s = readState(path);
  if (!s) throw new InputError(`no cluster state at ${path}: nothing to stop`);
  const targets = [
    ...(s.proxy ? [{ name: "proxy", pid: s.proxy.pid, marker: "proxy" }] : []),
    ...s.nodes.map((n) => ({ name: n.name, pid: n.pid, marker: nodeMarker() })),
  ];
  const stopped = await Promise.all(
    targets.map(async (t) => ({ name: t.name, pid: t.pid, how: await stopProcess(t.pid, t.marker, timeoutMs) })),
  );
  removeState(path);
  return { stopped };
}

function findNode(s: ClusterState, name: string): NodeState {
  const n = s.nodes.find((x) => x.name === name);
  if (!n) throw new InputError(`no node '${name}' in this cluster (nodes: ${s.nodes.map((x) => x.name).join(", ")})`);
  return n;
}

/**
 * Failover in a slots cluster with replicas (there is no gossip among nodes: the manager decides).
 * A primary that no longer runs and has a live replica is replaced by it: the replica takes the
 * primary's place in the node order (so it gets exactly the primary's slots), the primary's other
 * replicas now replicate it, the dead primary leaves the state, and the new topology goes to every
 * live node. Clients that follow -MOVED (or reload CLUSTER SLOTS after a connection error, as
 * ioredis's Cluster does) then find the new primary. Returns the promotions made (dead → new).
 */
export async function failover(path: string): Promise<{ dead: string; promoted: string }[]> {
  const s = requireState(path);
  const done: { dead: string; promoted: string }[] = [];
  for (const dead of primaries(s.nodes)) {
    if (runs(dead.pid, nodeMarker())) continue;
    const heir = s.nodes.find((n) => n.replicaOf === dead.name && runs(n.pid, nodeMarker()));
    if (!heir) continue;
    heir.replicaOf = null;
    for (const n of s.nodes) if (n.replicaOf === dead.name) n.replicaOf = heir.name;
    s.nodes = s.nodes.filter((n) => n !== heir);
    s.nodes[s.nodes.indexOf(dead)] = heir;
    done.push({ dead: dead.name, promoted: heir.name });
  }
  if (done.length > 0) {
    s.generation++;
    writeState(path, s);
    await publishTopology(path, s);
  }
  return done;
}

/**
 * SIGKILL (a crash; default) or SIGTERM to one node. The node stays in the state, shown dead —
 * except a slots cluster's primary with a live replica, which fails over to it (`failover`).
 */
export async function kill(path: string, name: string, signal: "SIGKILL" | "SIGTERM" = "SIGKILL") {
  const s = requireState(path);
  const n = findNode(s, name);
  if (!runs(n.pid, nodeMarker())) throw new InputError(`${name} (pid ${n.pid}) is not running`);
  if (signal === "SIGTERM") await stopProcess(n.pid, nodeMarker());
  else {
    killQuietly(n.pid, "SIGKILL");
    const until = Date.now() + 2000;
    while (runs(n.pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  }
  const promoted = s.nodes.some((x) => x.replicaOf === name) ? await failover(path) : [];
  return { ...n, promoted: promoted.find((p) => p.dead === name)?.promoted ?? null };
}

/**
 * SIGSTOP / SIGCONT: the node keeps its sockets but answers nothing while paused. Returns once the
 * kernel shows the process stopped (or running again), at most 2 s.
 */
export async function pause(path: string, name: string, resume = false): Promise<NodeState> {
  const s = requireState(path);
  const n = findNode(s, name);
  if (!runs(n.pid, nodeMarker())) throw new InputError(`${name} (pid ${n.pid}) is not running`);
  killQuietly(n.pid, resume ? "SIGCONT" : "SIGSTOP");
  const until = Date.now() + 2000;
  while ((procState(n.pid) === "T") === resume && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  return n;
}

/** Starts one more node (node<next>) with the cluster's settings and republishes the topology. */
export async function add(path: string, o: { basePort?: number; timeoutMs?: number } = {}): Promise<NodeState> {
  const s = requireState(path);
  const index = s.nextIndex;
  const [n] = await startNodes(path, [`node${index}`], {
    eviction: s.eviction,
    memory: s.memory,
    password: s.password,
    basePort: o.basePort ?? 0,
    timeoutMs: o.timeoutMs,
  });
  s.nodes.push(n);
  s.nextIndex = index + 1;
  s.generation++;
  writeState(path, s);
  await publishTopology(path, s);
  return n;
}

/** Takes a node out of the placement (topology republished first), then stops it. */
export async function remove(path: string, name: string): Promise<NodeState> {
  const s = requireState(path);
  const n = findNode(s, name);
  if (s.nodes.length === 1) throw new InputError(`${name} is the last node; use cachelab cluster down`);
  if (s.nodes.some((x) => x.replicaOf === name)) {
    // a slots primary with replicas: stop it, then its replica takes its slots (no re-split)
    await stopProcess(n.pid, nodeMarker());
    await failover(path);
    const after = requireState(path);
    if (after.nodes.includes(n) || after.nodes.some((x) => x.name === name)) {
      after.nodes = after.nodes.filter((x) => x.name !== name);
      after.generation++;
      writeState(path, after);
      await publishTopology(path, after);
    }
    return n;
  }
  if (primaries(s.nodes).length === s.nodes.length && s.replicas >= s.nodes.length - 1)
    throw new InputError(`--replicas ${s.replicas} needs more than ${s.nodes.length - 1} nodes`);
  s.nodes = s.nodes.filter((x) => x !== n);
  s.generation++;
  writeState(path, s);
  await publishTopology(path, s);
  await stopProcess(n.pid, nodeMarker());
  return n;
}
