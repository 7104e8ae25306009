// Key → nodes for a live cluster, with the simulator's placement schemes (src/placement): the same
// scheme over the same node names (node0, node1, … as `cachelab placement lookup --nodes N` names
// them) gives the same owner for every key, so `placement lookup` tells which live node holds a key.
// With R replicas a key has R+1 owners, primary first: `Placement.owners` (ring, bounded and
// multiprobe walk the continuum; rendezvous takes the next scores; the others re-hash).
//
// Load-aware schemes (bounded) place keys by what they have seen, so two routers would disagree;
// they are refused for a live cluster.
import { InputError } from "../core/errors.js";
import { createPlacement, type ResolvedScheme, resolveScheme, SCHEME_KIND } from "../placement/resolve.js";
import type { Placement } from "../placement/types.js";
import { parseRef } from "../policies/resolve.js";

export class Router {
  private readonly out: Int32Array;

  constructor(
    readonly placement: Placement,
    /** Owners per key: replicas + 1 (at most the node count). */
    readonly copies: number,
  ) {
    this.out = new Int32Array(Math.max(1, copies));
  }

  get nodes(): readonly string[] {
    return this.placement.nodes;
  }

  /** The primary's index in `nodes`. */
  primary(key: string): number {
    return this.placement.owner(this.placement.hashKey(key));
  }

  /** Owner indices of a key, primary first (a fresh array). */
  owners(key: string): number[] {
    const p = this.placement;
    const h = p.hashKey(key);
    const n = p.owners(h, this.copies, this.out);
    return Array.from(this.out.subarray(0, n));
  }
}

/** The scheme named by `--placement` (name[:param=value], or a module path), checked for live use. */
export async function resolveLivePlacement(text: string): Promise<ResolvedScheme> {
  const scheme = await resolveScheme(parseRef(text, SCHEME_KIND));
  const probe = createPlacement(scheme, [{ name: "node0", weight: 1 }]);
  if (probe.loadAware)
    throw new InputError(
      `placement '${text}' is load-aware (keys are placed by what one router has seen); a live cluster needs a stateless scheme such as ring, jump, rendezvous, maglev or slots`,
    );
  return scheme;
}

export async function routerFor(placement: string, names: readonly string[], replicas: number): Promise<Router> {
  const scheme = await resolveLivePlacement(placement);
  const p = createPlacement(
    scheme,
    names.map((name) => ({ name, weight: 1 })),
  );
  return new Router(p, Math.min(replicas + 1, names.length));
}
