// Turns what a user typed (`s3fifo`, `clock:bits=2`, `./my-policy.js`) into a validated strategy:
// a built-in spec by name or alias, or the default export of a user's module, with parameters
// checked against the spec's documented bounds. Shared by every pluggable kind.
import { existsSync } from "node:fs";
import { isAbsolute, resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import { CliError, InputError, unknownName } from "../core/errors.js";
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
    // switches may be written true/false (wtinylfu:adaptive=true); parameters are numbers
    const text = kv.slice(eq + 1).trim();
    const value = text === "true" ? 1 : text === "false" ? 0 : Number(text);
    if (eq <= 0 || text === "" || !Number.isFinite(value)) {
      throw new InputError(`${kind} '${trimmed}': parameter '${kv}' must look like name=number (or name=true|false)`);
    }
    // an own property even for '__proto__' (an assignment would set the prototype instead)
    Object.defineProperty(params, kv.slice(0, eq), { value, enumerable: true, writable: true, configurable: true });
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

/** The label of a ref in results: `name` or `name(k=v,…)` with only the overridden parameters. */
export function refLabel(ref: PolicyRef, spec?: AnySpec): string {
  const base = spec && !ref.module ? spec.name : ref.name;
  const kv = Object.entries(ref.params).map(([k, v]) => `${k}=${v}`);
  return kv.length ? `${base}(${kv.join(",")})` : base;
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

/** The methods a strategy object must have, by kind (optional ones are guarded when present). */
const METHODS: Record<string, { required: string[]; optional: string[]; numbers: string[] }> = {
  "eviction policy": {
    required: ["find", "insert", "victim", "evict", "remove"],
    optional: ["forget", "retains"],
    numbers: ["usedBytes", "count"],
  },
  "admission policy": { required: ["admit"], optional: ["record"], numbers: [] },
};

/**
 * Creates a strategy from its spec. A built-in one is returned as it is (no cost on the hot path).
 * A user module's is checked (InputError, exit 2, naming the module and what is missing) and
 * wrapped so that anything it throws later is one line naming the module and the method (exit 1).
 */
export function createStrategy<T>(spec: AnySpec, params: Params, ctx: unknown, ref: PolicyRef, kind: string): T {
  if (!ref.module) return spec.create(params, ctx) as T;
  const who = `${kind} module ${ref.name}`;
  let obj: unknown;
  try {
    obj = spec.create(params, ctx);
  } catch (e) {
    throw new CliError(`${who}: create() threw ${describeThrown(e)}`, 1);
  }
  const m = METHODS[kind] ?? { required: [], optional: [], numbers: [] };
  if (obj === null || typeof obj !== "object") {
    throw new InputError(
      `${who}: create() returned ${describeThrown(obj)}, not an object with ${m.required.map((n) => `${n}()`).join(", ")}`,
    );
  }
  const o = obj as Record<string, unknown>;
  const missing = m.required.filter((n) => typeof o[n] !== "function");
  if (missing.length > 0) {
    const other =
      kind === "admission policy" && typeof o.evict === "function" ? " (it looks like an eviction policy)" : "";
    const other2 =
      kind === "eviction policy" && typeof o.admit === "function" ? " (it looks like an admission policy)" : "";
    throw new InputError(
      `${who}: create() returned an object without ${missing.map((n) => `${n}()`).join(", ")}${other}${other2}`,
    );
  }
  for (const n of m.numbers) {
    let v: unknown;
    try {
      v = o[n];
    } catch (e) {
      throw new CliError(`${who}: reading ${n} threw ${describeThrown(e)}`, 1);
    }
    if (typeof v !== "number") throw new InputError(`${who}: create() returned an object whose ${n} is not a number`);
  }
  return guard(o, who, m) as T;
}

/** Forwards every method and number, turning a throw into one CliError naming the method. */
function guard(
  o: Record<string, unknown>,
  who: string,
  m: { required: string[]; optional: string[]; numbers: string[] },
): object {
  const g: Record<string, unknown> = {};
  const fail = (what: string, e: unknown): CliError => new CliError(`${who}: ${what} threw ${describeThrown(e)}`, 1);
  for (const name of [...m.required, ...m.optional]) {
    const f = o[name];
    if (typeof f !== "function") continue;
    g[name] = (a: unknown, b: unknown, c: unknown) => {
      try {
        return f.call(o, a, b, c);
      } catch (e) {
        throw fail(`${name}()`, e);
      }
    };
  }
  for (const name of [...m.numbers, "usesVictim"]) {
    if (!(name in o)) continue;
    Object.defineProperty(g, name, {
      get() {
        try {
          return o[name];
        } catch (e) {
          throw fail(name, e);
        }
      },
    });
  }
  return g;
}
