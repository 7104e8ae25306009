// The one way the settings of a run are put together: defaults (./defaults.ts) ← scenario file ←
// flags, merged once; the file parsed once; every value checked once and every policy resolved once.
// Every problem is an InputError (exit 2) naming where the bad value came from: the flag, or the
// scenario file and the field (`scenarios/x.yaml: cache.capacity: …`).
//
// Two entry points share the merge:
//   loadRun(file, flags)       → RunRequest: what `simulate` and `demo` run
//   loadSynthetic(file, flags) → the synthetic workload `trace generate` writes
//
// The schema (zod, yaml) is imported only when a scenario file or a synthetic workload is used, so
// `simulate --trace FILE` does not pay for it at start-up.

import { basename, dirname, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import type { Unit } from "../core/unit.js";
import type { EnergyFlags, EnergySettings } from "../energy/settings.js";
import type { AdmissionSpec } from "../policies/admission/types.js";
import type { EvictionSpec } from "../policies/eviction/types.js";
import type { PrefetchSpec } from "../policies/prefetch/types.js";
import { type PolicyRef, parseRef, parseRefList } from "../policies/resolve.js";
import type { SyntheticWorkload } from "../workload/generators/schema.js";
import type { CsvOptions } from "../workload/readers/csv.js";
import { type CapacitySpec, parseCapacity } from "./capacity.js";
import type { ClusterRequest } from "./cluster.js";
import {
  DEFAULT_CAPACITY,
  DEFAULT_EVICTION,
  DEFAULT_OBJECTS,
  DEFAULT_REQUESTS,
  DEFAULT_SEED,
  DEFAULT_UNIT,
  DEFAULT_WARMUP,
  DEFAULT_WINDOW,
} from "./defaults.js";
import { type ResolvedPolicy, refFromInput, resolvePolicy } from "./policies.js";
import type { PolicyRefInput, Scenario } from "./schema.js";

/** The flags of a run; each is optional and wins over the scenario file. */
export interface RunFlags {
  /** A trace to replay instead of a scenario file. */
  trace?: string;
  /** Trace format and CSV column mapping (traces only). */
  format?: string;
  csv?: CsvOptions;
  /** Comma-separated lists, as typed. */
  eviction?: string;
  admission?: string;
  /** Comma-separated prefetchers (`none,markov`). */
  prefetch?: string;
  capacity?: string;
  unit?: string;
  warmup?: string;
  window?: string;
  seed?: number;
  /** --rate, --cloud, --processor, --region, --backend, --energy-profile, --coef. */
  energy?: EnergyFlags;
}

/** The flags of `trace generate` that change the synthetic workload. */
export interface WorkloadFlags {
  /** `zipf[:alpha=A]`, `uniform`, `hotspot[:hotFraction=F:hotRequestFraction=R]`, … */
  keys?: string;
  objects?: number;
  requests?: number;
  /** One size for every object: `4096`, `4KiB`. */
  size?: string;
  seed?: number;
}

/** The requests to replay: a trace file to open, or a validated synthetic workload. */
export type WorkloadSpec =
  | {
      type: "trace";
      /** Path to open (a scenario's relative path resolved against the scenario's folder). */
      path: string;
      /** The path as the user wrote it, for the result's `source.path`. */
      shownPath: string;
      format?: string;
      csv?: CsvOptions;
      /** The scenario file it came from, if any. */
      scenario?: string;
      /** Prefix for errors found when the trace is opened (`file: workload.path`); none for --trace. */
      where?: string;
    }
  | { type: "synthetic"; workload: SyntheticWorkload; scenario?: string };

/** A run with every value checked and every policy resolved: what the simulator runs. */
export interface RunRequest {
  name: string;
  seed: number;
  workload: WorkloadSpec;
  evictions: ResolvedPolicy<EvictionSpec>[];
  admission?: ResolvedPolicy<AdmissionSpec>;
  /** Prefetchers to compare; absent = no prefetching and no `prefetch` section in rows. */
  prefetch?: ResolvedPolicy<PrefetchSpec>[];
  capacities: CapacitySpec[];
  unit: Unit;
  /** Warm-up as a share of the requests, or a count. */
  warmup: { fraction: number } | { requests: number };
  /** Window of the miss-ratio series in requests, or "auto". */
  window: number | "auto";
  /**
   * Energy profile (with overrides), the choice of cloud, processor, region and backend, and the
   * request rate when a flag or the scenario's `energy:` section gives one (else the workload's own).
   */
  energy: EnergySettings;
  /** The scenario's `cluster:` section, resolved (src/scenario/cluster.ts); absent = one cache. */
  cluster?: ClusterRequest;
}

/** A value and where it came from (a flag, or `file: field`), for error messages. */
interface Setting<T> {
  value: T;
  where: string;
}

/** Runs `f`, prefixing an InputError's message with where the value came from. */
function at<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${where}: ${e.message}`);
    throw e;
  }
}

async function atAsync<T>(where: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${where}: ${e.message}`);
    throw e;
  }
}

