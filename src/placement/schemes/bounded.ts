// Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, SODA 2018): a ring with
// virtual nodes where no node takes more than ⌈(1+ε)·m/n⌉ of the m keys placed so far; a key whose
// ring successor is full walks clockwise to the first node below the cap. The assignment therefore
// depends on the keys placed before (loadAware): each owner() call places one key; reset() forgets.
// With the cap recomputed from m+1 before each placement, every node ends at ≤ ⌈(1+ε)·m/n⌉.
import { BasePlacement, requireNodes, seen } from "../base.js";
import { md5 } from "../hash.js";
import type { NodeDef, PlacementSpec } from "../types.js";

export class Bounded extends BasePlacement {
  readonly scheme = "bounded";
  readonly loadAware = true;
  points = new Uint32Array(0);
  pointOwner = new Int32Array(0);
  load = new Float64Array(0);
  placed = 0;

  constructor(
    nodes: readonly NodeDef[],
    readonly epsilon: number,
    readonly vnodes: number,
  ) {
    super(nodes);
    this.rebuild();
  }

  protected rebuild(): void {
    const n = this.names.length;
    const pts: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < this.vnodes; k += 4) {
        const d = md5(`${this.names[i]}-${k / 4}`);
        for (let h = 0; h < 4 && k + h < this.vnodes; h++) pts.push([d.readUInt32LE(h * 4), i]);
      }
    }
    pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.points = Uint32Array.from(pts, (p) => p[0]);
    this.pointOwner = Int32Array.from(pts, (p) => p[1]);
    this.load = new Float64Array(n);
    this.placed = 0;
  }

  reset(): void {
    this.load.fill(0);
    this.placed = 0;
  }

  /** The cap for the next key: ⌈(1+ε)·(m+1)/n⌉. */
  capacity(): number {
    return Math.ceil(((1 + this.epsilon) * (this.placed + 1)) / this.names.length);
  }

  /** Index of the first point ≥ h (0 past the last). */
  successor(h: number): number {
    const pts = this.points;
    let lo = 0;
    let hi = pts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pts[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    return lo === pts.length ? 0 : lo;
  }

  owner(hash: number): number {
    const num = this.points.length;
    if (num === 0) return -1;
    const cap = this.capacity();
    let i = this.successor(hash >>> 0);
    for (let steps = 0; steps < num; steps++) {
      const o = this.pointOwner[i];
      if (this.load[o] < cap) {
        this.load[o]++;
        this.placed++;
        return o;
      }
      if (++i === num) i = 0;
    }
    return -1; // unreachable: the cap is above the mean, so some node is below it
  }

  override point(hash: number): number {
    return this.points.length === 0 ? -1 : this.points[this.successor(hash >>> 0)];
  }

  /** The placed primary (counted), then the next distinct nodes clockwise (not counted). */
  override owners(hash: number, replicas: number, out: Int32Array): number {
    const want = Math.min(replicas, this.names.length, out.length);
    if (want <= 0) return 0;
    out[0] = this.owner(hash);
    let count = 1;
    const num = this.points.length;
    let i = this.successor(hash >>> 0);
    for (let steps = 0; count < want && steps < num; steps++) {
      const o = this.pointOwner[i];
      if (!seen(out, count, o)) out[count++] = o;
      if (++i === num) i = 0;
    }
    return count;
  }
}

export const bounded: PlacementSpec<{ epsilon: number; vnodes: number }> = {
  name: "bounded",
  summary:
    "Consistent hashing with bounded loads: a ring where no node holds more than ⌈(1+ε)·mean⌉ keys; overflow walks clockwise.",
  cite: "Mirrokni, Thorup & Zadimoghaddam, Consistent Hashing with Bounded Loads, SODA 2018",
  defaults: { epsilon: 0.25, vnodes: 100 },
  params: {
    epsilon: { description: "ε: the load cap is ⌈(1+ε)·mean⌉", min: 0.01, max: 10 },
    vnodes: { description: "ring points per node", min: 1, max: 10000, integer: true },
  },
  create: (p, ctx) => {
    requireNodes("bounded", ctx.nodes.length);
    return new Bounded(ctx.nodes, p.epsilon, p.vnodes);
  },
};
