// Turns what a user typed (`s3fifo`, `clock:bits=2`, `./my-policy.js`) into a validated strategy:
// a built-in spec by name or alias, or the default export of a user's module, with parameters
// checked against the spec's documented bounds. Shared by every pluggable kind.
import { existsSync } from "node:fs";
import { isAbsolute, resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import { InputError, unknownName } from "../core/errors.js";
import type { Params, Spec } from "./spec.js";

/** A strategy as named on the command line or in a scenario, before it is loaded. */
export interface PolicyRef {
  /** The name as given (for a module: its path as given). */
  name: string;
  /** Parameter overrides. */
  params: Params;
  /** Absolute path of a user's module, when the name is a path. */
  module?: string;
}

export function isModulePath(name: string): boolean {
  return /^(\.{0,2}\/|[A-Za-z]:\\)/.test(name) || /\.(m?js|cjs)$/.test(name);
}

/** `name[:key=value[:key=value…]]` → PolicyRef. Module paths are made absolute against `cwd`. */
export function parseRef(text: string, kind: string, cwd = process.cwd()): PolicyRef {
  const trimmed = text.trim();
  if (trimmed === "") throw new InputError(`empty ${kind} name`);
  // a module path may contain ':' only as a Windows drive; params follow the extension
  const m = /^(.*?\.(?:m?js|cjs))((?::[^:]+)*)$/.exec(trimmed);
  const [head, ...rest] = m ? [m[1], ...m[2].split(":").filter(Boolean)] : trimmed.split(":");
  const params: Params = {};
  for (const kv of rest) {
    const eq = kv.indexOf("=");
    const value = Number(kv.slice(eq + 1));
    if (eq <= 0 || kv.slice(eq + 1).trim() === "" || !Number.isFinite(value)) {
      throw new InputError(`${kind} '${trimmed}': parameter '${kv}' must look like name=number`);
    }
    params[kv.slice(0, eq)] = value;
  }
  if (isModulePath(head)) {
    const abs = isAbsolute(head) ? head : resolvePath(cwd, head);
    return { name: head, params, module: abs };
  }
  return { name: head, params };
}

export function parseRefList(list: string, kind: string, cwd?: string): PolicyRef[] {
  return list
    .split(",")
    .filter((s) => s.trim() !== "")
    .map((s) => parseRef(s, kind, cwd));
}

type AnySpec = Spec<unknown, any, any>;

/** Finds a built-in spec by name or alias (case-insensitive), or throws with suggestions. */
export function lookup<S extends AnySpec>(registry: Record<string, S>, name: string, kind: string): S {
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
    throw new InputError(`${kind} module ${path} failed to load: ${(e as Error).message.split("\n")[0]}`);
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
    if (!(k in spec.defaults)) {
      const valid = Object.keys(spec.defaults);
      throw new InputError(
        `${kind} '${spec.name}' has no parameter '${k}'${valid.length ? ` (parameters: ${valid.join(", ")})` : " (it takes no parameters)"}`,
      );
    }
    const doc = spec.params?.[k];
    if (doc) {
      if (doc.integer && !Number.isInteger(v)) throw new InputError(`${kind} '${spec.name}': ${k} must be an integer`);
      if (doc.min !== undefined && v < doc.min)
        throw new InputError(`${kind} '${spec.name}': ${k} must be ≥ ${doc.min}`);
      if (doc.max !== undefined && v > doc.max)
        throw new InputError(`${kind} '${spec.name}': ${k} must be ≤ ${doc.max}`);
    }
    out[k] = v;
  }
  return out;
}

/** The label of a ref in results: `name` or `name(k=v,…)` with only the overridden parameters. */
export function refLabel(ref: PolicyRef, spec?: AnySpec): string {
  const base = spec && !ref.module ? spec.name : ref.name;
  const kv = Object.entries(ref.params).map(([k, v]) => `${k}=${v}`);
  return kv.length ? `${base}(${kv.join(",")})` : base;
}
