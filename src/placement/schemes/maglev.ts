// Maglev hashing (Eisenbud et al., NSDI 2016, §3.4): a lookup table of prime size M; each node has
// a permutation of the table (offset + j·skip mod M, from two hashes of its name) and the nodes take
// turns claiming their next free entry until the table is full. A key's owner is table[hash mod M].
// Even to within one entry per node; a change of nodes moves slightly more than the minimum.
import { InputError } from "../../core/errors.js";
import { BasePlacement, requireNodes } from "../base.js";
import { md5 } from "../hash.js";
import type { NodeDef, PlacementSpec } from "../types.js";

export function isPrime(n: number): boolean {
  if (n < 2 || !Number.isInteger(n)) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

export class Maglev extends BasePlacement {
  readonly scheme = "maglev";
  table: Int32Array;

  constructor(
    nodes: readonly NodeDef[],
    readonly size: number,
  ) {
    super(nodes);
    if (!isPrime(size)) throw new InputError(`maglev: size must be a prime (e.g. 65537, 655373), got ${size}`);
    this.table = new Int32Array(size);
    this.rebuild();
  }

  protected rebuild(): void {
    const m = this.size;
    const n = this.names.length;
    const table = this.table;
    table.fill(-1);
    if (n === 0) return;
    const offset = new Float64Array(n);
    const skip = new Float64Array(n);
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const d = md5(this.names[i]);
      offset[i] = d.readUInt32LE(0) % m;
      skip[i] = (d.readUInt32LE(4) % (m - 1)) + 1;
    }
    let filled = 0;
    for (;;) {
      for (let i = 0; i < n; i++) {
        let c = (offset[i] + next[i] * skip[i]) % m;
        while (table[c] >= 0) {
          next[i]++;
          c = (offset[i] + next[i] * skip[i]) % m;
        }
        table[c] = i;
        next[i]++;
        if (++filled === m) return;
      }
    }
  }

  owner(hash: number): number {
    return this.table[(hash >>> 0) % this.size];
  }

  override point(hash: number): number {
    return (hash >>> 0) % this.size;
  }
}

export const maglev: PlacementSpec<{ size: number }> = {
  name: "maglev",
  summary: "Google's Maglev lookup table (prime size M): even balance, O(1) lookup, near-minimal movement.",
  cite: "Eisenbud et al., Maglev: A Fast and Reliable Software Network Load Balancer, NSDI 2016",
  defaults: { size: 65537 },
  params: { size: { description: "lookup table size, a prime well above the node count", min: 2, integer: true } },
  create: (p, ctx) => {
    requireNodes("maglev", ctx.nodes.length);
    return new Maglev(ctx.nodes, p.size);
  },
};
