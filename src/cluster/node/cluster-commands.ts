// Redis Cluster's side of the protocol (redis.io, "Redis cluster specification" and the CLUSTER
// command pages), enough for `redis-cli -c` and ioredis's `Cluster` client: CLUSTER SLOTS, SHARDS,
// NODES, INFO, MYID, KEYSLOT; READONLY / READWRITE (a replica serves reads to a client that sent
// READONLY); ASKING (accepted: slots do not migrate between nodes of a cachelab cluster, so no
// -ASK is ever sent); and the redirect: a command whose keys hash to a slot another node owns gets
// `-MOVED <slot> <host>:<port>`, keys in different slots get `-CROSSSLOT`.
//
// Replication: a primary streams its writes to its replicas (replication.ts). A replica redirects
// ordinary clients' writes to its primary; a connection that sent `REPLCONF cachelab-writes yes`
// is the replication stream and may write (and read) its primary's keys.
//
// CLUSTER SETTOPOLOGY <json> (cachelab's own admin command, see topology.ts) replaces the topology
// at run time, as SIGHUP does from the topology file; the cluster manager uses it when nodes are
// added or removed. Keys a node no longer owns stay until evicted or deleted (they are unreachable
// through the cluster: every access is redirected).
import { arityError, type CommandDef, type Handler, NO_KEYS } from "./command-def.js";
import { replicationOf } from "./replication.js";
import type { RespParser } from "./resp.js";
import type { Client, NodeState } from "./state.js";
import { keySlot, rangesOf, type Topology } from "./topology.js";

const DISABLED = "ERR This instance has cluster support disabled";

/**
 * In cluster mode, before a keyed command runs: true when this node serves it; otherwise writes
 * the redirect or error and returns false.
 */
export function checkSlots(st: NodeState, c: Client, p: RespParser, def: CommandDef): boolean {
  const t = st.topology!;
  const [first, last, step] = def.keys;
  const end = last < 0 ? p.argc + last : last;
  let slot = -1;
  for (let i = first; i <= end; i += step) {
    const s = keySlot(p.buf, p.argStart[i], p.argEnd[i]);
    if (slot >= 0 && s !== slot) {
      c.writer.error("CROSSSLOT Keys in request don't hash to the same slot");
      return false;
    }
    slot = s;
  }
  const owner = t.owner[slot];
  if (owner === st.self) return true;
  if (owner < 0) {
    c.writer.error("CLUSTERDOWN Hash slot not served");
    return false;
  }
  const me = st.self >= 0 ? t.nodes[st.self] : null;
  if (me !== null && me.replicaOf === t.nodes[owner].name) {
    // the replication stream writes (and reads) its primary's keys; a READONLY client reads them
    if (c.replication) return true;
    if (c.readonly && def.flags.includes("readonly")) return true;
  }
  const o = t.nodes[owner];
  c.writer.error(`MOVED ${slot} ${o.host}:${o.port}`);
  return false;
}

function replicasOf(t: Topology, primary: number): number[] {
  const name = t.nodes[primary].name;
  const out: number[] = [];
  t.nodes.forEach((n, i) => {
    if (n.replicaOf === name) out.push(i);
  });
  return out;
}

const slots: Handler = (st, _c, _p, w) => {
  const t = st.topology!;
  const rows: [number, number, number][] = [];
  t.nodes.forEach((n, i) => {
    if (n.replicaOf === null) for (const [a, b] of rangesOf(t.owner, i)) rows.push([a, b, i]);
  });
  rows.sort((x, y) => x[0] - y[0]);
  w.array(rows.length);
  for (const [a, b, i] of rows) {
    const reps = replicasOf(t, i);
    w.array(3 + reps.length);
    w.int(a);
    w.int(b);
    for (const k of [i, ...reps]) {
      const n = t.nodes[k];
      w.array(4);
      w.bulkString(n.host);
      w.int(n.port);
      w.bulkString(n.id);
      w.map(0);
    }
  }
};

const shards: Handler = (st, _c, _p, w) => {
  const t = st.topology!;
  const primaries = t.nodes.map((n, i) => (n.replicaOf === null ? i : -1)).filter((i) => i >= 0);
  w.array(primaries.length);
  for (const i of primaries) {
    const ranges = rangesOf(t.owner, i);
    w.map(2);
    w.bulkString("slots");
    w.array(ranges.length * 2);
    for (const [a, b] of ranges) {
      w.int(a);
      w.int(b);
    }
    w.bulkString("nodes");
    const members = [i, ...replicasOf(t, i)];
    w.array(members.length);
    for (const k of members) {
      const n = t.nodes[k];
      w.map(7);
      w.bulkString("id");
      w.bulkString(n.id);
      w.bulkString("port");
      w.int(n.port);
      w.bulkString("ip");
      w.bulkString(n.host);
      w.bulkString("endpoint");
      w.bulkString(n.host);
      w.bulkString("role");
      w.bulkString(n.replicaOf === null ? "master" : "replica");
      w.bulkString("replication-offset");
      w.int(0);
      w.bulkString("health");
      w.bulkString("online");
    }
  }
};

