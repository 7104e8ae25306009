// Redis Cluster (redis.io, "Redis cluster specification": key distribution model): a key's hash
// slot is CRC16/XMODEM of the key — or of its {hash tag} — mod 16384, and each node serves ranges of
// slots. The initial split is redis-cli's `--cluster create` one (slots_per_node = 16384/N as a
// float; node i gets first … lround(cursor + slots_per_node − 1)); adding a node moves ⌊16384/(N+1)⌋
// slots to it, taken one at a time from the node holding most (its highest slots first), as a
// rebalance would; removing a node hands its slots one by one to the node holding fewest.
// For integer ids the slot is hashId(id) & 16383.
import { BasePlacement, requireNodes } from "../base.js";
import { REDIS_SLOTS, redisKeyHash } from "../hash.js";
import type { NodeDef, PlacementSpec } from "../types.js";

export class Slots extends BasePlacement {
  readonly scheme = "slots";
  /** The node index of each slot. */
  readonly slotOwner = new Int32Array(REDIS_SLOTS);

  constructor(nodes: readonly NodeDef[]) {
    super(nodes);
    const n = this.names.length;
    const perNode = Math.fround(REDIS_SLOTS / n);
    let first = 0;
    let cursor = 0;
    for (let i = 0; i < n; i++) {
      let last = lround(Math.fround(Math.fround(cursor + perNode) - 1));
      if (last > REDIS_SLOTS || i === n - 1) last = REDIS_SLOTS - 1;
      if (last < first) last = first;
      for (let s = first; s <= last && s < REDIS_SLOTS; s++) this.slotOwner[s] = i;
      first = last + 1;
      cursor = Math.fround(cursor + perNode);
    }
  }

  override hashKey(key: string): number {
    return redisKeyHash(key);
  }

  owner(hash: number): number {
    return this.names.length === 0 ? -1 : this.slotOwner[hash & (REDIS_SLOTS - 1)];
  }

  override point(hash: number): number {
    return hash & (REDIS_SLOTS - 1);
  }

  /** Slots held per node. */
  counts(): Int32Array {
    const c = new Int32Array(this.names.length);
    for (let s = 0; s < REDIS_SLOTS; s++) if (this.slotOwner[s] >= 0) c[this.slotOwner[s]]++;
    return c;
  }

  override add(node: string, weight = 1): void {
    super.add(node, weight);
    const fresh = this.names.length - 1;
    if (fresh === 0) {
      this.slotOwner.fill(0);
      return;
    }
    const counts = this.counts();
    const give = new Int32Array(fresh + 1);
    for (let need = Math.floor(REDIS_SLOTS / (fresh + 1)); need > 0; need--) {
      let from = 0;
      for (let i = 1; i < fresh; i++) if (counts[i] > counts[from]) from = i;
      counts[from]--;
      give[from]++;
    }
    for (let s = REDIS_SLOTS - 1; s >= 0; s--) {
      const o = this.slotOwner[s];
      if (give[o] > 0) {
        give[o]--;
        this.slotOwner[s] = fresh;
      }
    }
  }

  protected override removed(index: number): void {
    const n = this.names.length; // already without the removed node
    if (n === 0) {
      this.slotOwner.fill(-1);
      return;
    }
    const counts = new Int32Array(n + 1);
    for (let s = 0; s < REDIS_SLOTS; s++) counts[this.slotOwner[s]]++;
    for (let s = 0; s < REDIS_SLOTS; s++) {
      const o = this.slotOwner[s];
      if (o !== index) continue;
      let to = index === 0 ? 1 : 0;
      for (let i = 0; i <= n; i++) if (i !== index && counts[i] < counts[to]) to = i;
      counts[to]++;
      this.slotOwner[s] = to;
    }
    // node indices after the removed one shift down by one
    for (let s = 0; s < REDIS_SLOTS; s++) if (this.slotOwner[s] > index) this.slotOwner[s]--;
  }

  protected rebuild(): void {}
}

/** C's lround: to nearest, halves away from zero. */
function lround(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export const slots: PlacementSpec<Record<string, never>> = {
  name: "slots",
  aliases: ["redis", "redis-cluster"],
  summary:
    "Redis Cluster: CRC16/XMODEM of the key (or its {hash tag}) mod 16384 slots; slot ranges per node as redis-cli creates them.",
  cite: "Redis cluster specification, redis.io (key distribution model, hash tags)",
  defaults: {},
  params: {},
  create: (_p, ctx) => {
    requireNodes("slots", ctx.nodes.length);
    return new Slots(ctx.nodes);
  },
};
