// The cluster topology a node serves in Redis Cluster mode: which node owns which hash slots, and
// which nodes replicate which (redis.io, "Redis cluster specification"). Written by `cachelab
// cluster` (src/cluster/), read by every node at start (`--topology FILE` or `--topology '{…}'`),
// and reloaded on SIGHUP (from the file) or by `CLUSTER SETTOPOLOGY <json>` (an admin command,
// password-protected like every command when the node has one).
//
// The format (JSON):
//
//   {
//     "epoch": 3,                          // optional, a number that grows with every change
//     "nodes": [
//       { "name": "node-1", "host": "127.0.0.1", "port": 7001,
//         "id": "…40 hex…",                // optional: default sha1(name) in hex, as Redis node ids look
//         "slots": [[0, 5460]],            // optional for primaries: inclusive ranges; when NO primary
//                                          //   gives slots they are split as redis-cli --cluster create
//                                          //   does, by the `slots` placement scheme (src/placement)
//         "replicaOf": "node-0" }          // optional: the primary's name; a replica owns no slots
//     ]
//   }
//
// A key's slot is CRC16/XMODEM of its bytes or of its {hash tag}, mod 16384 (src/placement/hash.ts;
// the tag rule is applied here on raw bytes, since the placement scheme's `redisKeyHash` takes a
// UTF-8 string and a binary key would not survive the round trip).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { InputError } from "../../core/errors.js";
import { crc16, REDIS_SLOTS } from "../../placement/hash.js";
import { Slots } from "../../placement/schemes/slots.js";

export interface TopologyNode {
  name: string;
  host: string;
  port: number;
  id: string;
  slots: [number, number][];
  replicaOf: string | null;
}

export interface Topology {
  epoch: number;
  nodes: TopologyNode[];
  /** Per slot: index into nodes of its primary (-1: unassigned). */
  owner: Int32Array;
}

/** The hash slot of key bytes [s, e) (hash tags honoured). */
export function keySlot(b: Uint8Array, s: number, e: number): number {
  let open = -1;
  for (let i = s; i < e; i++) {
    if (b[i] === 0x7b) {
      open = i;
      break;
    }
  }
  if (open >= 0) {
    for (let i = open + 1; i < e; i++) {
      if (b[i] === 0x7d) {
        if (i > open + 1) return crc16(b, open + 1, i) & (REDIS_SLOTS - 1);
        break;
      }
    }
  }
  return crc16(b, s, e) & (REDIS_SLOTS - 1);
}

export function nodeId(name: string): string {
  return createHash("sha1").update(name).digest("hex");
}

