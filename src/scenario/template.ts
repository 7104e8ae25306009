// The scenario file `cachelab init` writes: answers in, commented YAML text out (renderScenario() is
// pure). The text is a hand-written template whose values are written by the `yaml` package (so
// quoting is always right) and whose comments therefore never get lost; checkScenarioText() parses
// it back through the real schema before anything is written.
import { mkdirSync } from "node:fs";
import { basename, dirname, isAbsolute, relative } from "node:path";
import { stringify } from "yaml";
import { InputError } from "../core/errors.js";
import { writeError, writeFileSafely } from "../core/output-file.js";
import { isModulePath, type PolicyRef } from "../policies/resolve.js";
import { FORMAT_NAMES } from "../workload/formats.js";
import { type InitAnswers, posix, type SyntheticAnswers, type TraceAnswers } from "./answers.js";
import { DEFAULT_WARMUP } from "./defaults.js";
import { parseScenarioText, type Scenario } from "./schema.js";

const FLOW = { lineWidth: 0, collectionStyle: "flow", flowCollectionPadding: true } as const;

/** One YAML value, quoted when it has to be, collections in flow style. */
function y(v: unknown): string {
  return stringify(v, FLOW).trimEnd();
}

export const num = (n: number) => n.toLocaleString("en-US");
export const pct = (f: number) => `${Number((f * 100).toPrecision(10))}%`;

function listText(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** `key: value` padded so that trailing comments line up. */
function field(indent: string, key: string, value: string, comment?: string): string {
  const text = `${indent}${key}: ${value}`;
  return comment ? `${text.padEnd(34)} # ${comment}` : text;
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
  L.push(
    field("  ", "warmup", y(DEFAULT_WARMUP), "requests replayed before counting starts: a count or a share like 10%"),
  );
  return `${L.join("\n")}\n`;
}
// ---------------------------------------------------------------------------------------------
// Checking and writing

/** Parses `text` back and validates it; throws InputError naming `label` and the field otherwise. */
export function checkScenarioText(text: string, label: string): Scenario {
  try {
    return parseScenarioText(text, label);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`generated an invalid scenario (a bug): ${e.message}`);
    throw e;
  }
}

/** Writes the file (creating its folder); refuses to replace an existing one unless `force`. */
export function writeScenario(path: string, text: string, force: boolean, shownPath = path): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw writeError(shownPath, e);
  }
  try {
    // atomic (temp + rename): a failed write never truncates the scenario --force would replace
    writeFileSafely(path, text, !force);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") {
      throw new InputError(`${shownPath} already exists; pass --force to overwrite it, or choose another path`);
    }
    throw writeError(shownPath, e);
  }
}
