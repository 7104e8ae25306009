// Policies named in a scenario or on the command line, resolved once: the registered spec (or a
// user's module) found, its parameters checked against the spec's bounds. The loader, `init` and
// the template all go through here, so a name means the same thing everywhere.
import { admissionPolicies } from "../policies/admission/registry.js";
import type { AdmissionSpec } from "../policies/admission/types.js";
import { evictionPolicies } from "../policies/eviction/registry.js";
import type { EvictionSpec } from "../policies/eviction/types.js";
import { prefetchers } from "../policies/prefetch/registry.js";
import type { PrefetchSpec } from "../policies/prefetch/types.js";
import { loadModuleSpec, lookup, type PolicyRef, parseRef, resolveParams } from "../policies/resolve.js";
import type { Params } from "../policies/spec.js";

export type PolicyKind = "eviction policy" | "admission policy" | "prefetcher";
type SpecOf<K extends PolicyKind> = K extends "eviction policy"
  ? EvictionSpec
  : K extends "prefetcher"
    ? PrefetchSpec
    : AdmissionSpec;

/** A policy ready to run: what the user wrote, the spec it names, and its parameters with defaults filled in. */
export interface ResolvedPolicy<S = EvictionSpec> {
  ref: PolicyRef;
  spec: S;
  params: Params;
}

const registry: Record<PolicyKind, Record<string, EvictionSpec | AdmissionSpec | PrefetchSpec>> = {
  "eviction policy": evictionPolicies,
  "admission policy": admissionPolicies,
  prefetcher: prefetchers,
};

/** A policy as a scenario writes it: `name[:k=v…]`, a module path, or `{ name, params }` (params win). */
export function refFromInput(
  input: string | { name: string; params: Params },
  kind: PolicyKind,
  cwd?: string,
): PolicyRef {
  if (typeof input === "string") return parseRef(input, kind, cwd);
  const ref = parseRef(input.name, kind, cwd);
  return { ...ref, params: { ...ref.params, ...input.params } };
}

/** A built-in policy by name or alias, its parameter overrides checked (synchronous: no module is loaded). */
export function resolveBuiltin<K extends PolicyKind>(ref: PolicyRef, kind: K): ResolvedPolicy<SpecOf<K>> {
  const spec = lookup(registry[kind], ref.name, kind) as unknown as SpecOf<K>;
  return { ref, spec, params: resolveParams(spec, ref.params, kind) };
}

/** A built-in policy or a user's module (imported now), its parameter overrides checked. */
export async function resolvePolicy<K extends PolicyKind>(ref: PolicyRef, kind: K): Promise<ResolvedPolicy<SpecOf<K>>> {
  if (!ref.module) return resolveBuiltin(ref, kind);
  const spec = await loadModuleSpec<SpecOf<K>>(ref.module, kind);
  return { ref, spec, params: resolveParams(spec, ref.params, kind) };
}
