// none: no prefetching. The engine takes the exact code path of a run without the prefetch
// feature (the simulator does not even attach this prefetcher to the node: src/sim/job.ts), so
// every number equals that run's, and the fast loop keeps its speed. It is listed so that
// `--prefetch none,markov` compares against the baseline in one table. No parameters.
import type { Prefetcher, PrefetchSpec } from "./types.js";

/** Never fetches anything (used only where a prefetcher object is required, e.g. a property test). */
export class NoPrefetch implements Prefetcher {
  access(): void {}
}

export const none = {
  name: "none",
  summary: "No prefetching: the baseline every other prefetcher is measured against.",
  defaults: {},
  params: {},
  create: () => new NoPrefetch(),
} satisfies PrefetchSpec;

/** True for the spec that means "run without a prefetcher". */
export function isNone(name: string): boolean {
  return name.toLowerCase() === "none";
}
