// Uniform popularity: every one of n objects is equally likely on every request, independently.
// The classic worst case for caching (hit ratio ≈ cache size / n for any policy); also Zipf with
// alpha = 0, which `{ dist: zipf, alpha: 0 }` draws through the same fast path.
import { z } from "zod";
import type { Rng } from "../../core/rng.js";
import { type KeyProcess, keyDist } from "./keys.js";

export const uniformDist = keyDist({
  summary: "every object equally likely on every request",
  schema: z.strictObject({ dist: z.literal("uniform") }),
  create: (_params, { objects, rng }) => new UniformKeys(objects, rng),
});

export class UniformKeys implements KeyProcess {
  constructor(
    readonly range: number,
    private readonly rng: Rng,
  ) {
    if (!Number.isInteger(range) || range < 1) throw new RangeError(`uniform needs a whole number of objects ≥ 1`);
  }

  fill(key: Uint32Array, _time: Float64Array, from: number, to: number): void {
    const rng = this.rng;
    const n = this.range;
    for (let i = from; i < to; i++) key[i] = Math.floor(rng.next() * n);
  }
}
