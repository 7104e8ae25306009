// What every pluggable strategy kind registers: data (name, summary, parameters with defaults),
// plus a factory. `cachelab policies` and the README table are generated from these specs.

/** One tunable parameter of a strategy, with its default taken from `Spec.defaults`. */
export interface ParamDoc {
  description: string;
  /** Inclusive bounds, checked when a user overrides the parameter. */
  min?: number;
  max?: number;
  integer?: boolean;
}

export type Params = Record<string, number>;

export interface Spec<T, P extends Params = Params, C = unknown> {
  name: string;
  /** Other names accepted on the command line (e.g. libCacheSim's `twoq` for `2q`). */
  aliases?: readonly string[];
  summary: string;
  /** The paper (or system) the algorithm comes from. */
  cite?: string;
  defaults: P;
  params: { [K in keyof P]: ParamDoc };
  /** True when the strategy needs to know the future (Belady): the runner computes next accesses first. */
  oracle?: boolean;
  create(params: P, ctx: C): T;
}
