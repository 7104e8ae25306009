// A small, fast, seeded pseudo-random generator, and the integer mixer beside it (SplitMix32-style mixing of a Weyl sequence), so
// every random choice in a simulation is reproducible from the run's seed. Beside them, Draws: the
// same kind of stream addressed by index instead of consumed, for policies whose victim() must be a
// pure function of their state.

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
  /**
   * The next `n` nextU32() values into `out`. The Weyl step is done in 16-bit halves: in a loop
   * over a local, V8 compiles `(s + 0x9e3779b9) | 0` to a float add and a slow truncation whenever
   * the sum leaves the int32 range (half the steps), ~4× the cost of the whole draw otherwise.
   */
  fillU32(out: Uint32Array, n: number): void {
    let lo = this.state & 0xffff;
    let hi = this.state >>> 16;
    for (let k = 0; k < n; k++) {
      lo += 0x79b9;
      hi = (hi + 0x9e37 + (lo >>> 16)) & 0xffff;
      lo &= 0xffff;
      const s = (hi << 16) | lo;
      let z = Math.imul(s ^ hi, 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      out[k] = z ^ (z >>> 16);
    }
    this.state = (hi << 16) | lo;
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

/**
 * A seeded stream of uniform numbers in [0, 1) addressed by index: `at(n)` is the n-th number,
 * computed from (seed, n) alone (a Weyl sequence through mix32, as SplitMix does), so asking again
 * gives the same number and nothing is consumed. A policy that draws its victim from `at(k)`, k its
 * count of evictions so far, can peek at the victim any number of times without changing it or any
 * later draw. 53 bits per number; n any integer in [0, 2^53).
 *
 * An event that needs many numbers (the samples of one eviction) takes a block instead: `block(k)`
 * is the key of the k-th block, and `Draws.inBlock(key, i)` its i-th number as a uniform 32-bit
 * integer (one mix32 per number, where `at` takes two; divide by 2^32 for [0, 1)).
 */
export class Draws {
  private readonly key: number;
  constructor(seed: number) {
    this.key = mix32((seed ^ 0x2545f491) >>> 0);
  }
  at(n: number): number {
    const lo = n >>> 0;
    const hi = (n - lo) / 4294967296;
    const a = mix32((Math.imul(lo, 0x9e3779b9) + this.key) >>> 0);
    // 21 more bits, from a second round that also separates the 2^32-long blocks of n
    const b = mix32((a + Math.imul(hi + 1, 0x85ebca6b)) >>> 0);
    return (a * 2097152 + (b >>> 11)) / 9007199254740992;
  }
  /** The key of block `n` (any integer in [0, 2^53)). */
  block(n: number): number {
    const lo = n >>> 0;
    const hi = (n - lo) / 4294967296;
    return mix32((Math.imul(lo, 0x9e3779b9) + this.key + Math.imul(hi, 0x85ebca6b)) >>> 0);
  }
  /** The i-th number of the block with key `block`: a uniform integer in [0, 2^32). */
  static inBlock(block: number, i: number): number {
    return mix32((Math.imul(i, 0x9e3779b9) + block) >>> 0);
  }
}