/** The first of the layers that is set, flags first. */
function pick<T>(...layers: (Setting<T> | undefined)[]): Setting<T> {
  const found = layers.find((l) => l !== undefined);
  if (!found) throw new Error("no layer set"); // the defaults layer always is
  return found;
}

function flag<T>(name: string, value: T | undefined): Setting<T> | undefined {
  return value === undefined ? undefined : { value, where: `--${name}` };
}

/** The scenario's name: its `name`, else the file name without .yaml. */
function scenarioName(file: string, sc: Scenario): string {
  return sc.name ?? basename(file).replace(/\.ya?ml$/, "");
}

/**
 * Puts a run together from a scenario file and/or flags (flags win, defaults fill the rest), checks
 * every value and resolves every policy (user modules are imported here).
 */
export async function loadRun(file: string | undefined, flags: RunFlags = {}): Promise<RunRequest> {
  if (!file && !flags.trace) {
    throw new InputError("give a scenario file or --trace FILE (see 'cachelab simulate --help')");
  }
  if (file && flags.trace) throw new InputError("give either a scenario file or --trace, not both");

  // the file layer: parsed once, each value with the field it came from
  let sc: Scenario | undefined;
  let name: string;
  let workload: WorkloadSpec;
  const field = (f: string) => `${file}: ${f}`;
  if (file) {
    const { readScenario } = await import("./schema.js");
    sc = readScenario(file);
    name = scenarioName(file, sc);
    const w = sc.workload;
    if (w.type === "trace") {
      workload = {
        type: "trace",
        path: resolve(dirname(file), w.path),
        shownPath: w.path,
        format: flags.format ?? w.format,
        csv: flags.csv ?? scenarioCsv(w.csv),
        scenario: file,
        where: field("workload.path"),
      };
    } else {
      if (flags.format !== undefined || flags.csv !== undefined) {
        throw new InputError(`--format and the CSV flags apply to traces; ${file} has a synthetic workload`);
      }
      workload = { type: "synthetic", workload: w, scenario: file };
    }
  } else {
    const path = flags.trace!;
    name = basename(path);
    workload = { type: "trace", path, shownPath: path, format: flags.format, csv: flags.csv };
  }
  const cache = sc?.cache;
  const here = file ? dirname(resolve(file)) : undefined;

  const seed = flags.seed ?? sc?.seed ?? DEFAULT_SEED;
  const unit = pick<string>(flag("unit", flags.unit), cache && { value: cache.unit, where: field("cache.unit") }, {
    value: DEFAULT_UNIT,
    where: "--unit",
  });
  if (unit.value !== "objects" && unit.value !== "bytes") {
    throw new InputError(`${unit.where}: expected objects or bytes, got '${unit.value}'`);
  }

  // policies: parsed where they were written, resolved once
  const evictionInput = pick<(string | PolicyRefInput)[]>(
    flag("eviction", flags.eviction?.split(",")),
    cache && { value: cache.eviction, where: field("cache.eviction") },
    { value: [...DEFAULT_EVICTION], where: "--eviction" },
  );
  const evictionRefs: PolicyRef[] = evictionInput.where.startsWith("--")
    ? at(evictionInput.where, () => parseRefList((evictionInput.value as string[]).join(","), "eviction policy"))
    : evictionInput.value.map((e, i) =>
        at(field(`cache.eviction.${i}`), () => refFromInput(e, "eviction policy", here)),
      );
  if (evictionRefs.length === 0) throw new InputError(`${evictionInput.where}: give at least one policy`);
  const evictions = await atAsync(evictionInput.where, () =>
    Promise.all(evictionRefs.map((r) => resolvePolicy(r, "eviction policy"))),
  );

  let admission: ResolvedPolicy<AdmissionSpec> | undefined;
  const admissionInput =
    flag<string | PolicyRefInput>("admission", flags.admission) ??
    (cache?.admission !== undefined ? { value: cache.admission, where: field("cache.admission") } : undefined);
  if (admissionInput) {
    const ref = at(admissionInput.where, () =>
      admissionInput.where.startsWith("--")
        ? parseRef(admissionInput.value as string, "admission policy")
        : refFromInput(admissionInput.value, "admission policy", here),
    );
    admission = await atAsync(admissionInput.where, () => resolvePolicy(ref, "admission policy"));
  }

  let prefetch: ResolvedPolicy<PrefetchSpec>[] | undefined;
  const prefetchInput =
    flag<string[]>("prefetch", flags.prefetch?.split(",")) ??
    (cache?.prefetch !== undefined ? { value: cache.prefetch, where: field("cache.prefetch") } : undefined);
  if (prefetchInput) {
    const refs: PolicyRef[] = prefetchInput.where.startsWith("--")
      ? at(prefetchInput.where, () => parseRefList((prefetchInput.value as string[]).join(","), "prefetcher"))
      : (prefetchInput.value as (string | PolicyRefInput)[]).map((e, i) =>
          at(field(`cache.prefetch.${i}`), () => refFromInput(e, "prefetcher", here)),
        );
    if (refs.length === 0) throw new InputError(`${prefetchInput.where}: give at least one prefetcher (none = off)`);
    prefetch = await atAsync(prefetchInput.where, () => Promise.all(refs.map((r) => resolvePolicy(r, "prefetcher"))));
  }

  const capacityInput = pick<string[]>(
    flag("capacity", flags.capacity?.split(",")),
    cache && { value: cache.capacity.map(String), where: field("cache.capacity") },
    { value: [...DEFAULT_CAPACITY], where: "--capacity" },
  );
  const texts = capacityInput.value.map((t) => t.trim()).filter((t) => t !== "");
  if (texts.length === 0) throw new InputError(`${capacityInput.where}: give at least one size`);
  const capacities = at(capacityInput.where, () => texts.map((c) => parseCapacity(c, unit.value as Unit)));

  const warmup = pick<string | number>(
    flag("warmup", flags.warmup),
    cache && { value: cache.warmup, where: field("cache.warmup") },
    { value: DEFAULT_WARMUP, where: "--warmup" },
  );
  const window = pick<string | number>(
    flag("window", flags.window),
    cache && { value: cache.window, where: field("cache.window") },
    { value: DEFAULT_WINDOW, where: "--window" },
  );

  const energy = await loadEnergy(sc, file, flags.energy ?? {});
  let cluster: ClusterRequest | undefined;
  if (sc?.cluster && file) {
    const { loadCluster } = await import("./cluster.js");
    cluster = await loadCluster(sc.cluster, file, unit.value as Unit);
  }

  return {
    name,
    seed,
    workload,
    energy,
    evictions,
    admission,
    ...(prefetch ? { prefetch } : {}),
    capacities,
    unit: unit.value,
    warmup: at(warmup.where, () => parseWarmup(warmup.value)),
    window: at(window.where, () => parseWindow(window.value)),
    ...(cluster ? { cluster } : {}),
  };
}

