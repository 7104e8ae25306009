// Consistent hashing with virtual nodes and weights, compatible with libketama (Last.fm, 2007;
// github.com/RJ/ketama, libketama/ketama.c): the same weighted server list gives the same
// continuum (points, hashes) and the same key → server map.
//
// As ketama_create_continuum does it:
//   pct = (float)weight / (float)total                    (single precision)
//   ks  = floorf(pct * 40.0 * (float)servers)             (double product, rounded to float, floored)
//   for k < ks: digest = MD5("<host:port>-<k>"); 4 points, bytes 4h..4h+3 little-endian
//   sort the points ascending
// and a key's server is ketama_get_server's: h = hashi(key) (MD5, first 4 bytes LE); the first
// point ≥ h, wrapping to the first point past the last one, by its exact binary search.
// Points that tie keep list order (libketama's qsort leaves ties in an unspecified order; two
// equal 32-bit MD5 words in one list are very unlikely).
// That search is lower_bound with a wrap to 0 (indexOf32 keeps it as written, for the tests). Lookups
// go through a bucket index instead: the top bits of h pick a bucket that records the first point
// ≥ its lowest hash, and a short scan ends at the same point (~10 ns against ~100 ns for the
// search's unpredictable branches, which placing 1 M key ids paid on every simulated cluster run).

import { BasePlacement, requireNodes, seen } from "../base.js";
import { md5 } from "../hash.js";
import type { NodeDef, PlacementSpec } from "../types.js";

export class KetamaRing extends BasePlacement {
  readonly scheme = "ring";
  /** Sorted continuum points. */
  points = new Uint32Array(0);
  /** The node index of each point. */
  pointOwner = new Int32Array(0);
  /** first[b]: the first point ≥ b << shift, for each of the 2^bits buckets (and points.length at the end). */
  private first = new Int32Array(1);
  private shift = 32;

  constructor(nodes: readonly NodeDef[]) {
    super(nodes);
    this.rebuild();
  }

  /** Points per server, with libketama's rounding. */
  static pointsOf(weight: number, total: number, servers: number): number {
    const pct = Math.fround(Math.fround(weight) / Math.fround(total));
    const ks = Math.floor(Math.fround(pct * 40.0 * Math.fround(servers)));
    return ks * 4;
  }

  protected rebuild(): void {
    const n = this.names.length;
    let total = 0;
    for (const w of this.weights) total += w;
    let count = 0;
    const per = this.weights.map((w) => KetamaRing.pointsOf(w, total, n));
    for (const p of per) count += p;
    const pts = new Uint32Array(count);
    const own = new Int32Array(count);
    let c = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < per[i] / 4; k++) {
        const d = md5(`${this.names[i]}-${k}`);
        for (let h = 0; h < 4; h++) {
          pts[c] = d.readUInt32LE(h * 4);
          own[c] = i;
          c++;
        }
      }
    }
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => pts[a] - pts[b] || a - b);
    this.points = Uint32Array.from(order, (i) => pts[i]);
    this.pointOwner = Int32Array.from(order, (i) => own[i]);
    this.index();
  }

  /** Builds the bucket index: about 2 buckets per point, 256 … 2^20 of them. */
  private index(): void {
    const pts = this.points;
    const bits = Math.min(20, Math.max(8, Math.ceil(Math.log2(Math.max(1, pts.length))) + 1));
    const buckets = 2 ** bits;
    const first = new Int32Array(buckets + 1);
    const shift = 32 - bits;
    let i = 0;
    for (let b = 0; b < buckets; b++) {
      const low = b * 2 ** shift;
      while (i < pts.length && pts[i] < low) i++;
      first[b] = i;
    }
    first[buckets] = pts.length;
    this.first = first;
    this.shift = shift;
  }

  /** The same continuum index as indexOf32 (the first point ≥ h, else 0), through the bucket index. */
  pointIndex(h: number): number {
    const pts = this.points;
    const num = pts.length;
    let i = this.first[h >>> this.shift];
    while (i < num && pts[i] < h) i++;
    return i === num ? 0 : i;
  }

  /** The continuum index libketama's ketama_get_server picks for hash h (its binary search, as written). */
  indexOf32(h: number): number {
    const pts = this.points;
    const num = pts.length;
    let lowp = 0;
    let highp = num;
    for (;;) {
      const midp = (lowp + highp) >> 1;
      if (midp === num) return 0; // at the end, roll back to zeroth
      const midval = pts[midp];
      const midval1 = midp === 0 ? 0 : pts[midp - 1];
      if (h <= midval && h > midval1) return midp;
      if (midval < h) lowp = midp + 1;
      else highp = midp - 1;
      if (lowp > highp) return 0;
    }
  }

  owner(hash: number): number {
    if (this.points.length === 0) return -1;
    return this.pointOwner[this.pointIndex(hash >>> 0)];
  }

  override point(hash: number): number {
    if (this.points.length === 0) return -1;
    return this.points[this.pointIndex(hash >>> 0)];
  }

  /** The primary, then the next distinct servers clockwise. */
  override owners(hash: number, replicas: number, out: Int32Array): number {
    const want = Math.min(replicas, this.names.length, out.length);
    const num = this.points.length;
    if (want <= 0 || num === 0) return 0;
    let i = this.pointIndex(hash >>> 0);
    let count = 0;
    for (let steps = 0; count < want && steps < num; steps++) {
      const o = this.pointOwner[i];
      if (!seen(out, count, o)) out[count++] = o;
      if (++i === num) i = 0;
    }
    return count;
  }
}

export const ring: PlacementSpec<Record<string, never>> = {
  name: "ring",
  aliases: ["ketama", "consistent"],
  summary:
    "Consistent hashing with virtual nodes and weights, key for key compatible with libketama (MD5, 160 points per server of average weight).",
  cite: "Karger et al., STOC 1997; libketama (Last.fm, 2007), github.com/RJ/ketama",
  weighted: true,
  defaults: {},
  params: {},
  create: (_p, ctx) => {
    requireNodes("ring", ctx.nodes.length);
    return new KetamaRing(ctx.nodes);
  },
};
