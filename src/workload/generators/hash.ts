// Stateless integer hashing for the synthetic workloads: per-object attributes (sizes) are a pure
// function of (seed, id), so an object keeps its size across requests, batches and runs without a
// table, and the random streams of one workload are derived from its single seed.
//
// The mixer is mix32 ("lowbias32", src/core/rng.ts), a bijection on 32 bits.
import { mix32, Rng } from "../../core/rng.js";

export { mix32 };

/** A 32-bit key for `seed` and a named purpose (`salt`), so two purposes never share hashes. */
export function seedKey(seed: number, salt: number): number {
  return mix32(mix32(seed >>> 0) ^ Math.imul(salt, 0x9e3779b9));
}

/** Uniform in the open interval (0, 1), 53 bits, a pure function of (key, id). */
export function unitHash(key: number, id: number): number {
  const a = mix32((id ^ key) >>> 0);
  const b = mix32((a ^ Math.imul(key, 0x632be5ab) ^ 0x5bd1e995) >>> 0);
  return ((a >>> 0) * 2097152 + (b >>> 11) + 0.5) / 9007199254740992;
}

/**
 * The random streams of one synthetic workload. Each gets its own Rng on a disjoint arc of the
 * generator's 2^32-step cycle (2^29 draws apart), so changing, say, the op mix never changes which
 * keys are drawn, and two streams cannot replay each other's numbers for the first 2^29 draws each
 * (about 250 million requests for the two-draw-per-request streams).
 */
export const Stream = {
  keys: 0,
  scans: 1,
  oneHitWonders: 2,
  arrivals: 3,
  ops: 4,
  ttl: 5,
  context: 6,
} as const;

export function streamRng(seed: number, stream: number): Rng {
  return new Rng(seed).skip(stream * 2 ** 29);
}
