// The answers `cachelab init` turns into a scenario file, and the checks every answer goes through,
// whether it comes from a flag (src/cli/init.ts) or from a question on a terminal
// (src/ui/wizards/init.ts). Each check returns the parsed value or throws an InputError whose message
// reads well after a flag's name and inside a prompt.

import { existsSync, statSync } from "node:fs";
import { basename, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError } from "../core/errors.js";
import type { Unit } from "../core/unit.js";
import { type PolicyRef, parseRef } from "../policies/resolve.js";
import { detectFormat, formatByName } from "../workload/formats.js";
import { parseBytes } from "../workload/units.js";
import { parseCapacity } from "./capacity.js";
import { DEFAULT_SIGMA } from "./defaults.js";
import { resolveBuiltin } from "./policies.js";

// ---------------------------------------------------------------------------------------------
// Answers

export type KeysKind = "zipf" | "hotspot" | "uniform";
export type SizesAnswer = { dist: "fixed"; size: string } | { dist: "lognormal"; median: string; sigma: number };

export interface SyntheticAnswers {
  type: "synthetic";
  objects: number;
  requests: number;
  keys: KeysKind;
  /** zipf only. */
  alpha: number;
  /** hotspot only: share of the objects that are hot, and share of the requests they get. */
  hotFraction: number;
  hotRequestFraction: number;
  /** Sequential scans mixed in (the "scan-mix" workload), as a share of the requests. */
  scans?: { fraction: number; length: number };
  sizes: SizesAnswer;
}

export interface TraceAnswers {
  type: "trace";
  /** Absolute path of the trace file. */
  path: string;
  /** Whether the user wrote an absolute path (kept absolute) or a relative one (written relative to the scenario). */
  absolute: boolean;
  format: string;
}

export interface InitAnswers {
  name: string;
  seed: number;
  workload: SyntheticAnswers | TraceAnswers;
  unit: Unit;
  /** Capacities as written (`1%`, `4897`, `64MiB`). */
  capacity: string[];
  eviction: PolicyRef[];
  /** Absolute path of the scenario file to write. */
  out: string;
}

/** What the flags say, each value checked; fields the flags leave open stay undefined. */
export interface Given {
  name?: string;
  seed?: number;
  workload?: "synthetic" | "trace";
  trace?: { path: string; absolute: boolean };
  format?: string;
  objects?: number;
  requests?: number;
  keys?: KeysKind;
  alpha?: number;
  hotFraction?: number;
  hotRequestFraction?: number;
  scanFraction?: number;
  scanLength?: number;
  sizes?: SizesAnswer;
  unit?: Unit;
  capacity?: string[];
  eviction?: PolicyRef[];
  out?: string;
}

export const MAX_OBJECTS = 2 ** 31;
const MAX_SIZE = 2 ** 32 - 1;

/** scenarios/<name>.yaml when ./scenarios exists, ./<name>.yaml otherwise. */
export function defaultOut(name: string, cwd: string): string {
  const dir = resolve(cwd, "scenarios");
  return existsSync(dir) && statSync(dir).isDirectory() ? join(dir, `${name}.yaml`) : resolve(cwd, `${name}.yaml`);
}

// ---------------------------------------------------------------------------------------------
// Checks shared by flags and prompts: each returns the parsed value or throws InputError whose
// message reads well after a flag name and inside a prompt.

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkName(text: string): string {
  const t = text.trim();
  if (!NAME.test(t)) {
    throw new InputError(
      `'${t}' is not a usable name: use letters, digits, '.', '_' or '-' (up to 64), e.g. zipf-skewed`,
    );
  }
  return t;
}

/** A whole number ≥ 1: `100000`, `100_000`, `100,000`, `100k`, `1M`, `1e6`. */
export function parseCount(text: string, max: number): number {
  const t = text.trim().replace(/[_,\s]/g, "");
  const m = /^(\d+(?:\.\d+)?)(?:e(\d+))?([kmg]?)$/i.exec(t);
  const mult = m ? ({ "": 1, k: 1e3, m: 1e6, g: 1e9 } as Record<string, number>)[m[3].toLowerCase()] : 0;
  const v = m ? Number(m[1]) * 10 ** Number(m[2] ?? 0) * mult : Number.NaN;
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new InputError(`expected a whole number ≥ 1 such as 100000, 100k or 1M, got '${text.trim()}'`);
  }
  if (v > max) throw new InputError(`${text.trim()} is too large (at most ${max.toLocaleString("en-US")})`);
  return v;
}

export function parseSeed(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))) {
    throw new InputError(`expected a whole number ≥ 0, got '${t}'`);
  }
  return Number(t);
}

export function parseAlpha(text: string): number {
  const t = text.trim();
  const v = t === "" ? Number.NaN : Number(t);
  if (!Number.isFinite(v) || v < 0) {
    throw new InputError(`expected a number ≥ 0 (0 is uniform; web traffic is about 0.6-1.2), got '${t}'`);
  }
  return v;
}

