// `placement compare`: for each scheme on N nodes and K integer keys (ids 0…K−1 through the
// scheme's id hash), the peak/mean load for uniform keys and under a popularity (requests per id),
// the share of keys that change owner when one node is added (nodeN) and when one is removed (the
// last, node{N−1}: the only one jump can lose without extra movement), and lookups per second.
// Load-aware schemes (bounded) are placed afresh for each node set, keys in id order.
import type { NodeDef, Placement } from "./types.js";

export interface CompareOptions {
  nodes: readonly NodeDef[];
  keys: number;
  /** Requests per id (0…length−1), e.g. a scenario's; none: no popularity columns. */
  popularity?: Uint32Array;
  /** The name of the node that is added. */
  addName?: string;
}

export interface CompareRow {
  scheme: string;
  nodes: number;
  keys: number;
  /** Keys on the fullest node. */
  maxKeys: number;
  meanKeys: number;
  /** maxKeys / meanKeys for uniform keys. */
  peakToMean: number;
  /** Peak / mean of requests per node under the popularity, if given. */
  popularPeakToMean: number | null;
  /** Share of the keys whose owner changes when a node is added / the last node is removed. */
  movedOnAdd: number;
  movedOnRemove: number;
  /** Primary lookups per second over the K ids (for bounded: placements). */
  lookupsPerSecond: number;
}

/** Owner name index (into `names`) of ids 0…count−1; ms spent. */
function assign(p: Placement, count: number, out: Int32Array): number {
  p.reset?.();
  const t0 = performance.now();
  for (let id = 0; id < count; id++) out[id] = p.ownerOfId(id);
  return performance.now() - t0;
}

/** Share of keys whose owner (by name) differs between two assignments. */
function moved(a: Int32Array, aNames: readonly string[], b: Int32Array, bNames: readonly string[]): number {
  const map = Int32Array.from(aNames, (n) => bNames.indexOf(n));
  let m = 0;
  for (let i = 0; i < a.length; i++) if (map[a[i]] !== b[i]) m++;
  return a.length === 0 ? 0 : m / a.length;
}

function peakToMean(load: Float64Array): number {
  let max = 0;
  let sum = 0;
  for (const x of load) {
    sum += x;
    if (x > max) max = x;
  }
  return sum === 0 ? 0 : max / (sum / load.length);
}

export function compareScheme(
  scheme: string,
  create: (nodes: readonly NodeDef[]) => Placement,
  o: CompareOptions,
): CompareRow {
  const n = o.nodes.length;
  const base = create(o.nodes);
  const before = new Int32Array(o.keys);
  // warm the code up on a slice, then time the full pass
  assign(base, Math.min(o.keys, 20_000), before);
  const ms = assign(base, o.keys, before);
  const load = new Float64Array(n);
  for (let i = 0; i < o.keys; i++) load[before[i]]++;
  let maxKeys = 0;
  for (const x of load) maxKeys = Math.max(maxKeys, x);

  let popular: number | null = null;
  if (o.popularity) {
    const owners = new Int32Array(o.popularity.length);
    assign(base, owners.length, owners);
    const req = new Float64Array(n);
    for (let i = 0; i < owners.length; i++) req[owners[i]] += o.popularity[i];
    popular = peakToMean(req);
  }

  const grown = create(o.nodes);
  grown.add(o.addName ?? `node${n}`);
  const afterAdd = new Int32Array(o.keys);
  assign(grown, o.keys, afterAdd);

  let movedOnRemove = 0;
  if (n > 1) {
    const shrunk = create(o.nodes);
    shrunk.remove(o.nodes[n - 1].name);
    const afterRemove = new Int32Array(o.keys);
    assign(shrunk, o.keys, afterRemove);
    movedOnRemove = moved(before, base.nodes, afterRemove, shrunk.nodes);
  }
  return {
    scheme,
    nodes: n,
    keys: o.keys,
    maxKeys,
    meanKeys: o.keys / n,
    peakToMean: o.keys === 0 ? 0 : maxKeys / (o.keys / n),
    popularPeakToMean: popular,
    movedOnAdd: moved(before, base.nodes, afterAdd, grown.nodes),
    movedOnRemove,
    lookupsPerSecond: ms > 0 ? Math.round((o.keys / ms) * 1000) : 0,
  };
}
