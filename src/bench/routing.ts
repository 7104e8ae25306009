// The live bench's key → copies table: for every object id the endpoint indices of its R copies,
// primary first (`table[id * r + k]`), from the cluster's placement over its node names
// (src/cluster/router.ts: the same scheme and names as the nodes and the library client, so the same
// owners).
//
// Two steps, so that an event never stalls the load for long: each key's hash (the scheme's
// `hashKey`, libketama's MD5 for ring: the costly part, and independent of the membership) is
// computed once per run; the owners over a membership (`ownersOver`) are indices into its name list,
// computed before the run for every membership the scenario's events will create; and `translate`
// turns them into the driver's endpoint indices (which only grow over a run: a restarted, resumed or
// green node gets a new one) with one pass over a typed array when an event takes effect.
import { routerFor } from "../cluster/router.js";
import type { Routing } from "./driver.js";
import { keyOf } from "./requests.js";

/** Each key's copies as indices into `names`, primary first. */
export interface NameOwners {
  names: readonly string[];
  r: number;
  table: Uint8Array;
}

export class KeyHashes {
  private constructor(
    readonly placement: string,
    readonly hashes: Uint32Array,
  ) {}

  /** Hashes every object's key with the placement's own key hash. */
  static async of(placement: string, objects: number): Promise<KeyHashes> {
    const router = await routerFor(placement, ["node0"], 0);
    const hashes = new Uint32Array(objects);
    for (let id = 0; id < objects; id++) hashes[id] = router.placement.hashKey(keyOf(id)) >>> 0;
    return new KeyHashes(placement, hashes);
  }

  /** The owners of every key over `names` with R = replicas + 1 (at most the node count). */
  async ownersOver(names: readonly string[], replicas: number): Promise<NameOwners> {
    const router = await routerFor(this.placement, names, replicas);
    const r = router.copies;
    const p = router.placement;
    const out = new Int32Array(r);
    const n = this.hashes.length;
    const table = new Uint8Array(n * r);
    for (let id = 0; id < n; id++) {
      const got = p.owners(this.hashes[id], r, out);
      for (let k = 0; k < r; k++) table[id * r + k] = out[k < got ? k : 0];
    }
    return { names: [...names], r, table };
  }
}

/** The driver's routing: each name index replaced by that node's endpoint index. */
export function translate(o: NameOwners, endpointOf: (name: string) => number): Routing {
  const map = Uint8Array.from(o.names.map(endpointOf));
  const table = new Uint8Array(o.table.length);
  for (let i = 0; i < table.length; i++) table[i] = map[o.table[i]];
  return { r: o.r, table };
}
