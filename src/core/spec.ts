// The generic half of a pluggable strategy: the Spec shape every kind registers (name, summary,
// parameters with bounds and defaults, a factory), finding one by name, checking a user's
// parameter overrides, and loading a user's module whose default export is a Spec. It lives in core
// so that every rank-1 kind (policies, placement, …) can use it without importing a sibling.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { InputError, unknownName } from "./errors.js";

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
  /** Other names accepted on the command line. */
  aliases?: readonly string[];
  summary: string;
  /** The paper (or system) the algorithm comes from. */
  cite?: string;
  defaults: P;
  params: { [K in keyof P]: ParamDoc };
  create(params: P, ctx: C): T;
}

type AnySpec = Spec<unknown, any, any>;

/** Finds a built-in spec by name or alias (case-insensitive), or throws with suggestions. */
export function findSpec<S extends AnySpec>(registry: Record<string, S>, name: string, kind: string): S {
  const want = name.toLowerCase();
  for (const spec of Object.values(registry)) {
    if (spec.name.toLowerCase() === want) return spec;
    if (spec.aliases?.some((a) => a.toLowerCase() === want)) return spec;
  }
  throw unknownName(
    kind,
    name,
    Object.values(registry).map((s) => s.name),
  );
}

/** Loads a user's module whose default export is a Spec, and checks its shape. */
export async function loadModuleSpec<S extends AnySpec>(path: string, kind: string): Promise<S> {
  if (!existsSync(path)) throw new InputError(`${kind} module not found: ${path}`);
  let mod: { default?: unknown };
  try {
    mod = await import(pathToFileURL(path).href);
  } catch (e) {
    // a module may throw anything at import (`throw 42`), not only an Error
    throw new InputError(`${kind} module ${path} failed to load: ${describeThrown(e)}`);
  }
  const spec = mod.default as Partial<AnySpec> | undefined;
  if (!spec || typeof spec !== "object" || typeof spec.create !== "function" || typeof spec.name !== "string") {
    throw new InputError(
      `${kind} module ${path} must have a default export {name, summary, defaults, params, create(params, ctx)}`,
    );
  }
  return { summary: "", defaults: {}, params: {}, ...spec } as S;
}

/** Merges overrides into the spec's defaults, checking names and bounds. */
export function resolveParams(spec: AnySpec, overrides: Params, kind: string): Params {
  const out: Params = { ...spec.defaults };
  for (const [k, v] of Object.entries(overrides)) {
    // own properties only: 'toString', 'constructor' and '__proto__' are not parameters
    if (!Object.hasOwn(spec.defaults, k)) {
      const valid = Object.keys(spec.defaults);
      throw new InputError(
        `${kind} '${spec.name}' has no parameter '${k}'${valid.length ? ` (parameters: ${valid.join(", ")})` : " (it takes no parameters)"}`,
      );
    }
    const doc = spec.params && Object.hasOwn(spec.params, k) ? spec.params[k] : undefined;
    if (doc) {
      if (doc.integer && !Number.isInteger(v)) throw new InputError(`${kind} '${spec.name}': ${k} must be an integer`);
      if (doc.min !== undefined && v < doc.min)
        throw new InputError(`${kind} '${spec.name}': ${k} must be ≥ ${doc.min}`);
      if (doc.max !== undefined && v > doc.max)
        throw new InputError(`${kind} '${spec.name}': ${k} must be ≤ ${doc.max}`);
    }
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** One line for anything a user's code may throw: an Error's first message line, or the value. */
export function describeThrown(e: unknown): string {
  try {
    if (e instanceof Error) return `${e.name || "Error"}: ${String(e.message).split("\n")[0]}`;
    if (typeof e === "string") return JSON.stringify(e);
    return String(e);
  } catch {
    return "a value that cannot be printed";
  }
}
