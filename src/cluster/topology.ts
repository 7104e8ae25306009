// The topology file every node of a cluster reads (`--topology FILE`, next to the state file): which
// node serves which keys, so that a node of a `slots` cluster answers CLUSTER SLOTS/SHARDS/NODES and
// replies -MOVED for keys another node owns, as Redis Cluster does.
//
//   {
//     "generation": 2,                       // bumped on every change of the node set
//     "placement": "slots", "replicas": 1,
//     "nodes": [ { "name": "node0", "host": "127.0.0.1", "port": 40001, "httpPort": 40101 }, … ],
//     "slots": [ { "start": 0, "end": 5460, "owners": ["node0", "node1"] }, … ]   // slots only
//   }
//
// `slots` lists contiguous hash-slot ranges with their owners, primary first then replicas, from
// the same Router the client and the proxy use (src/cluster/router.ts), so a node's -MOVED and the
// client agree. For the other schemes `slots` is absent: nodes do not redirect and the client or the
// proxy routes. The file is replaced atomically (temp file + rename) and every running node is then
// told to reload it (src/cluster/processes.ts `notifyReload`).
import { renameSync, writeFileSync } from "node:fs";
import { REDIS_SLOTS } from "../placement/hash.js";
import { notifyReload } from "./processes.js";
import { type Router, routerFor } from "./router.js";
import type { ClusterState } from "./state.js";
import { topologyPath } from "./state.js";

export interface SlotRange {
  start: number;
  end: number;
  owners: string[];
}

export interface Topology {
  generation: number;
  placement: string;
  replicas: number;
  nodes: { name: string; host: string; port: number; httpPort: number }[];
  slots?: SlotRange[];
}

export async function buildTopology(s: ClusterState): Promise<Topology> {
  const t: Topology = {
    generation: s.generation,
    placement: s.placement,
    replicas: s.replicas,
    nodes: s.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port, httpPort: n.httpPort })),
  };
  const router = await routerFor(
    s.placement,
    s.nodes.map((n) => n.name),
    s.replicas,
  );
  if (router.placement.scheme !== "slots") return t;
  const ranges: SlotRange[] = [];
  let cur: SlotRange | null = null;
  for (let slot = 0; slot < REDIS_SLOTS; slot++) {
    // a key whose CRC16 is `slot` lies in hash slot `slot`: the router's owners of that slot
    const owners = slotOwners(router, slot);
    if (cur && cur.owners.length === owners.length && cur.owners.every((o, i) => o === owners[i])) cur.end = slot;
    else ranges.push((cur = { start: slot, end: slot, owners }));
  }
  t.slots = ranges;
  return t;
}

function slotOwners(router: Router, slot: number): string[] {
  return router.slotOwners(slot).map((i) => router.nodes[i]);
}

/** Writes the topology file and tells every running node to reload it. */
export async function publishTopology(statePath: string, s: ClusterState): Promise<Topology> {
  const t = await buildTopology(s);
  const path = topologyPath(statePath);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(t)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  await notifyReload(s.nodes);
  return t;
}
