// `cachelab init`: turns answers (from flags, or from questions on a terminal) into a commented
// scenario file that validates against the real scenario schema.
//
// The answers are checked one by one with the same functions whether they come from a flag or from a
// prompt (a prompt shows the message inline; a flag fails with exit 2 and one line). renderScenario()
// is pure: answers in, YAML text out. The text is a hand-written template whose values are written
// by the `yaml` package (so quoting is always right) and whose comments therefore never get lost;
// checkScenarioText() parses it back and validates it before anything is written.
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Readable, Writable } from "node:stream";
import { parse as parseYaml, stringify } from "yaml";
import { InputError } from "../core/errors.js";
import { describeIssue } from "../core/zod-error.js";
import type { Unit } from "../engine/node.js";
import { evictionPolicies } from "../policies/eviction/registry.js";
import { isModulePath, lookup, type PolicyRef, parseRef, resolveParams } from "../policies/resolve.js";
import { parseCapacity } from "../sim/capacity.js";
import { detectFormat, FORMAT_NAMES, formatByName } from "../workload/formats.js";
import { parseBytes } from "../workload/units.js";
import { scenarioFileSchema } from "./workloads.js";

// ---------------------------------------------------------------------------------------------
// Answers and defaults

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

export const DEFAULTS = {
  name: "my-scenario",
  seed: 42,
  objects: 100_000,
  requests: 1_000_000,
  keys: "zipf" as KeysKind,
  alpha: 0.9,
  hotFraction: 0.2,
  hotRequestFraction: 0.8,
  scanFraction: 0.1,
  size: "4KiB",
  sigma: 1,
  unit: "objects" as Unit,
  capacity: "1%,10%",
} as const;

/** The default policies: those of these the registry has, in the registry's order (as the prompt lists them). */
export const DEFAULT_EVICTION: string[] = Object.values(evictionPolicies)
  .map((s) => s.name as string)
  .filter((n) => ["lru", "s3fifo", "sieve", "wtinylfu"].includes(n));

const MAX_OBJECTS = 2 ** 31;
const MAX_SIZE = 2 ** 32 - 1;

/** Default scan length: a tenth of the objects, so a scan flushes a cache of up to 10 %. */
export function defaultScanLength(objects: number): number {
  return Math.max(1, Math.round(objects / 10));
}

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

function checkSize(text: string): string {
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
    const sigma = args.length === 2 ? Number(args[1]) : DEFAULTS.sigma;
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
      if (!existsSync(ref.module)) throw new InputError(`eviction policy module not found: ${ref.module}`);
      return ref;
    }
    const spec = lookup(evictionPolicies, ref.name, "eviction policy");
    resolveParams(spec, ref.params, "eviction policy");
    return { name: spec.name, params: ref.params };
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

// ---------------------------------------------------------------------------------------------
// Flags

export interface InitFlags {
  yes?: boolean;
  name?: string;
  workload?: string;
  trace?: string;
  format?: string;
  objects?: string;
  requests?: string;
  keys?: string;
  alpha?: string;
  "hot-fraction"?: string;
  "hot-requests"?: string;
  scans?: string;
  "scan-length"?: string;
  sizes?: string;
  unit?: string;
  capacity?: string;
  eviction?: string;
  seed?: string;
  out?: string;
  force?: boolean;
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

/** Runs a check on a flag's value, prefixing its message with the flag's name. */
function flag<T>(name: string, value: string | undefined, check: (v: string) => T): T | undefined {
  if (value === undefined) return undefined;
  try {
    return check(value);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`--${name}: ${e.message}`);
    throw e;
  }
}

const SYNTHETIC_FLAGS = [
  "objects",
  "requests",
  "keys",
  "alpha",
  "hot-fraction",
  "hot-requests",
  "scans",
  "scan-length",
  "sizes",
] as const;

