// What every pluggable strategy kind registers (src/core/spec.ts: data — name, summary, parameters
// with defaults and bounds — plus a factory); a policy's spec may add `oracle`. `cachelab policies`
// and the README table are generated from these specs.
import type { Spec as CoreSpec, Params } from "../core/spec.js";

export type { ParamDoc, Params } from "../core/spec.js";

export interface Spec<T, P extends Params = Params, C = unknown> extends CoreSpec<T, P, C> {
  /** True when the strategy needs to know the future (Belady): the runner computes next accesses first. */
  oracle?: boolean;
}
