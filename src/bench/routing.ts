// The live bench's key → copies table: for every object id the endpoint indices of its R copies,
// primary first (`table[id * r + k]`), from the cluster's placement over its node names
// (src/cluster/router.ts: the same scheme and names as the nodes and the library client, so the same
// owners). Endpoint indices are the driver's (./driver.ts), which only grow over a run: a node that is
// restarted, resumed or replaced by a green cluster gets a new index, so `index(name)` maps the
// current membership onto them.
import { routerFor } from "../cluster/router.js";
import type { Routing } from "./driver.js";
import { keyOf } from "./requests.js";

/** The copies of every key over `names` (the cluster's membership, in its order), R = replicas + 1. */
export async function routingFor(
  placement: string,
  names: readonly string[],
  replicas: number,
  objects: number,
  index: (name: string) => number,
): Promise<Routing> {
  const router = await routerFor(placement, names, replicas);
  const r = router.copies;
  const at = names.map(index);
  const table = new Uint8Array(objects * r);
  for (let id = 0; id < objects; id++) {
    const owners = router.owners(keyOf(id));
    for (let k = 0; k < r; k++) table[id * r + k] = at[owners[k] ?? owners[0]];
  }
  return { r, table };
}

/** The same table with endpoint `from` replaced by `to` (a node restarted or reconnected). */
export function remap(routing: Routing, from: number, to: number): Routing {
  const table = routing.table.slice();
  for (let i = 0; i < table.length; i++) if (table[i] === from) table[i] = to;
  return { r: routing.r, table };
}
