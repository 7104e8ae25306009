// The Redis Cluster topology of a `slots` cluster, in the node's format (src/cluster/node/topology.ts:
// `{ epoch, nodes: [{ name, host, port, slots: [[first, last], …] }] }`), so that every node answers
// CLUSTER SLOTS/SHARDS/NODES and replies -MOVED for keys another node owns, and `redis-cli -c` and
// ioredis's Cluster client find their way.
//
// The slot ranges come from the same Router the library client and the proxy use
// (src/cluster/router.ts: the `slots` placement scheme over node0 … node<N−1>), so a node's -MOVED and
// the client always agree. The epoch is the state's generation (bumped by add, remove and deploy).
//
// Delivery: nodes start standalone (their ports are only known once they are up), then each gets
// `CLUSTER SETTOPOLOGY <json>` (the node's admin command; AUTH first when the cluster has a
// password), again after every change of the node set. The JSON is also written next to the state
// file (`cluster-topology.json`, mode 0600) for reference. Clusters with any other scheme have no
// topology: their nodes never redirect, and the client or the proxy routes.
import { renameSync, writeFileSync } from "node:fs";
import { Command, Redis } from "ioredis";
import { CliError } from "../core/errors.js";
import { REDIS_SLOTS } from "../placement/hash.js";
import { nodeMarker, runs } from "./processes.js";
import { routerFor } from "./router.js";
import type { ClusterState, NodeState } from "./state.js";
import { primaries, topologyPath } from "./state.js";

export interface NodeTopology {
  epoch: number;
  nodes: { name: string; host: string; port: number; slots: [number, number][]; replicaOf?: string }[];
}

/** The cluster's topology, or null when its placement is not `slots`. */
export async function buildTopology(s: Pick<ClusterState, "generation" | "placement" | "nodes">) {
  // the slots are split over the primaries, in state order; replicas own none
  const owners = primaries(s.nodes);
  const router = await routerFor(
    s.placement,
    owners.map((n) => n.name),
    0,
  );
  if (router.placement.scheme !== "slots") return null;
  const all: NodeTopology["nodes"] = s.nodes.map((n) => ({
    name: n.name,
    host: n.host,
    port: n.port,
    slots: [],
    ...(n.replicaOf ? { replicaOf: n.replicaOf } : {}),
  }));
  const t: NodeTopology = { epoch: s.generation, nodes: all };
  const byOwner = owners.map((o) => all[s.nodes.indexOf(o)]);
  // a key whose CRC16 is `slot` lies in hash slot `slot`; owner() reads the scheme's slot table
  let start = 0;
  for (let slot = 1; slot <= REDIS_SLOTS; slot++) {
    const prev = router.placement.owner(slot - 1);
    if (slot < REDIS_SLOTS && router.placement.owner(slot) === prev) continue;
    byOwner[prev].slots.push([start, slot - 1]);
    start = slot;
  }
  return t;
}

/** Writes the topology file and sends it to every node (a slots cluster; otherwise nothing). */
export async function publishTopology(statePath: string, s: ClusterState): Promise<NodeTopology | null> {
  const t = await buildTopology(s);
  if (!t) return null;
  const json = JSON.stringify(t);
  const path = topologyPath(statePath);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${json}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  // a node that is gone (killed, crashed) cannot take it; the live ones must
  await Promise.all(s.nodes.filter((n) => runs(n.pid, nodeMarker())).map((n) => sendTopology(n, s.password, json)));
  return t;
}

async function sendTopology(n: NodeState, password: string | null, json: string): Promise<void> {
  const r = new Redis({
    host: n.host,
    port: n.port,
    password: password ?? undefined,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
    commandTimeout: 2000,
  });
  r.on("error", () => {});
  try {
    await r.connect();
    await r.sendCommand(new Command("cluster", ["settopology", json], { replyEncoding: "utf8" }));
  } catch (e) {
    throw new CliError(`${n.name} (port ${n.port}) did not take the topology: ${(e as Error).message}`, 1);
  } finally {
    r.disconnect();
  }
}