export function parseFlags(f: InitFlags, cwd: string): Given {
  const g: Given = {};
  g.name = flag("name", f.name, checkName);
  g.seed = flag("seed", f.seed, parseSeed);
  g.workload = flag("workload", f.workload, (v) => {
    const t = v.trim();
    if (t !== "synthetic" && t !== "trace") throw new InputError(`expected synthetic or trace, got '${t}'`);
    return t;
  });
  if (f.trace !== undefined) {
    if (g.workload === "synthetic") throw new InputError("--trace: a synthetic workload has no trace file");
    g.workload = "trace";
    g.trace = flag("trace", f.trace, (v) => checkTracePath(v, cwd));
  }
  if (g.workload === "trace") {
    const extra = SYNTHETIC_FLAGS.filter((k) => f[k] !== undefined);
    if (extra.length > 0) throw new InputError(`--${extra[0]}: applies to synthetic workloads, not to a trace`);
  } else if (f.format !== undefined) {
    throw new InputError("--format: applies to a trace (give --trace FILE)");
  }
  if (g.trace) g.format = flag("format", f.format, (v) => traceFormat(g.trace!.path, v));
  else if (f.format !== undefined) g.format = flag("format", f.format, (v) => formatByName(v));

  g.objects = flag("objects", f.objects, (v) => parseCount(v, MAX_OBJECTS));
  g.requests = flag("requests", f.requests, (v) => parseCount(v, Number.MAX_SAFE_INTEGER));
  g.keys = flag("keys", f.keys, parseKeys);
  g.alpha = flag("alpha", f.alpha, parseAlpha);
  g.hotFraction = flag("hot-fraction", f["hot-fraction"], (v) => parseShare(v));
  g.hotRequestFraction = flag("hot-requests", f["hot-requests"], (v) => parseShare(v, true));
  const hot = g.hotFraction !== undefined || g.hotRequestFraction !== undefined;
  if (hot && g.keys === undefined) g.keys = "hotspot";
  if (g.alpha !== undefined && g.keys === undefined) g.keys = "zipf";
  if (g.alpha !== undefined && g.keys !== "zipf")
    throw new InputError(`--alpha: applies to --keys zipf, not ${g.keys}`);
  if (hot && g.keys !== "hotspot") {
    throw new InputError(
      `--${g.hotFraction !== undefined ? "hot-fraction" : "hot-requests"}: applies to --keys hotspot, not ${g.keys}`,
    );
  }
  g.scanFraction = flag("scans", f.scans, (v) => parseShare(v));
  g.scanLength = flag("scan-length", f["scan-length"], (v) => parseCount(v, Number.MAX_SAFE_INTEGER));
  if (g.scanLength !== undefined && g.scanFraction === undefined) {
    throw new InputError("--scan-length: give --scans too (the share of requests that are scans)");
  }
  if (g.scanLength !== undefined && g.scanLength > (g.objects ?? DEFAULTS.objects)) {
    throw new InputError(`--scan-length: ${g.scanLength} is more than the ${g.objects ?? DEFAULTS.objects} objects`);
  }
  g.sizes = flag("sizes", f.sizes, parseSizes);
  g.unit = flag("unit", f.unit, parseUnit);
  g.capacity = flag("capacity", f.capacity, (v) => parseCapacityList(v, g.unit ?? DEFAULTS.unit));
  g.eviction = flag("eviction", f.eviction, (v) => parseEvictionList(v, cwd));
  g.out = flag("out", f.out, (v) => checkOut(v, cwd, f.force === true));
  return g;
}

/** The name implied by --out (its file name without extension), when it is a usable name. */
export function nameFromOut(out: string): string | undefined {
  const stem = basename(out, extname(out));
  return NAME.test(stem) ? stem : undefined;
}

