// Object sizes for synthetic workloads. The size of an object is a pure function of (seed, id): a
// 53-bit uniform is hashed from the id (see hash.ts) and pushed through the chosen distribution's
// inverse CDF. The same object therefore has the same size on every request, in every batch and
// every run, without storing anything; for ranges up to 4 Mi objects the generator still memoises
// sizes in a table (16 MiB at most), since the hash and inverse CDF cost more than a lookup.
//
// Distributions (all in bytes, all ≥ 1 and ≤ 2^32 - 1 so they fit a batch's Uint32Array):
// - fixed: every object has `size` bytes.
// - uniform: integers uniform on [min, max].
// - lognormal: exp(N(ln median, sigma²)), rounded, clamped to [min, max]. Object sizes in caches
//   are close to lognormal (Atikoglu et al., "Workload analysis of a large-scale key-value store",
//   SIGMETRICS 2012, for Memcached at Facebook). The standard normal quantile is Wichura's
//   algorithm AS 241 (PPND16), "The percentage points of the normal distribution", Applied
//   Statistics 37(3):477–484, 1988, accurate to about 1e-16.
// - pareto: xm · U^(-1/alpha) with xm = `min`, floored, capped at `max`: a heavy tail where a few
//   huge objects take much of the bytes (alpha ≤ 1 has an infinite mean without the cap).
import { unitHash } from "./hash.js";

export const MAX_SIZE = 2 ** 32 - 1;

export type SizeDist =
  | { dist: "fixed"; size: number }
  | { dist: "uniform"; min: number; max: number }
  | { dist: "lognormal"; median: number; sigma: number; min: number; max: number }
  | { dist: "pareto"; min: number; alpha: number; max: number };

/** Memoise sizes for base ranges up to this many objects. */
const MEMO_LIMIT = 1 << 22;

// AS 241 coefficients, lowest order first (written as the nearest doubles of the published values).
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987, 67265.7709270087,
  33430.57558358813, 2509.0809287301227,
];
const B = [
  1.0, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684, 0.2417807251774506,
  0.022723844989269184, 0.0007745450142783414,
];
const D = [
  1.0, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 2.7115555687434876e-5, 2.0103343992922881e-7,
];
const F = [
  1.0, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133, 1.8463183175100548e-5,
  1.421511758316446e-7, 2.0442631033899397e-15,
];

/** c[0] + c[1]·x + … + c[7]·x^7 (Horner). */
function poly(c: readonly number[], x: number): number {
  let y = c[7];
  for (let i = 6; i >= 0; i--) y = y * x + c[i];
  return y;
}

/** The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (AS 241, PPND16). */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = poly(C, r) / poly(D, r);
  } else {
    r -= 5;
    x = poly(E, r) / poly(F, r);
  }
  return q < 0 ? -x : x;
}

/** Sizes of objects: `sizeOf(id)` is the same number every time for the same seed and id. */
export class SizeModel {
  private readonly kind: 0 | 1 | 2 | 3;
  private readonly a: number;
  private readonly b: number;
  private readonly lo: number;
  private readonly hi: number;
  private readonly key: number;
  private readonly memo: Uint32Array | null;

  constructor(
    readonly spec: SizeDist,
    /** A hash key derived from the workload seed (see seedKey). */
    key: number,
    /** Ids below this are memoised when the range is small enough. */
    baseObjects = 0,
  ) {
    this.key = key >>> 0;
    switch (spec.dist) {
      case "fixed":
        this.kind = 0;
        this.a = spec.size;
        this.b = 0;
        this.lo = this.hi = spec.size;
        break;
      case "uniform":
        this.kind = 1;
        this.a = spec.min;
        this.b = spec.max - spec.min + 1;
        this.lo = spec.min;
        this.hi = spec.max;
        break;
      case "lognormal":
        this.kind = 2;
        this.a = Math.log(spec.median);
        this.b = spec.sigma;
        this.lo = spec.min;
        this.hi = spec.max;
        break;
      case "pareto":
        this.kind = 3;
        this.a = spec.min;
        this.b = -1 / spec.alpha;
        this.lo = spec.min;
        this.hi = spec.max;
        break;
    }
    if (!(this.lo >= 1 && this.lo <= this.hi && this.hi <= MAX_SIZE)) {
      throw new RangeError(`object sizes must satisfy 1 ≤ min ≤ max ≤ ${MAX_SIZE}, got ${this.lo}..${this.hi}`);
    }
    this.memo = this.kind !== 0 && baseObjects > 0 && baseObjects <= MEMO_LIMIT ? new Uint32Array(baseObjects) : null;
  }

  /** The size of object `id`, computed from scratch. */
  compute(id: number): number {
    const u = unitHash(this.key, id);
    let s: number;
    switch (this.kind) {
      case 0:
        return this.a;
      case 1:
        return this.a + Math.floor(u * this.b);
      case 2:
        s = Math.round(Math.exp(this.a + this.b * normalQuantile(u)));
        break;
      default:
        s = Math.floor(this.a * u ** this.b);
        break;
    }
    return s < this.lo ? this.lo : Math.min(s, this.hi);
  }

  sizeOf(id: number): number {
    const memo = this.memo;
    if (memo !== null && id < memo.length) {
      const s = memo[id];
      if (s !== 0) return s;
      return (memo[id] = this.compute(id));
    }
    return this.compute(id);
  }

  /** size[i] = sizeOf(key[i]) for i < n. */
  fill(size: Uint32Array, key: Uint32Array, n: number): void {
    if (this.kind === 0) {
      size.fill(this.a, 0, n);
      return;
    }
    const memo = this.memo;
    if (memo === null) {
      for (let i = 0; i < n; i++) size[i] = this.compute(key[i]);
      return;
    }
    const limit = memo.length;
    for (let i = 0; i < n; i++) {
      const id = key[i];
      let s = id < limit ? memo[id] : 0;
      if (s === 0) {
        s = this.compute(id);
        if (id < limit) memo[id] = s;
      }
      size[i] = s;
    }
  }
}
