// Scatter: a seeded bijection of [0, n) onto itself, computed, never stored.
//
// Popularity-based generators draw a *rank* (0 = most popular). Used directly as ids, the hottest
// objects would be ids 0, 1, 2, …, which couples popularity to anything else that looks at ids
// (sequential scans over an id range, range-based placement, "first N ids" shortcuts). Scattering
// maps rank r to a pseudo-random id, the same one every time for a given seed and n, with O(1)
// memory: no permutation table, so n may be 10^8 or more.
//
// How: let m be the smallest bit width with 2^m ≥ n. On [0, 2^m) apply a keyed bijection built
// from steps that are each invertible on m-bit words — xor with a key, multiplication by an odd
// constant mod 2^m, addition mod 2^m, and x ^= x >>> s — two rounds of the multiply / xor-shift
// pattern of MurmurHash3's finaliser. The result can land in [n, 2^m); then the bijection is
// applied again ("cycle walking", Black & Rogaway, "Ciphers with arbitrary finite domains",
// CT-RSA 2002) until it falls in [0, n). Cycle walking a permutation of a superset restricted to
// the subset is a permutation of the subset; since 2^m < 2n the expected number of steps is < 2.
import { mix32, seedKey } from "./hash.js";

/** Largest n a Scatter (and a synthetic object range) supports. */
export const MAX_OBJECTS = 2 ** 31;

export class Scatter {
  private readonly mask: number;
  private readonly shift: number;
  private readonly k0: number;
  private readonly k1: number;
  private readonly m0: number;
  private readonly m1: number;

  constructor(
    readonly n: number,
    seed: number,
  ) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_OBJECTS) throw new RangeError(`scatter range ${n} outside 1..2^31`);
    let bits = 1;
    while (2 ** bits < n) bits++;
    this.mask = 2 ** bits - 1;
    this.shift = (bits + 1) >>> 1;
    const key = seedKey(seed, 0x5ca7);
    this.k0 = mix32(key ^ 1) & this.mask;
    this.k1 = mix32(key ^ 2) & this.mask;
    this.m0 = (mix32(key ^ 3) | 1) >>> 0;
    this.m1 = (mix32(key ^ 4) | 1) >>> 0;
  }

  /** The id of rank `r` (0 ≤ r < n). */
  map(r: number): number {
    const { n, mask, shift, k0, k1, m0, m1 } = this;
    let x = r;
    do {
      x ^= k0;
      x = Math.imul(x, m0) & mask;
      x ^= x >>> shift;
      x = (x + k1) & mask;
      x = Math.imul(x, m1) & mask;
      x ^= x >>> shift;
    } while (x >= n);
    return x;
  }
}