/** Fills every answer the flags left open with its default; lists the ones that were defaulted. */
export function withDefaults(g: Given, cwd: string, force = false): { answers: InitAnswers; defaulted: string[] } {
  const defaulted: string[] = [];
  const pick = <T>(label: string, v: T | undefined, d: () => T): T => {
    if (v !== undefined) return v;
    defaulted.push(label);
    return d();
  };
  const name = g.name ?? (g.out ? nameFromOut(g.out) : undefined) ?? pick("name", undefined, () => DEFAULTS.name);
  let workload: SyntheticAnswers | TraceAnswers;
  if (g.workload === "trace") {
    if (!g.trace) throw new InputError("--workload trace: give the file with --trace FILE");
    workload = { type: "trace", ...g.trace, format: g.format ?? traceFormat(g.trace.path, undefined) };
  } else {
    if (g.workload === undefined) defaulted.push("workload");
    const objects = pick("objects", g.objects, () => DEFAULTS.objects);
    const requests = pick("requests", g.requests, () => DEFAULTS.requests);
    const keys = pick("keys", g.keys, () => DEFAULTS.keys);
    workload = {
      type: "synthetic",
      objects,
      requests,
      keys,
      alpha: keys === "zipf" ? pick("alpha", g.alpha, () => DEFAULTS.alpha) : DEFAULTS.alpha,
      hotFraction: keys === "hotspot" ? pick("hot-fraction", g.hotFraction, () => DEFAULTS.hotFraction) : 0,
      hotRequestFraction:
        keys === "hotspot" ? pick("hot-requests", g.hotRequestFraction, () => DEFAULTS.hotRequestFraction) : 0,
      scans:
        g.scanFraction === undefined
          ? undefined
          : { fraction: g.scanFraction, length: g.scanLength ?? defaultScanLength(objects) },
      sizes: pick("sizes", g.sizes, () => ({ dist: "fixed", size: DEFAULTS.size })),
    };
  }
  const unit = pick("unit", g.unit, () => DEFAULTS.unit);
  const capacity = pick("capacity", g.capacity, () => parseCapacityList(DEFAULTS.capacity, unit));
  const eviction = pick("eviction", g.eviction, () => parseEvictionList(DEFAULT_EVICTION.join(","), cwd));
  const out = g.out ?? pick("out", undefined, () => checkOut(shownPath(defaultOut(name, cwd), cwd), cwd, force));
  return {
    answers: { name, seed: pick("seed", g.seed, () => DEFAULTS.seed), workload, unit, capacity, eviction, out },
    defaulted,
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering

const FLOW = { lineWidth: 0, collectionStyle: "flow", flowCollectionPadding: true } as const;

/** One YAML value, quoted when it has to be, collections in flow style. */
function y(v: unknown): string {
  return stringify(v, FLOW).trimEnd();
}

const num = (n: number) => n.toLocaleString("en-US");
const pct = (f: number) => `${Number((f * 100).toPrecision(10))}%`;

function listText(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** `key: value` padded so that trailing comments line up. */
function field(indent: string, key: string, value: string, comment?: string): string {
  const text = `${indent}${key}: ${value}`;
  return comment ? `${text.padEnd(34)} # ${comment}` : text;
}

function posix(p: string): string {
  return p.split(sep).join("/");
}

/** A path as written in the scenario: relative to the scenario's folder unless the user gave it absolute. */
function pathFromScenario(out: string, target: string, absolute: boolean): string {
  if (absolute) return target;
  const rel = posix(relative(dirname(out), target));
  return rel.startsWith(".") ? rel : `./${rel}`;
}

function evictionValue(ref: PolicyRef, out: string): unknown {
  if (ref.module) {
    const path = pathFromScenario(out, ref.module, isAbsolute(ref.name));
    const params = Object.entries(ref.params).map(([k, v]) => `:${k}=${v}`);
    return `${path}${params.join("")}`;
  }
  return Object.keys(ref.params).length > 0 ? { name: ref.name, params: ref.params } : ref.name;
}

function evictionLabel(ref: PolicyRef): string {
  return isModulePath(ref.name) ? basename(ref.name) : ref.name;
}

/** Words of `text` in lines of at most `width` characters, each starting with `prefix`. */
export function wrap(text: string, prefix: string, width = 100): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(prefix + line);
  return lines;
}

/** What the workload is, in a sentence or two, for the header. */
function describeWorkload(w: SyntheticAnswers | TraceAnswers): string {
  if (w.type === "trace") return `the recorded trace ${basename(w.path)} (${w.format}), replayed request by request.`;
  const size = `${num(w.requests)} requests over ${num(w.objects)} objects`;
  let text =
    w.keys === "zipf"
      ? `${size} with Zipf(${w.alpha}) popularity: a few popular objects draw most requests, as in web, CDN and key-value traffic.`
      : w.keys === "hotspot"
        ? `${size} where ${pct(w.hotFraction)} of the objects (the hot set) draw ${pct(w.hotRequestFraction)} of the requests.`
        : `${size}, every object equally likely: no locality, so every policy's hit ratio is about the cache's share of the objects (a baseline).`;
  if (w.scans) {
    text += ` ${pct(w.scans.fraction)} of the requests are sequential scans of ${num(w.scans.length)} objects, which flush recency-only policies such as LRU; scan-resistant ones (S3-FIFO, SIEVE, W-TinyLFU, ARC) should hold up.`;
  }
  return text;
}

/**
 * The scenario file for `answers`. `shown` is how the file is named in the "run it" comment (the
 * path the user will type, usually relative to where they ran init).
 */
export function renderScenario(a: InitAnswers, shown: string): string {
  const policies = a.eviction.map(evictionLabel);
  const unitText = a.unit === "objects" ? "objects (every object counts 1)" : "bytes (object sizes add up)";
  const L: string[] = [];
  const header =
    `${a.name}: ${listText(policies)} compared at cache sizes ${listText(a.capacity)}, counted in ${unitText}, ` +
    `on ${describeWorkload(a.workload)} It shows which policy misses least at each size, and how much a bigger cache buys.`;
  L.push(...wrap(header, "# "));
  L.push("#");
  L.push(`# Run it:        cachelab simulate ${shown}`);
  L.push(`# Vary it:       cachelab simulate ${shown} --eviction lru,arc --capacity 5%`);
  L.push("# All policies:  cachelab policies");
  L.push('# Written by `cachelab init`; every field is described in the README ("Scenario format").');
  L.push(field("", "name", y(a.name), "names the results written under reports/"));
  L.push(
    field(
      "",
      "seed",
      y(a.seed),
      a.workload.type === "synthetic"
        ? "same seed, same requests and results, byte for byte"
        : "for random policies: same seed, same results",
    ),
  );
  L.push("");

  const w = a.workload;
  if (w.type === "trace") {
    L.push("# The requests to replay: a trace file.");
    L.push("workload:");
    L.push(field("  ", "type", "trace"));
    L.push(
      field(
        "  ",
        "path",
        y(pathFromScenario(a.out, w.path, w.absolute)),
        w.absolute ? "absolute" : "relative to this file's folder",
      ),
    );
    L.push(field("  ", "format", y(w.format), FORMAT_NAMES.join(" | ")));
    if (w.format === "csv") {
      L.push("  # Which columns hold what, by header name or 1-based number (default: from the header):");
      L.push("  # csv: { header: auto, time: 1, id: 2, size: 3, op: 4 }");
    }
  } else {
    L.push("# The requests to replay, generated from the seed.");
    L.push("workload:");
    L.push(field("  ", "type", "synthetic"));
    L.push(field("  ", "requests", y(w.requests), "how many requests to generate"));
    L.push(field("  ", "objects", y(w.objects), "distinct objects the requests pick from"));
    if (w.keys === "zipf") {
      L.push("  # Which object each request asks for. Zipf: the k-th most popular object is requested in");
      L.push("  # proportion to 1/k^alpha; alpha 0 is uniform, web and CDN traffic is about 0.6-1.2, and the");
      L.push("  # higher it is, the more a small cache catches.");
      L.push(field("  ", "keys", y({ dist: "zipf", alpha: w.alpha })));
    } else if (w.keys === "hotspot") {
      L.push("  # Which object each request asks for. Hotspot: a hot set of hotFraction of the objects gets");
      L.push("  # hotRequestFraction of the requests; inside each set every object is equally likely.");
      L.push(
        field(
          "  ",
          "keys",
          y({ dist: "hotspot", hotFraction: w.hotFraction, hotRequestFraction: w.hotRequestFraction }),
        ),
      );
    } else {
      L.push("  # Which object each request asks for. Uniform: every object equally likely (no locality).");
      L.push(field("  ", "keys", y({ dist: "uniform" })));
    }
    if (w.scans) {
      L.push("  # Sequential scans mixed in (a backup, a batch job, a crawler): this share of the requests");
      L.push("  # comes in runs of `length` consecutive objects, each run starting at a random object.");
      L.push(field("  ", "scans", y({ fraction: w.scans.fraction, length: w.scans.length })));
    }
    if (w.sizes.dist === "fixed") {
      if (a.unit === "objects") {
        L.push("  # Object size. Capacity counts objects here, so sizes only show in byte counters and in");
        L.push(
          "  # traces written by `cachelab trace generate`. Varied sizes: { dist: lognormal, median: 4KiB, sigma: 1 }",
        );
      } else {
        L.push("  # Object size: every object the same, so it decides how many fit in each cache size.");
        L.push("  # Varied sizes: { dist: lognormal, median: 4KiB, sigma: 1 }");
      }
      L.push(field("  ", "sizes", y(w.sizes.size)));
    } else {
      L.push("  # Object sizes: lognormal around the median; sigma is the spread (1: most sizes within");
      L.push("  # 0.37x-2.7x of the median). Counted in bytes, a big object takes the room of many small ones.");
      L.push(field("  ", "sizes", y({ dist: "lognormal", median: w.sizes.median, sigma: w.sizes.sigma })));
    }
  }
  L.push("");
  L.push("# The caches to compare: every eviction policy runs at every capacity.");
  L.push("cache:");
  L.push(field("  ", "unit", a.unit, "what capacity counts: objects or bytes"));
  L.push("  # Cache sizes: a count (4897), a byte size (64MiB; unit bytes only) or a share of the working");
  L.push("  # set (1% of the distinct objects, or of their bytes).");
  L.push(field("  ", "capacity", y(a.capacity.map((s) => (/^\d+$/.test(s) ? Number(s) : s)))));
  L.push("  # Eviction policies (`cachelab policies` lists them with their parameters). Set a parameter with");
  L.push("  # { name: clock, params: { bits: 2 } }; a policy of your own is a module path: ./my-policy.js");
  L.push(field("  ", "eviction", y(a.eviction.map((r) => evictionValue(r, a.out)))));
  L.push(
    field("  # ", "admission", "tinylfu", "optional filter in front of every cache: tinylfu, size, probabilistic"),
  );
  L.push(field("  ", "warmup", "0", "requests replayed before counting starts: a count or a share like 10%"));
  return `${L.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// Checking and writing

/** Parses `text` back and validates it; throws InputError naming `label` and the field otherwise. */
export function checkScenarioText(text: string, label: string) {
  const r = scenarioFileSchema.safeParse(parseYaml(text));
  if (!r.success) throw new InputError(`generated an invalid scenario (a bug): ${describeIssue(label, r.error)}`);
  return r.data;
}

/** Writes the file (creating its folder); refuses to replace an existing one unless `force`. */
export function writeScenario(path: string, text: string, force: boolean, shownPath = path): void {
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, text, { flag: force ? "w" : "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") {
      throw new InputError(`${shownPath} already exists; pass --force to overwrite it, or choose another path`);
    }
    throw e;
  }
}

/** How to name `path` for the user: relative to `cwd` when inside it, absolute otherwise. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : posix(rel);
}

// ---------------------------------------------------------------------------------------------
// Questions on a terminal

/** Where the prompts read keys and draw (tests pass streams; the command uses the terminal). */
export interface PromptIO {
  input?: Readable;
  output?: Writable;
}

/** Thrown when the user cancels a prompt (Ctrl-C, Esc): nothing has been written. */
export class Cancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "Cancelled";
  }
}

/** A clack validator from a check: the check's message, or undefined when the text is fine. */
function validator(check: (v: string) => unknown, def: string | undefined) {
  return (v: string | undefined): string | undefined => {
    if (v === undefined || v.trim() === "") {
      if (def === undefined) return "required";
      v = def;
    }
    try {
      check(v);
      return undefined;
    } catch (e) {
      if (e instanceof InputError) return e.message;
      throw e;
    }
  };
}

/**
 * Asks for every answer the flags left open (each question shows its default; Enter takes it), then
 * returns the complete answers. Throws Cancelled when the user cancels.
 */
export async function askAnswers(g: Given, cwd: string, force: boolean, io: PromptIO = {}): Promise<InitAnswers> {
  const p = await import("@clack/prompts");
  const done = <T>(v: T): Exclude<T, symbol> => {
    if (p.isCancel(v)) {
      p.cancel("cancelled", io);
      throw new Cancelled();
    }
    return v as Exclude<T, symbol>;
  };
  /** A text question with a default; returns the checked value. */
  const ask = async <T>(message: string, def: string, check: (v: string) => T, hint?: string): Promise<T> => {
    const v = done(
      await p.text({
        ...io,
        message: hint ? `${message} ${hint}` : message,
        placeholder: def,
        defaultValue: def,
        validate: validator(check, def),
      }),
    );
    return check(v === "" ? def : v);
  };

  p.intro("cachelab init: write a commented scenario file", io);
  const name =
    g.name ??
    (await ask("Scenario name?", (g.out && nameFromOut(g.out)) ?? DEFAULTS.name, checkName, "(names the file)"));

  type Kind = (typeof KINDS)[number]["value"];
  const synthetic = g.workload === "synthetic" || SYNTHETIC_GIVEN.some((k) => g[k] !== undefined);
  const kind: Kind =
    g.workload === "trace"
      ? "trace"
      : (g.keys ??
        done(
          await p.select<Kind>({
            ...io,
            message: synthetic ? "Which synthetic workload?" : "Which workload?",
            options: KINDS.filter((k) => !synthetic || k.value !== "trace"),
            initialValue: g.scanFraction !== undefined ? "scan-mix" : "zipf",
          }),
        ));

  let workload: SyntheticAnswers | TraceAnswers;
  if (kind === "trace") {
    const trace = g.trace ?? (await askTrace(p, done, cwd, io));
    let format = g.format;
    if (format === undefined) {
      let detected: string | undefined;
      try {
        detected = traceFormat(trace.path, undefined);
      } catch {
        detected = undefined;
      }
      format = done(
        await p.select<string>({
          ...io,
          message: "Trace format?",
          options: FORMAT_NAMES.map((f) => ({ value: f, hint: f === detected ? "detected" : undefined })),
          initialValue: detected ?? FORMAT_NAMES[0],
        }),
      );
    }
    workload = { type: "trace", ...trace, format };
  } else {
    const objects =
      g.objects ??
      (await ask(
        "How many distinct objects?",
        String(DEFAULTS.objects),
        (v) => parseCount(v, MAX_OBJECTS),
        "(100k, 1M…)",
      ));
    const requests =
      g.requests ??
      (await ask("How many requests?", String(DEFAULTS.requests), (v) => parseCount(v, Number.MAX_SAFE_INTEGER)));
    const keys: KeysKind = kind === "scan-mix" ? "zipf" : kind;
    const alpha =
      keys === "zipf"
        ? (g.alpha ??
          (await ask(
            "Zipf alpha?",
            String(DEFAULTS.alpha),
            parseAlpha,
            "(0 uniform, ~0.6-1.2 web; higher = more skewed)",
          )))
        : DEFAULTS.alpha;
    let hotFraction = 0;
    let hotRequestFraction = 0;
    if (keys === "hotspot") {
      hotFraction =
        g.hotFraction ??
        (await ask("Share of the objects that are hot?", pct(DEFAULTS.hotFraction), (v) => parseShare(v)));
      hotRequestFraction =
        g.hotRequestFraction ??
        (await ask("Share of the requests that go to them?", pct(DEFAULTS.hotRequestFraction), (v) =>
          parseShare(v, true),
        ));
    }
    let scans: SyntheticAnswers["scans"];
    const scanFraction =
      g.scanFraction ??
      (kind === "scan-mix"
        ? await ask("Share of the requests that are sequential scans?", pct(DEFAULTS.scanFraction), (v) =>
            parseShare(v),
          )
        : undefined);
    if (scanFraction !== undefined) {
      const length =
        g.scanLength ??
        (await ask(
          "Objects per scan?",
          String(defaultScanLength(objects)),
          (v) => {
            const n = parseCount(v, Number.MAX_SAFE_INTEGER);
            if (n > objects) throw new InputError(`at most the ${num(objects)} objects`);
            return n;
          },
          "(about the cache size flushes it)",
        ));
      scans = { fraction: scanFraction, length };
    }
    workload = {
      type: "synthetic",
      objects,
      requests,
      keys,
      alpha,
      hotFraction,
      hotRequestFraction,
      scans,
      sizes: g.sizes ?? { dist: "fixed", size: DEFAULTS.size },
    };
  }

  const unit =
    g.unit ??
    done(
      await p.select<Unit>({
        ...io,
        message: "What does cache capacity count?",
        options: [
          { value: "objects", label: "objects", hint: "every object counts 1" },
          { value: "bytes", label: "bytes", hint: "object sizes add up" },
        ],
        initialValue: DEFAULTS.unit,
      }),
    );
  if (workload.type === "synthetic" && unit === "bytes" && g.sizes === undefined) {
    const dist = done(
      await p.select<"fixed" | "lognormal">({
        ...io,
        message: "Object sizes?",
        options: [
          { value: "fixed", label: "fixed", hint: "every object the same size" },
          { value: "lognormal", label: "lognormal", hint: "varied: most near a median, a long tail of big ones" },
        ],
        initialValue: "lognormal",
      }),
    );
    const size = await ask(
      dist === "fixed" ? "Object size?" : "Median object size?",
      DEFAULTS.size,
      checkSize,
      "(4096, 4KiB, 1MiB…)",
    );
    workload.sizes = dist === "fixed" ? { dist, size } : { dist, median: size, sigma: DEFAULTS.sigma };
  }
  const capacity =
    g.capacity ??
    (await ask(
      "Cache sizes, comma-separated?",
      DEFAULTS.capacity,
      (v) => parseCapacityList(v, unit),
      unit === "objects" ? "(counts like 1000, or shares like 1%)" : "(64MiB, 1GiB, or shares like 1%)",
    ));
  const eviction =
    g.eviction ??
    parseEvictionList(
      done(
        await p.multiselect<string>({
          ...io,
          message: "Eviction policies to compare? (space toggles, enter confirms)",
          options: Object.values(evictionPolicies).map((s) => ({ value: s.name, hint: shorten(s.summary) })),
          initialValues: DEFAULT_EVICTION,
          required: true,
          maxItems: 10,
        }),
      )
        .sort((x, y) => REGISTRY_ORDER.indexOf(x) - REGISTRY_ORDER.indexOf(y))
        .join(","),
      cwd,
    );
  const out =
    g.out ??
    (await ask("Write the scenario to?", shownPath(defaultOut(name, cwd), cwd), (v) => checkOut(v, cwd, force)));
  return { name, seed: g.seed ?? DEFAULTS.seed, workload, unit, capacity, eviction, out };
}

const REGISTRY_ORDER = Object.values(evictionPolicies).map((s) => s.name as string);

const SYNTHETIC_GIVEN = ["objects", "requests", "scanFraction", "scanLength", "sizes"] as const;

const KINDS: { value: "zipf" | "hotspot" | "scan-mix" | "uniform" | "trace"; label: string; hint: string }[] = [
  { value: "zipf", label: "synthetic: Zipf", hint: "skewed popularity, like web and CDN traffic" },
  { value: "hotspot", label: "synthetic: hotspot", hint: "a hot set draws most requests" },
  { value: "scan-mix", label: "synthetic: scan mix", hint: "Zipf plus sequential scans (scan resistance)" },
  { value: "uniform", label: "synthetic: uniform", hint: "no locality: a baseline" },
  { value: "trace", label: "a trace file", hint: "oracleGeneral, vscsi, csv, txt, twitter" },
];

function shorten(s: string): string {
  return s.length > 70 ? `${s.slice(0, 69)}…` : s;
}

async function askTrace(
  p: typeof import("@clack/prompts"),
  done: <T>(v: T) => Exclude<T, symbol>,
  cwd: string,
  io: PromptIO,
): Promise<{ path: string; absolute: boolean }> {
  const v = done(
    await p.text({
      ...io,
      message: "Path of the trace file?",
      placeholder: "traces/my.oracleGeneral.bin",
      validate: validator((t) => checkTracePath(t, cwd), undefined),
    }),
  );
  return checkTracePath(v, cwd);
}
