// A scheme as named on the command line (`ring`, `bounded:epsilon=0.1`, `./my-scheme.js`), resolved
// to its Spec and checked parameters: a built-in by name or alias, or a user's module whose default
// export is a PlacementSpec.
import { findSpec, loadModuleSpec, type Params, resolveParams } from "../core/spec.js";
import { placementSchemes } from "./registry.js";
import type { NodeDef, Placement, PlacementSpec } from "./types.js";

export const SCHEME_KIND = "placement scheme";

export interface ResolvedScheme {
  spec: PlacementSpec;
  params: Params;
  /** `name` or `name(k=v,…)` with the overridden parameters. */
  label: string;
}

/** `ref` as parsed by parseRef (name, params, and the absolute module path when it is a path). */
export async function resolveScheme(ref: { name: string; params: Params; module?: string }): Promise<ResolvedScheme> {
  const spec = ref.module
    ? await loadModuleSpec<PlacementSpec>(ref.module, SCHEME_KIND)
    : (findSpec(placementSchemes as Record<string, PlacementSpec>, ref.name, SCHEME_KIND) as PlacementSpec);
  const params = resolveParams(spec, ref.params, SCHEME_KIND);
  const kv = Object.entries(ref.params).map(([k, v]) => `${k}=${v}`);
  const base = ref.module ? ref.name : spec.name;
  return { spec, params, label: kv.length ? `${base}(${kv.join(",")})` : base };
}

export function createPlacement(s: ResolvedScheme, nodes: readonly NodeDef[]): Placement {
  return s.spec.create(s.params, { nodes });
}