/**
 * The energy settings: profile ← scenario `energy:` ← flags. A profile file or an override is read
 * and checked now, and the cloud, processor, region and backend looked up, so a bad one fails before
 * anything is simulated. Without a profile file or overrides the shipped profile is used as is (no
 * zod or yaml at start-up).
 */
async function loadEnergy(
  sc: Scenario | undefined,
  file: string | undefined,
  flags: EnergyFlags,
): Promise<EnergySettings> {
  const section = sc?.energy;
  let settings: EnergySettings;
  if (section || flags["energy-profile"] !== undefined || (flags.coef?.length ?? 0) > 0) {
    const { energySettings } = await import("../energy/settings.js");
    settings = energySettings(section, file, flags);
  } else {
    const { defaultProfile } = await import("../energy/profiles/default.js");
    settings = {
      profile: defaultProfile,
      choice: { cloud: flags.cloud, processor: flags.processor, region: flags.region, backend: flags.backend },
      requestRatePerS: flags.rate,
    };
  }
  const { resolveChoice } = await import("../energy/model.js");
  const fromFile = section && !(flags.cloud || flags.processor || flags.region || flags.backend);
  at(fromFile ? `${file}: energy` : "energy", () => resolveChoice(settings.profile, settings.choice));
  return settings;
}

