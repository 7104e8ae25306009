// The questions of `cachelab init` on a terminal (@clack/prompts): every answer the flags left open
// is asked, showing its default (Enter takes it) and checking the text with the same function a flag
// goes through (src/scenario/answers.ts), so a bad answer gets the check's message inline.

import type { Readable, Writable } from "node:stream";
import { InputError } from "../../core/errors.js";
import type { Unit } from "../../core/unit.js";
import { evictionPolicies } from "../../policies/eviction/registry.js";
import {
  checkName,
  checkOut,
  checkSize,
  checkTracePath,
  defaultOut,
  type Given,
  type InitAnswers,
  type KeysKind,
  MAX_OBJECTS,
  nameFromOut,
  parseAlpha,
  parseCapacityList,
  parseCount,
  parseEvictionList,
  parseShare,
  type SyntheticAnswers,
  shownPath,
  type TraceAnswers,
  traceFormat,
} from "../../scenario/answers.js";
import {
  DEFAULT_ALPHA,
  DEFAULT_CAPACITY,
  DEFAULT_EVICTION,
  DEFAULT_HOT_FRACTION,
  DEFAULT_HOT_REQUEST_FRACTION,
  DEFAULT_OBJECT_SIZE,
  DEFAULT_OBJECTS,
  DEFAULT_REQUESTS,
  DEFAULT_SCAN_FRACTION,
  DEFAULT_SCENARIO_NAME,
  DEFAULT_SEED,
  DEFAULT_SIGMA,
  DEFAULT_UNIT,
  defaultScanLength,
} from "../../scenario/defaults.js";
import { num, pct } from "../../scenario/template.js";
import { FORMAT_NAMES } from "../../workload/formats.js";

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
    (await ask(
      "Scenario name?",
      (g.out && nameFromOut(g.out)) ?? DEFAULT_SCENARIO_NAME,
      checkName,
      "(names the file)",
    ));

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
        String(DEFAULT_OBJECTS),
        (v) => parseCount(v, MAX_OBJECTS),
        "(100k, 1M…)",
      ));
    const requests =
      g.requests ??
      (await ask("How many requests?", String(DEFAULT_REQUESTS), (v) => parseCount(v, Number.MAX_SAFE_INTEGER)));
    const keys: KeysKind = kind === "scan-mix" ? "zipf" : kind;
    const alpha =
      keys === "zipf"
        ? (g.alpha ??
          (await ask(
            "Zipf alpha?",
            String(DEFAULT_ALPHA),
            parseAlpha,
            "(0 uniform, ~0.6-1.2 web; higher = more skewed)",
          )))
        : DEFAULT_ALPHA;
    let hotFraction = 0;
    let hotRequestFraction = 0;
    if (keys === "hotspot") {
      hotFraction =
        g.hotFraction ??
        (await ask("Share of the objects that are hot?", pct(DEFAULT_HOT_FRACTION), (v) => parseShare(v)));
      hotRequestFraction =
        g.hotRequestFraction ??
        (await ask("Share of the requests that go to them?", pct(DEFAULT_HOT_REQUEST_FRACTION), (v) =>
          parseShare(v, true),
        ));
    }
    let scans: SyntheticAnswers["scans"];
    const scanFraction =
      g.scanFraction ??
      (kind === "scan-mix"
        ? await ask("Share of the requests that are sequential scans?", pct(DEFAULT_SCAN_FRACTION), (v) =>
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
      sizes: g.sizes ?? { dist: "fixed", size: DEFAULT_OBJECT_SIZE },
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
        initialValue: DEFAULT_UNIT,
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
      DEFAULT_OBJECT_SIZE,
      checkSize,
      "(4096, 4KiB, 1MiB…)",
    );
    workload.sizes = dist === "fixed" ? { dist, size } : { dist, median: size, sigma: DEFAULT_SIGMA };
  }
  const capacity =
    g.capacity ??
    (await ask(
      "Cache sizes, comma-separated?",
      DEFAULT_CAPACITY.join(","),
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
          options: POLICY_ORDER.map((name) => ({ value: name, hint: shorten(evictionPolicies[name].summary) })),
          initialValues: [...DEFAULT_EVICTION],
          required: true,
          maxItems: 10,
        }),
      )
        .sort((x, y) => order.indexOf(x) - order.indexOf(y))
        .join(","),
      cwd,
    );
  const out =
    g.out ??
    (await ask("Write the scenario to?", shownPath(defaultOut(name, cwd), cwd), (v) => checkOut(v, cwd, force)));
  return { name, seed: g.seed ?? DEFAULT_SEED, workload, unit, capacity, eviction, out };
}

/**
 * The policies in the order the question lists them and the answer keeps them: the defaults first
 * (so Enter gives exactly DEFAULT_EVICTION, the list `simulate` uses too), then the rest of the
 * registry in its order.
 */
const POLICY_ORDER = [
  ...DEFAULT_EVICTION,
  ...Object.values(evictionPolicies)
    .map((s) => s.name as string)
    .filter((n) => !DEFAULT_EVICTION.includes(n)),
] as (keyof typeof evictionPolicies)[];
const order: readonly string[] = POLICY_ORDER;

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
