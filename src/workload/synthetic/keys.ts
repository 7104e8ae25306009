// The key process of a synthetic workload: which object each request asks for.
//
// A process writes ids for a run of requests at once (`fill`), so each distribution's inner loop is
// one monomorphic loop over a typed array: no call and no allocation per request. Processes that
// change over time (a shifting hot set) read the request times, which the generator fills first.

export interface KeyProcess {
  /** The ids this process draws are in [0, range). */
  readonly range: number;
  /** Writes the ids of requests from..to-1 into key; time[i] is request i's time in seconds. */
  fill(key: Uint32Array, time: Float64Array, from: number, to: number): void;
}
