// The key process of a synthetic workload: which object each request asks for.
//
// A process writes ids for a run of requests at once (`fill`), so each distribution's inner loop is
// one monomorphic loop over a typed array: no call and no allocation per request. Processes that
// change over time (a shifting hot set) read the request times, which the generator fills first.
//
// Each key distribution is a spec (its `keys:` schema and how to build its process) in its own file,
// listed in registry.ts.
import type { z } from "zod";
import type { Rng } from "../../core/rng.js";

export interface KeyProcess {
  /** The ids this process draws are in [0, range). */
  readonly range: number;
  /** Writes the ids of requests from..to-1 into key; time[i] is request i's time in seconds. */
  fill(key: Uint32Array, time: Float64Array, from: number, to: number): void;
}

/** What a key distribution is built from besides its own parameters. */
export interface KeyContext {
  /** Objects of the distribution: it draws ids in [0, objects). */
  objects: number;
  /** The workload's seed (for seeded bijections such as Scatter). */
  seed: number;
  /** The workload's "keys" random stream. */
  rng: Rng;
}

export interface KeyDistSpec<S extends z.ZodType = z.ZodType> {
  summary: string;
  /** The `keys:` section: a strict object whose `dist` literal is the distribution's registry name. */
  schema: S;
  create(params: z.output<S>, ctx: KeyContext): KeyProcess;
}

/** Declares a key distribution (infers its parameter type from its schema). */
export function keyDist<S extends z.ZodType>(spec: KeyDistSpec<S>): KeyDistSpec<S> {
  return spec;
}
