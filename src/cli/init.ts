// `cachelab init` without questions: its flags turned into answers (each checked with the same
// function a question uses, the message prefixed with the flag's name), and every answer the flags
// leave open filled with its default from src/scenario/defaults.ts.
import { InputError } from "../core/errors.js";
import {
  checkName,
  checkOut,
  checkTracePath,
  defaultOut,
  type Given,
  type InitAnswers,
  MAX_OBJECTS,
  nameFromOut,
  parseAlpha,
  parseCapacityList,
  parseCount,
  parseEvictionList,
  parseKeys,
  parseSeed,
  parseShare,
  parseSizes,
  parseUnit,
  type SyntheticAnswers,
  shownPath,
  type TraceAnswers,
  traceFormat,
} from "../scenario/answers.js";
import {
  DEFAULT_ALPHA,
  DEFAULT_CAPACITY,
  DEFAULT_EVICTION,
  DEFAULT_HOT_FRACTION,
  DEFAULT_HOT_REQUEST_FRACTION,
  DEFAULT_KEYS,
  DEFAULT_OBJECT_SIZE,
  DEFAULT_OBJECTS,
  DEFAULT_REQUESTS,
  DEFAULT_SCENARIO_NAME,
  DEFAULT_SEED,
  DEFAULT_UNIT,
  defaultScanLength,
} from "../scenario/defaults.js";
import { checkScenarioText, renderScenario, writeScenario } from "../scenario/template.js";
import { formatByName } from "../workload/formats.js";

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
  if (g.scanLength !== undefined && g.scanLength > (g.objects ?? DEFAULT_OBJECTS)) {
    throw new InputError(`--scan-length: ${g.scanLength} is more than the ${g.objects ?? DEFAULT_OBJECTS} objects`);
  }
  g.sizes = flag("sizes", f.sizes, parseSizes);
  g.unit = flag("unit", f.unit, parseUnit);
  g.capacity = flag("capacity", f.capacity, (v) => parseCapacityList(v, g.unit ?? DEFAULT_UNIT));
  g.eviction = flag("eviction", f.eviction, (v) => parseEvictionList(v, cwd));
  g.out = flag("out", f.out, (v) => checkOut(v, cwd, f.force === true));
  return g;
}

/** Fills every answer the flags left open with its default; lists the ones that were defaulted. */
export function withDefaults(g: Given, cwd: string, force = false): { answers: InitAnswers; defaulted: string[] } {
  const defaulted: string[] = [];
  const pick = <T>(label: string, v: T | undefined, d: () => T): T => {
    if (v !== undefined) return v;
    defaulted.push(label);
    return d();
  };
  const name =
    g.name ?? (g.out ? nameFromOut(g.out) : undefined) ?? pick("name", undefined, () => DEFAULT_SCENARIO_NAME);
  let workload: SyntheticAnswers | TraceAnswers;
  if (g.workload === "trace") {
    if (!g.trace) throw new InputError("--workload trace: give the file with --trace FILE");
    workload = { type: "trace", ...g.trace, format: g.format ?? traceFormat(g.trace.path, undefined) };
  } else {
    if (g.workload === undefined) defaulted.push("workload");
    const objects = pick("objects", g.objects, () => DEFAULT_OBJECTS);
    const requests = pick("requests", g.requests, () => DEFAULT_REQUESTS);
    const keys = pick("keys", g.keys, () => DEFAULT_KEYS);
    workload = {
      type: "synthetic",
      objects,
      requests,
      keys,
      alpha: keys === "zipf" ? pick("alpha", g.alpha, () => DEFAULT_ALPHA) : DEFAULT_ALPHA,
      hotFraction: keys === "hotspot" ? pick("hot-fraction", g.hotFraction, () => DEFAULT_HOT_FRACTION) : 0,
      hotRequestFraction:
        keys === "hotspot" ? pick("hot-requests", g.hotRequestFraction, () => DEFAULT_HOT_REQUEST_FRACTION) : 0,
      scans:
        g.scanFraction === undefined
          ? undefined
          : { fraction: g.scanFraction, length: g.scanLength ?? defaultScanLength(objects) },
      sizes: pick("sizes", g.sizes, () => ({ dist: "fixed", size: DEFAULT_OBJECT_SIZE })),
    };
  }
  const unit = pick("unit", g.unit, () => DEFAULT_UNIT);
  const capacity = pick("capacity", g.capacity, () => parseCapacityList(DEFAULT_CAPACITY.join(","), unit));
  const eviction = pick("eviction", g.eviction, () => parseEvictionList(DEFAULT_EVICTION.join(","), cwd));
  const out = g.out ?? pick("out", undefined, () => checkOut(shownPath(defaultOut(name, cwd), cwd), cwd, force));
  return {
    answers: { name, seed: pick("seed", g.seed, () => DEFAULT_SEED), workload, unit, capacity, eviction, out },
    defaulted,
  };
}

/**
 * `cachelab init`: the answers from the flags, from questions when both ends are a terminal (a
 * prompt without one never resolves), else from the defaults (noted on stderr unless --yes); then
 * the file, validated, written. Returns the path written, or undefined when the user cancelled.
 */
export async function init(flags: InitFlags, cwd: string, note: (line: string) => void): Promise<string | undefined> {
  const given = parseFlags(flags, cwd);
  const force = flags.force === true;
  const interactive = !flags.yes && process.stdin.isTTY === true && process.stdout.isTTY === true;

  let answers: InitAnswers;
  if (interactive) {
    const { askAnswers, Cancelled } = await import("../ui/wizards/init.js");
    try {
      answers = await askAnswers(given, cwd, force);
    } catch (e) {
      if (e instanceof Cancelled) return undefined;
      throw e;
    }
  } else {
    const filled = withDefaults(given, cwd, force);
    answers = filled.answers;
    if (!flags.yes && filled.defaulted.length > 0) {
      note(
        `cachelab: no terminal to ask on, so defaults were used for: ${filled.defaulted.join(", ")} (pass --yes to silence this)`,
      );
    }
  }

  const shown = shownPath(answers.out, cwd);
  const text = renderScenario(answers, shown);
  checkScenarioText(text, shown);
  writeScenario(answers.out, text, force, shown);
  if (interactive) {
    const { outro } = await import("@clack/prompts");
    outro(`Wrote ${shown}. Run it: cachelab simulate ${shown}`);
  } else {
    process.stdout.write(`wrote ${shown}\nrun it: cachelab simulate ${shown}\n`);
  }
  return answers.out;
}
