// The naive scheme: hash mod N. Balanced, but changing N moves almost every key (≈ N/(N+1) on add).
import { BasePlacement, requireNodes } from "../base.js";
import type { NodeDef, PlacementSpec } from "../types.js";

export class Modulo extends BasePlacement {
  readonly scheme = "modulo";
  constructor(nodes: readonly NodeDef[]) {
    super(nodes);
  }
  owner(hash: number): number {
    const n = this.names.length;
    return n === 0 ? -1 : (hash >>> 0) % n;
  }
  protected rebuild(): void {}
}

export const modulo: PlacementSpec<Record<string, never>> = {
  name: "modulo",
  aliases: ["mod"],
  summary: "hash mod N: the baseline; adding or removing a node moves almost every key.",
  defaults: {},
  params: {},
  create: (_p, ctx) => {
    requireNodes("modulo", ctx.nodes.length);
    return new Modulo(ctx.nodes);
  },
};
