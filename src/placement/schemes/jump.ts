// Jump consistent hash (Lamping & Veach 2014): no memory, perfect balance, and ≈ 1/(N+1) of the
// keys move when a bucket is added at the end. Buckets are numbered, so only the last can leave
// without extra movement: removing another node moves the last node into its bucket (its keys and
// the removed node's move). The 64-bit key is the u32 hash, zero-extended.
import { BasePlacement, requireNodes } from "../base.js";
import { jumpHash } from "../hash.js";
import type { NodeDef, PlacementSpec } from "../types.js";

export class Jump extends BasePlacement {
  readonly scheme = "jump";
  constructor(nodes: readonly NodeDef[]) {
    super(nodes);
  }
  owner(hash: number): number {
    const n = this.names.length;
    return n === 0 ? -1 : jumpHash(hash >>> 0, 0, n);
  }
  override remove(node: string): void {
    const i = this.indexOf(node);
    const last = this.names.length - 1;
    // the last node takes the removed node's bucket
    this.names[i] = this.names[last];
    this.weights[i] = this.weights[last];
    this.names.pop();
    this.weights.pop();
  }
  protected rebuild(): void {}
}

export const jump: PlacementSpec<Record<string, never>> = {
  name: "jump",
  summary:
    "Jump consistent hash: no tables, even balance, ≈ 1/(N+1) moved on add; nodes are numbered buckets (removing one moves the last into its place).",
  cite: "Lamping & Veach, A Fast, Minimal Memory, Consistent Hash Algorithm, arXiv:1406.2294, 2014",
  defaults: {},
  params: {},
  create: (_p, ctx) => {
    requireNodes("jump", ctx.nodes.length);
    return new Jump(ctx.nodes);
  },
};