/** Reads a topology from a JSON text or a file path (text starting with `{` is JSON). */
export function loadTopology(source: string): Topology {
  const trimmed = source.trim();
  let text = trimmed;
  const where = trimmed.startsWith("{") ? "--topology JSON" : `topology file ${source}`;
  if (!trimmed.startsWith("{")) {
    try {
      text = readFileSync(source, "utf8");
    } catch (e) {
      throw new InputError(`${where}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${where}: not JSON (${(e as Error).message})`);
  }
  return parseTopology(doc, where);
}

export function parseTopology(doc: unknown, where: string): Topology {
  const fail = (field: string, what: string): never => {
    throw new InputError(`${where}: ${field}: ${what}`);
  };
  if (doc === null || typeof doc !== "object") fail("(top)", "expected an object with a nodes array");
  const d = doc as Record<string, unknown>;
  const epoch = d.epoch === undefined ? 0 : d.epoch;
  if (typeof epoch !== "number" || !Number.isSafeInteger(epoch) || epoch < 0) fail("epoch", "expected an integer ≥ 0");
  if (!Array.isArray(d.nodes) || d.nodes.length === 0) fail("nodes", "expected a non-empty array");
  const nodes: TopologyNode[] = [];
  const names = new Set<string>();
  (d.nodes as unknown[]).forEach((raw, i) => {
    const f = `nodes[${i}]`;
    if (raw === null || typeof raw !== "object") fail(f, "expected an object");
    const n = raw as Record<string, unknown>;
    if (typeof n.name !== "string" || n.name === "") fail(`${f}.name`, "expected a non-empty string");
    if (names.has(n.name as string)) fail(`${f}.name`, `'${n.name}' appears twice`);
    names.add(n.name as string);
    const host = n.host === undefined ? "127.0.0.1" : n.host;
    if (typeof host !== "string" || host === "") fail(`${f}.host`, "expected a string");
    if (typeof n.port !== "number" || !Number.isInteger(n.port) || n.port < 1 || n.port > 65535) {
      fail(`${f}.port`, "expected an integer port 1–65535");
    }
    const id = n.id === undefined ? nodeId(n.name as string) : n.id;
    if (typeof id !== "string" || !/^[0-9a-f]{40}$/.test(id)) fail(`${f}.id`, "expected 40 lower-case hex digits");
    const replicaOf = n.replicaOf === undefined || n.replicaOf === null ? null : n.replicaOf;
    if (replicaOf !== null && typeof replicaOf !== "string") fail(`${f}.replicaOf`, "expected a node name or null");
    const slots: [number, number][] = [];
    if (n.slots !== undefined) {
      if (!Array.isArray(n.slots)) fail(`${f}.slots`, "expected an array of [first, last] ranges");
      (n.slots as unknown[]).forEach((r, j) => {
        const ok =
          Array.isArray(r) &&
          r.length === 2 &&
          r.every((x) => Number.isInteger(x) && x >= 0 && x < REDIS_SLOTS) &&
          (r[0] as number) <= (r[1] as number);
        if (!ok) fail(`${f}.slots[${j}]`, `expected [first, last] with 0 ≤ first ≤ last < ${REDIS_SLOTS}`);
        slots.push([(r as number[])[0], (r as number[])[1]]);
      });
      if (replicaOf !== null && slots.length > 0) fail(`${f}.slots`, "a replica owns no slots");
    }
    nodes.push({
      name: n.name as string,
      host: host as string,
      port: n.port as number,
      id: id as string,
      slots,
      replicaOf: replicaOf as string | null,
    });
  });
  const endpoints = new Set<string>();
  nodes.forEach((n, i) => {
    const at = `${n.host}:${n.port}`;
    if (endpoints.has(at)) fail(`nodes[${i}]`, `${at} is given to two nodes (a redirect would loop)`);
    endpoints.add(at);
    if (n.replicaOf !== null && !names.has(n.replicaOf))
      fail(`nodes[${i}].replicaOf`, `no node named '${n.replicaOf}'`);
    if (n.replicaOf === n.name) fail(`nodes[${i}].replicaOf`, "a node cannot replicate itself");
  });
  const primaries = nodes.filter((n) => n.replicaOf === null);
  if (primaries.length === 0) fail("nodes", "no primary (every node has replicaOf)");
  const owner = new Int32Array(REDIS_SLOTS).fill(-1);
  if (primaries.every((n) => n.slots.length === 0)) {
    // the split redis-cli --cluster create makes, from the placement scheme
    const scheme = new Slots(primaries.map((n) => ({ name: n.name, weight: 1 })));
    for (let s = 0; s < REDIS_SLOTS; s++) owner[s] = nodes.indexOf(primaries[scheme.slotOwner[s]]);
    for (const p of primaries) p.slots = rangesOf(owner, nodes.indexOf(p));
  } else {
    nodes.forEach((n, i) => {
      for (const [a, b] of n.slots) {
        for (let s = a; s <= b; s++) {
          if (owner[s] >= 0) fail(`nodes[${i}].slots`, `slot ${s} is also owned by ${nodes[owner[s]].name}`);
          owner[s] = i;
        }
      }
    });
  }
  return { epoch: epoch as number, nodes, owner };
}

/** The inclusive ranges of slots owned by node index i. */
export function rangesOf(owner: Int32Array, i: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < owner.length; s++) {
    if (owner[s] !== i) continue;
    let e = s;
    while (e + 1 < owner.length && owner[e + 1] === i) e++;
    out.push([s, e]);
    s = e;
  }
  return out;
}