export function clusterNodesText(st: NodeState): string {
  const t = st.topology!;
  const byName = new Map(t.nodes.map((n) => [n.name, n]));
  return t.nodes
    .map((n, i) => {
      const flags = `${i === st.self ? "myself," : ""}${n.replicaOf === null ? "master" : "slave"}`;
      const master = n.replicaOf === null ? "-" : byName.get(n.replicaOf)!.id;
      const ranges = n.replicaOf === null ? rangesOf(t.owner, i).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)) : [];
      return [n.id, `${n.host}:${n.port}@${n.port + 10000}`, flags, master, 0, 0, t.epoch, "connected", ...ranges].join(
        " ",
      );
    })
    .join("\n")
    .concat("\n");
}

function infoText(st: NodeState): string {
  const t = st.topology!;
  let assigned = 0;
  for (let s = 0; s < t.owner.length; s++) if (t.owner[s] >= 0) assigned++;
  const primaries = t.nodes.filter((n) => n.replicaOf === null).length;
  const lines = [
    `cluster_state:${assigned === t.owner.length ? "ok" : "fail"}`,
    `cluster_slots_assigned:${assigned}`,
    `cluster_slots_ok:${assigned}`,
    "cluster_slots_pfail:0",
    "cluster_slots_fail:0",
    `cluster_known_nodes:${t.nodes.length}`,
    `cluster_size:${primaries}`,
    `cluster_current_epoch:${t.epoch}`,
    `cluster_my_epoch:${t.epoch}`,
    "cluster_stats_messages_sent:0",
    "cluster_stats_messages_received:0",
    "total_cluster_links_buffer_limit_exceeded:0",
  ];
  return `${lines.join("\r\n")}\r\n`;
}

function needCluster(run: Handler): Handler {
  return (st, c, p, w) => (st.topology === null ? w.error(DISABLED) : run(st, c, p, w));
}

const sub: Record<string, { arity: number; run: Handler }> = {
  slots: { arity: 2, run: needCluster(slots) },
  shards: { arity: 2, run: needCluster(shards) },
  nodes: { arity: 2, run: needCluster((st, _c, _p, w) => w.verbatim(clusterNodesText(st))) },
  info: { arity: 2, run: needCluster((st, _c, _p, w) => w.verbatim(infoText(st))) },
  myid: { arity: 2, run: needCluster((st, _c, _p, w) => w.bulkString(st.topology!.nodes[st.self]?.id ?? "")) },
  keyslot: { arity: 3, run: (_st, _c, p, w) => w.int(keySlot(p.buf, p.argStart[2], p.argEnd[2])) },
  settopology: {
    arity: 3,
    run: (st, _c, p, w) => {
      try {
        st.setTopology(p.str(2));
      } catch (e) {
        return w.error(`ERR ${(e as Error).message.replace(/[\r\n]/g, " ")}`);
      }
      // a primary connects to its replicas now (full sync), not at its next write
      replicationOf(st);
      w.ok();
    },
  },
};

export function clusterCommands(): CommandDef[] {
  const d = (name: string, arity: number, flags: string[], run: Handler): CommandDef => ({
    name,
    arity,
    flags,
    keys: NO_KEYS,
    run,
  });
  return [
    { ...d("cluster", -2, ["loading", "stale"], (_st, _c, _p, w) => w.error(arityError("cluster"))), sub },
    d(
      "readonly",
      1,
      ["loading", "stale", "fast"],
      needCluster((_st, c, _p, w) => {
        c.readonly = true;
        w.ok();
      }),
    ),
    d(
      "readwrite",
      1,
      ["loading", "stale", "fast"],
      needCluster((_st, c, _p, w) => {
        c.readonly = false;
        w.ok();
      }),
    ),
    d("replconf", -1, ["admin", "noscript", "loading", "stale"], (_st, c, p, w) => {
      if ((p.argc - 1) % 2 !== 0 || p.argc === 1) return w.error("ERR syntax error");
      for (let i = 1; i < p.argc; i += 2) {
        if (!p.is(i, "CACHELAB-WRITES")) return w.error(`ERR Unrecognized REPLCONF option: ${p.str(i)}`);
        if (!p.is(i + 1, "YES") && !p.is(i + 1, "NO")) return w.error("ERR syntax error");
        c.replication = p.is(i + 1, "YES");
      }
      w.ok();
    }),
    d(
      "asking",
      1,
      ["fast"],
      needCluster((_st, _c, _p, w) => w.ok()),
    ),
  ];
}