/** The synthetic workload of a scenario file, or the default one, with `trace generate`'s flags applied. */
export async function loadSynthetic(
  file: string | undefined,
  flags: WorkloadFlags = {},
): Promise<{ name: string; seed: number; workload: SyntheticWorkload; scenario?: string }> {
  const { readScenarioDocument, parseScenario } = await import("./schema.js");
  const { syntheticWorkload } = await import("../workload/generators/schema.js");
  const { describeIssue } = await import("../core/zod-error.js");

  // each flag checked on its own first, so a bad value is reported against the flag
  const overrides: Record<string, unknown> = {};
  const check = (name: string, key: string, value: unknown) => {
    const r = syntheticWorkload.safeParse({ type: "synthetic", requests: 1, objects: 1, [key]: value });
    const issue = r.error?.issues.find((i) => i.path[0] === key);
    if (r.error && issue) {
      const msg = describeIssue(`--${name}`, { ...r.error, issues: [issue] } as typeof r.error);
      throw new InputError(
        msg.replace(`--${name}: ${key}.`, `--${name}: `).replace(`--${name}: ${key}: `, `--${name}: `),
      );
    }
    overrides[key] = value;
  };
  if (flags.keys !== undefined) {
    const ref = at("--keys", () => parseRef(flags.keys!, "key distribution"));
    check("keys", "keys", { dist: ref.name, ...ref.params });
  }
  if (flags.objects !== undefined) check("objects", "objects", flags.objects);
  if (flags.requests !== undefined) check("requests", "requests", flags.requests);
  if (flags.size !== undefined) check("size", "sizes", flags.size);

  if (file) {
    const doc = readScenarioDocument(file);
    const w = doc.workload as Record<string, unknown> | undefined;
    if (w && typeof w === "object" && w.type === "trace") {
      throw new InputError(`${file}: the workload is a trace already`);
    }
    // flags replace the file's fields before the one parse (never a parsed value parsed again)
    const sc = parseScenario({ ...doc, workload: w && typeof w === "object" ? { ...w, ...overrides } : w }, file);
    if (sc.workload.type !== "synthetic") throw new InputError(`${file}: the workload is a trace already`);
    return { name: scenarioName(file, sc), seed: flags.seed ?? sc.seed, workload: sc.workload, scenario: file };
  }
  const raw = { type: "synthetic", requests: DEFAULT_REQUESTS, objects: DEFAULT_OBJECTS, ...overrides };
  const r = syntheticWorkload.safeParse(raw);
  if (!r.success) throw new InputError(describeIssue("workload", r.error));
  return { name: "synthetic", seed: flags.seed ?? DEFAULT_SEED, workload: r.data };
}

/** `10%` → a share; `1000` → a count. */
export function parseWarmup(w: string | number): RunRequest["warmup"] {
  if (typeof w === "number") return { requests: w };
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(w.trim());
  if (pct) {
    const f = Number(pct[1]) / 100;
    if (f >= 1) throw new InputError(`'${w}' must be below 100%`);
    return { fraction: f };
  }
  return { requests: wholeNumber(w, 0, "or a share like 10%") };
}

/** `auto` or a whole number of requests ≥ 1. */
export function parseWindow(w: string | number): number | "auto" {
  if (w === "auto") return "auto";
  if (typeof w === "number") return w;
  return wholeNumber(w, 1);
}

function wholeNumber(s: string, min: number, alt = ""): number {
  const n = Number(s);
  if (s.trim() === "" || !Number.isSafeInteger(n) || n < min) {
    throw new InputError(`'${s}' is not a whole number ≥ ${min}${alt ? ` ${alt}` : ""}`);
  }
  return n;
}

type TraceCsv = NonNullable<Extract<Scenario["workload"], { type: "trace" }>["csv"]>;

/** A scenario's `csv:` section as the CSV reader's options. */
function scenarioCsv(c: TraceCsv | undefined): CsvOptions | undefined {
  if (!c) return undefined;
  const col = (v: string | number | undefined) => (v === undefined ? undefined : String(v));
  return {
    timeCol: col(c.time),
    idCol: col(c.id),
    sizeCol: col(c.size),
    opCol: col(c.op),
    ttlCol: col(c.ttl),
    regionCol: col(c.region),
    deviceCol: col(c.device),
    header: c.header,
    delimiter: c.delimiter,
  };
}
