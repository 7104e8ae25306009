// A small, fast, seeded pseudo-random generator, and the integer mixer beside it (SplitMix32-style mixing of a Weyl sequence), so
// every random choice in a simulation is reproducible from the run's seed.

/**
 * A well-mixed 32-bit hash of a 32-bit integer, a bijection on [0, 2^32): Chris Wellons'
 * "lowbias32" (hash-prospector, 2018), xor-shift/multiply rounds whose constants were found by
 * search to minimise avalanche bias. Shared by the frequency sketch and the synthetic workloads.
 */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = (seed ^ 0x9e3779b9) >>> 0;
  }
  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    let z = (this.state = (this.state + 0x9e3779b9) | 0);
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }
  /** Uniform in [0, 1) with 53 bits. */
  next(): number {
    return (this.nextU32() * 2097152 + (this.nextU32() >>> 11)) / 9007199254740992;
  }
  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  /**
   * Advances the generator as if `draws` calls to nextU32 had been made, in O(1). The state walks one
   * cycle of 2^32 steps, so generators that start `draws` apart yield disjoint runs of that length:
   * the synthetic workloads give each of their random streams its own arc of the cycle this way.
   */
  skip(draws: number): this {
    this.state = (this.state + Math.imul(draws, 0x9e3779b9)) | 0;
    return this;
  }
}
