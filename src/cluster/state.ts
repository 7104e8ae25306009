// The state of a running reference cluster: what `cluster up` started (nodes with their pids, ports
// and log files, the placement scheme, replicas, the password) and what every other `cluster …`
// command, `cachelab proxy` and the client read back.
//
// Where: `$CACHELAB_STATE` if set, else `.cachelab/cluster.json` in the working directory. The
// file is written atomically (a temp file renamed over it) with mode 0600, because it holds the
// cluster's password. A `slots` cluster's topology (as sent to the nodes, src/cluster/topology.ts)
// sits next to it (`cluster-topology.json`), and the node logs in `logs/`.
//
// The file is a record of what was started, not proof that it still runs: `cluster status` checks
// every pid and port (src/cluster/health.ts) before anything trusts it.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { InputError } from "../core/errors.js";

export const STATE_VERSION = 1;

export interface NodeState {
  /** Placement name of the node (node0, node1, …): the same names `placement lookup --nodes N` uses. */
  name: string;
  pid: number;
  host: string;
  port: number;
  httpPort: number;
  /** The node's log (stdout and stderr). */
  log: string;
  eviction: string;
  memory: number;
  /**
   * A `slots` cluster with --replicas: the primary this node replicates (it owns no slots; its
   * primary streams writes to it, src/cluster/node/replication.ts); absent or null: a primary.
   */
  replicaOf?: string | null;
}

export interface ProxyState {
  pid: number;
  host: string;
  port: number;
}

export interface ClusterState {
  version: number;
  createdAt: string;
  /** Bumped on every change of the node set (add, remove, deploy): the proxy reloads on a change. */
  generation: number;
  placement: string;
  /** Extra copies of each key: owners per key = replicas + 1. */
  replicas: number;
  eviction: string;
  memory: number;
  /** AUTH password of every node, or null (nodes bind 127.0.0.1 only). */
  password: string | null;
  nodes: NodeState[];
  /** Nodes started for the next placement's node names (node<N>…) are numbered from here. */
  nextIndex: number;
  proxy: ProxyState | null;
}

/** The nodes that own keys: every node but a slots cluster's replicas. */
export function primaries<N extends { replicaOf?: string | null }>(nodes: readonly N[]): N[] {
  return nodes.filter((n) => !n.replicaOf);
}

/**
 * What a router (the library client, the proxy) sees: in a slots cluster whose nodes replicate
 * themselves, the primaries and no writer-side copies; otherwise every node and the state's replicas.
 */
export function routedView(s: Pick<ClusterState, "nodes" | "replicas">): { nodes: NodeState[]; replicas: number } {
  const p = primaries(s.nodes);
  return p.length < s.nodes.length ? { nodes: p, replicas: 0 } : { nodes: s.nodes, replicas: s.replicas };
}

export function statePath(cwd = process.cwd()): string {
  const env = process.env.CACHELAB_STATE;
  return env ? resolve(cwd, env) : join(cwd, ".cachelab", "cluster.json");
}

/** The directory of the cluster's other files (topology, logs). */
export function stateDir(path: string): string {
  return dirname(path);
}

export function topologyPath(path: string): string {
  return join(dirname(path), "cluster-topology.json");
}

/** Reads the state; null when there is none. A corrupt file is an InputError naming the file and field. */
export function readState(path: string): ClusterState | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new InputError(`${path}: cannot read the cluster state (${(e as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError(`${path}: not JSON; remove it if no cluster runs (cachelab cluster down --force)`);
  }
  return checkState(doc, path);
}

/** Reads the state or fails with a hint to start a cluster. */
export function requireState(path: string): ClusterState {
  const s = readState(path);
  if (!s) throw new InputError(`no cluster state at ${path}; start one with: cachelab cluster up -n 3`);
  return s;
}

export function writeState(path: string, s: ClusterState): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

export function removeState(path: string): void {
  rmSync(path, { force: true });
  rmSync(topologyPath(path), { force: true });
}

function checkState(doc: unknown, path: string): ClusterState {
  const bad = (field: string, want: string): never => {
    throw new InputError(`${path}: field '${field}' must be ${want}`);
  };
  if (typeof doc !== "object" || doc === null) return bad("(top level)", "an object");
  const s = doc as Record<string, unknown>;
  if (s.version !== STATE_VERSION) bad("version", String(STATE_VERSION));
  const int = (o: Record<string, unknown>, k: string, at: string) =>
    Number.isInteger(o[k]) && (o[k] as number) >= 0 ? (o[k] as number) : bad(at, "a whole number ≥ 0");
  const str = (o: Record<string, unknown>, k: string, at: string) =>
    typeof o[k] === "string" ? (o[k] as string) : bad(at, "a string");
  str(s, "placement", "placement");
  str(s, "eviction", "eviction");
  int(s, "replicas", "replicas");
  int(s, "memory", "memory");
  int(s, "generation", "generation");
  int(s, "nextIndex", "nextIndex");
  if (s.password !== null && typeof s.password !== "string") bad("password", "a string or null");
  if (!Array.isArray(s.nodes)) bad("nodes", "a list");
  (s.nodes as unknown[]).forEach((n, i) => {
    if (typeof n !== "object" || n === null) bad(`nodes[${i}]`, "an object");
    const o = n as Record<string, unknown>;
    for (const k of ["name", "host", "log", "eviction"]) str(o, k, `nodes[${i}].${k}`);
    for (const k of ["pid", "port", "httpPort", "memory"]) int(o, k, `nodes[${i}].${k}`);
    if (o.replicaOf !== undefined && o.replicaOf !== null && typeof o.replicaOf !== "string")
      bad(`nodes[${i}].replicaOf`, "a node name or null");
  });
  if (s.proxy !== null && s.proxy !== undefined) {
    const p = s.proxy as Record<string, unknown>;
    int(p, "pid", "proxy.pid");
    int(p, "port", "proxy.port");
    str(p, "host", "proxy.host");
  } else s.proxy = null;
  return s as unknown as ClusterState;
}