/** A share: `20%` or `0.2`, within (0, 1] (or [0, 1] when zero is allowed). */
export function parseShare(text: string, zeroOk = false): number {
  const t = text.trim();
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  const v = pct ? Number(pct[1]) / 100 : /^(\d+(?:\.\d+)?|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isFinite(v) || v > 1 || v < 0 || (!zeroOk && v === 0)) {
    throw new InputError(
      `expected a share such as 20% or 0.2, ${zeroOk ? "from 0" : "above 0"} up to 100%, got '${t}'`,
    );
  }
  // 0.1 + 0.2 style noise from the percent division must not leak into the file
  return Number(v.toPrecision(12));
}

export function parseUnit(text: string): Unit {
  const t = text.trim();
  if (t !== "objects" && t !== "bytes") throw new InputError(`expected objects or bytes, got '${t}'`);
  return t;
}

export function parseKeys(text: string): KeysKind {
  const t = text.trim();
  if (t !== "zipf" && t !== "hotspot" && t !== "uniform") {
    throw new InputError(`expected zipf, hotspot or uniform, got '${t}'`);
  }
  return t;
}

export function checkSize(text: string): string {
  const t = text.trim();
  const n = parseBytes(t);
  if (n < 1 || n > MAX_SIZE) throw new InputError(`size '${t}' must be from 1 byte to 4GiB - 1`);
  return t;
}

/** `4KiB` or `fixed:4KiB` (every object the same size), `lognormal:4KiB[:sigma]` (median and spread). */
export function parseSizes(text: string): SizesAnswer {
  const parts = text.trim().split(":");
  const kind = parts.length > 1 ? parts[0].toLowerCase() : "fixed";
  const args = parts.length > 1 ? parts.slice(1) : parts;
  if (kind === "fixed" && args.length === 1) return { dist: "fixed", size: checkSize(args[0]) };
  if (kind === "lognormal" && (args.length === 1 || args.length === 2)) {
    const sigma = args.length === 2 ? Number(args[1]) : DEFAULT_SIGMA;
    if (args.length === 2 && (args[1].trim() === "" || !Number.isFinite(sigma) || sigma < 0)) {
      throw new InputError(`lognormal sigma must be a number ≥ 0, got '${args[1]}'`);
    }
    return { dist: "lognormal", median: checkSize(args[0]), sigma };
  }
  throw new InputError(
    `expected a size (4KiB), fixed:4KiB or lognormal:MEDIAN[:SIGMA] (lognormal:4KiB:1), got '${text}'`,
  );
}

/** `1%,10%` → ["1%", "10%"], each checked against the unit. */
export function parseCapacityList(text: string, unit: Unit): string[] {
  const list = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (list.length === 0) throw new InputError("give at least one cache size, e.g. 1%,10% or 1000,10000");
  for (const c of list) parseCapacity(c, unit);
  return list;
}

/** `lru,s3fifo,clock:bits=2,./mine.js` → checked refs (built-ins by their registered name). */
export function parseEvictionList(text: string, cwd: string): PolicyRef[] {
  const items = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (items.length === 0) throw new InputError("give at least one eviction policy, e.g. lru,s3fifo");
  return items.map((item) => {
    const ref = parseRef(item, "eviction policy", cwd);
    if (ref.module) {
      // a module is imported only when the scenario runs; here it only has to exist
      if (!existsSync(ref.module)) throw new InputError(`eviction policy module not found: ${ref.module}`);
      return ref;
    }
    return { name: resolveBuiltin(ref, "eviction policy").spec.name, params: ref.params };
  });
}

export function checkTracePath(text: string, cwd: string): { path: string; absolute: boolean } {
  const t = text.trim();
  if (t === "") throw new InputError("give the path of a trace file");
  const path = resolve(cwd, t);
  if (!existsSync(path)) throw new InputError(`no such trace file: ${t}`);
  if (!statSync(path).isFile()) throw new InputError(`not a file: ${t}`);
  return { path, absolute: isAbsolute(t) };
}

/** The format as given (checked), or detected from the file's name and content. */
export function traceFormat(path: string, given: string | undefined): string {
  if (given !== undefined && given.trim() !== "") return formatByName(given);
  try {
    return detectFormat(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${path}: ${(e as Error).message.split("\n")[0]}`);
  }
}

export function checkOut(text: string, cwd: string, force: boolean): string {
  const t = text.trim();
  if (t === "") throw new InputError("give the path of the scenario file to write");
  const path = resolve(cwd, t);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) {
      throw new InputError(`${t} is a directory; give a file path such as ${posix(join(t, "x.yaml"))}`);
    }
    if (!force) throw new InputError(`${t} already exists; pass --force to overwrite it, or choose another path`);
  }
  return path;
}

/** The name implied by --out (its file name without extension), when it is a usable name. */
export function nameFromOut(out: string): string | undefined {
  const stem = basename(out, extname(out));
  return NAME.test(stem) ? stem : undefined;
}

/** How to name `path` for the user: relative to `cwd` when inside it, absolute otherwise. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : posix(rel);
}

/** A path with forward slashes. */
export function posix(p: string): string {
  return p.split(sep).join("/");
}
