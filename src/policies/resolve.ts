// Turns what a user typed (`s3fifo`, `clock:bits=2`, `./my-policy.js`) into a validated strategy:
// a built-in spec by name or alias, or the default export of a user's module, with parameters
// checked against the spec's documented bounds. Shared by every pluggable kind.
import { isAbsolute, resolve as resolvePath } from "node:path";
import { CliError, InputError } from "../core/errors.js";
import { describeThrown } from "../core/spec.js";
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

// the generic half (finding, loading, checking a Spec) is shared with every pluggable kind
export { describeThrown, findSpec as lookup, loadModuleSpec, resolveParams } from "../core/spec.js";

/** The label of a ref in results: `name` or `name(k=v,…)` with only the overridden parameters. */
export function refLabel(ref: PolicyRef, spec?: AnySpec): string {
  const base = spec && !ref.module ? spec.name : ref.name;
  const kv = Object.entries(ref.params).map(([k, v]) => `${k}=${v}`);
  return kv.length ? `${base}(${kv.join(",")})` : base;
}

/** The methods a strategy object must have, by kind (optional ones are guarded when present). */
const METHODS: Record<string, { required: string[]; optional: string[]; numbers: string[] }> = {
  "eviction policy": {
    required: ["find", "insert", "victim", "evict", "remove"],
    optional: ["forget", "retains", "admits", "overfull"],
    numbers: ["usedBytes", "count"],
  },
  "admission policy": { required: ["admit"], optional: ["record"], numbers: [] },
  prefetcher: { required: ["access"], optional: ["evicted"], numbers: [] },
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
    g[name] = (...args: unknown[]) => {
      try {
        return f.apply(o, args);
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
