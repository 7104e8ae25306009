// The requests a live bench replays, read once from the scenario's workload (the same readers and
// generators `simulate` uses) into typed arrays, and each object's wire form: its key string and
// the pre-encoded GET command.
//
// Keys are `k:` + the dense object id in 10 decimal digits, so every key has the same length (12 bytes)
// and an entry's charge on a cachelab node (key bytes + value bytes + 64, docs/node.md) depends on
// the request's size only: the simulator's comparison run (./compare-sim.ts) charges the same.
// Every request is replayed look-aside as a read, whatever its op in the trace (a SET or DELETE in
// the trace is a read too): the bench measures a cache in front of a backend, as the simulator's
// engine does for a GET. The value written after a miss has the request's size.
import type { Workload } from "../sim/simulate.js";
import { KEY_DIGITS } from "./connection.js";

export const KEY_BYTES = 2 + KEY_DIGITS;
/** What a cachelab node charges per entry beyond key and value bytes (docs/node.md). */
export const ENTRY_OVERHEAD = 64;

export interface BenchRequests {
  length: number;
  key: Uint32Array;
  size: Uint32Array;
  /** One more than the highest object id (the size of per-object tables). */
  objects: number;
  /** Distinct objects requested. */
  distinct: number;
  /** Bytes of the distinct objects (each counted once, at its last size). */
  workingSetBytes: number;
  requestedBytes: number;
  startTimeS: number;
  endTimeS: number;
}

/** Reads up to `limit` requests of the workload. */
export function readRequests(w: Workload, limit: number): BenchRequests {
  let cap = Math.min(limit, Math.max(1024, w.expectedRequests ?? 1 << 16));
  let key = new Uint32Array(cap);
  let size = new Uint32Array(cap);
  let n = 0;
  let first = Number.NaN;
  let last = 0;
  const source = w.open();
  outer: for (const b of source) {
    for (let i = 0; i < b.length; i++) {
      if (n === limit) break outer;
      if (n === cap) {
        cap = Math.min(limit, cap * 2);
        const k = new Uint32Array(cap);
        k.set(key);
        key = k;
        const s = new Uint32Array(cap);
        s.set(size);
        size = s;
      }
      key[n] = b.key[i];
      size[n] = Math.max(1, b.size[i]);
      if (n === 0) first = b.time[i];
      last = b.time[i];
      n++;
    }
  }
  let objects = 0;
  for (let i = 0; i < n; i++) if (key[i] >= objects) objects = key[i] + 1;
  const lastSize = new Float64Array(objects);
  let requestedBytes = 0;
  for (let i = 0; i < n; i++) {
    lastSize[key[i]] = size[i];
    requestedBytes += size[i];
  }
  let workingSetBytes = 0;
  let distinct = 0;
  for (let i = 0; i < objects; i++)
    if (lastSize[i] > 0) {
      workingSetBytes += lastSize[i];
      distinct++;
    }
  return {
    length: n,
    key: key.subarray(0, n),
    size: size.subarray(0, n),
    objects,
    distinct,
    workingSetBytes,
    requestedBytes,
    startTimeS: Number.isNaN(first) ? 0 : first,
    endTimeS: last,
  };
}

/** The wire key of an object id. */
export function keyOf(id: number): string {
  return `k:${id.toString().padStart(KEY_DIGITS, "0")}`;
}

/** `*2 $3 GET $12 k:` — a GET up to its key's digits (RespConnection.sendKeyed writes them). */
export const GET_HEAD = Buffer.from(`*2\r\n$3\r\nGET\r\n$${KEY_BYTES}\r\nk:`);
/** `*3 $3 SET $12 k:` — a SET up to its key's digits, to be followed by setValueHead(size), the value and CRLF. */
export const SET_HEAD = Buffer.from(`*3\r\n$3\r\nSET\r\n$${KEY_BYTES}\r\nk:`);

/** `$size\r\n` per value size, built on first use. */
export class ValueHeads {
  private readonly heads = new Map<number, Buffer>();

  get(size: number): Buffer {
    let b = this.heads.get(size);
    if (b === undefined) {
      b = Buffer.from(`$${size}\r\n`);
      this.heads.set(size, b);
    }
    return b;
  }
}
