// Rendezvous (highest random weight) hashing (Thaler & Ravishankar 1996/1998): each node scores the
// key, the highest score wins; replicas are the next-highest. Weighted with the logarithmic method
// (score = −w / ln u, u uniform in (0,1) from the node's and the key's hash; Schindelhauer &
// Schomaker 2005), which gives node i a share w_i / Σw exactly in expectation. O(N) per lookup.
import { mix32 } from "../../core/rng.js";
import { BasePlacement, requireNodes, seen } from "../base.js";
import { ketamaHashi } from "../hash.js";
import type { NodeDef, PlacementSpec } from "../types.js";

export class Rendezvous extends BasePlacement {
  readonly scheme = "rendezvous";
  private seeds = new Uint32Array(0);
  private w = new Float64Array(0);
  private equal = true;

  constructor(nodes: readonly NodeDef[]) {
    super(nodes);
    this.rebuild();
  }

  protected rebuild(): void {
    this.seeds = Uint32Array.from(this.names, (n) => ketamaHashi(n));
    this.w = Float64Array.from(this.weights);
    this.equal = this.weights.every((x) => x === this.weights[0]);
  }

  /** The score of node i for (pre-mixed) hash h: a uniform u32 for equal weights, else −w/ln u. */
  private score(h: number, i: number): number {
    const u = mix32((h ^ this.seeds[i]) >>> 0);
    if (this.equal) return u;
    return -this.w[i] / Math.log((u + 0.5) / 4294967296);
  }

  owner(hash: number): number {
    const h = mix32((hash ^ 0x85ebca6b) >>> 0);
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < this.seeds.length; i++) {
      const s = this.score(h, i);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    return best;
  }

  /** The `replicas` highest-scoring nodes, highest first. */
  override owners(hash: number, replicas: number, out: Int32Array): number {
    const want = Math.min(replicas, this.seeds.length, out.length);
    const h = mix32((hash ^ 0x85ebca6b) >>> 0);
    for (let c = 0; c < want; c++) {
      let best = -1;
      let bestScore = -1;
      for (let i = 0; i < this.seeds.length; i++) {
        if (seen(out, c, i)) continue;
        const s = this.score(h, i);
        if (s > bestScore) {
          bestScore = s;
          best = i;
        }
      }
      out[c] = best;
    }
    return Math.max(want, 0);
  }
}

export const rendezvous: PlacementSpec<Record<string, never>> = {
  name: "rendezvous",
  aliases: ["hrw"],
  summary: "Highest random weight: every node scores the key, the best wins; weighted; O(N) per lookup.",
  cite: "Thaler & Ravishankar, Using Name-Based Mappings to Increase Hit Rates, IEEE/ACM ToN 1998",
  weighted: true,
  defaults: {},
  params: {},
  create: (_p, ctx) => {
    requireNodes("rendezvous", ctx.nodes.length);
    return new Rendezvous(ctx.nodes);
  },
};
