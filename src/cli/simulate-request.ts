// Builds a SimulateRequest from a scenario file and/or command-line flags (flags win). Every
// problem is an InputError naming where the bad value came from: the flag, or the scenario file
// and the field.

import { InputError } from "../core/errors.js";
import type { Unit } from "../engine/node.js";
import { type PolicyRef, parseRef, parseRefList, resolveParams } from "../policies/resolve.js";
import { type CapacitySpec, parseCapacity } from "../sim/capacity.js";
import { admissionSpec, evictionSpec } from "../sim/job.js";
import type { SimulateRequest, Workload } from "../sim/simulate.js";
import type { CsvOptions } from "../workload/csv.js";
import { type CsvFlagValues, csvOptionsFromFlags } from "./trace-flags.js";
import { openTraceWorkload } from "./trace-workload.js";
import type { ScenarioFile } from "./workloads.js";

type TraceCsv = NonNullable<Extract<ScenarioFile["workload"], { type: "trace" }>["csv"]>;

export interface SimulateFlags extends CsvFlagValues {
  trace?: string;
  format?: string;
  eviction?: string;
  admission?: string;
  capacity?: string;
  unit?: string;
  warmup?: string;
  window?: string;
  seed?: number;
  threads?: number;
}

export const DEFAULT_EVICTION = "lru,fifo,clock,sieve,s3fifo,arc,twoq,wtinylfu";
export const DEFAULT_CAPACITY = "1%,10%";

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

export async function buildRequest(scenarioPath: string | undefined, flags: SimulateFlags): Promise<SimulateRequest> {
  if (!scenarioPath && !flags.trace) {
    throw new InputError("give a scenario file or --trace FILE (see 'cachelab simulate --help')");
  }
  if (scenarioPath && flags.trace) throw new InputError("give either a scenario file or --trace, not both");
  const csvFromFlags = csvOptionsFromFlags(flags);

  let name: string;
  let seed = flags.seed ?? 42;
  let workload: Workload;
  let unit: Unit = (flags.unit as Unit | undefined) ?? "objects";
  let evictions: { refs: PolicyRef[]; where: string } | undefined;
  let admission: { ref: PolicyRef; where: string } | undefined;
  let capacities: { texts: string[]; where: string } | undefined;
  let warmup: { value: string | number; where: string } = { value: 0, where: "--warmup" };
  let window: number | "auto" = "auto";

  if (scenarioPath) {
    const { readScenario, resolveAgainst } = await import("../sim/scenario.js");
    const { scenarioFileSchema, syntheticWorkload } = await import("./workloads.js");
    const sc = readScenario(scenarioPath, scenarioFileSchema);
    const field = (f: string) => `${scenarioPath}: ${f}`;
    const here = resolveAgainst(scenarioPath, ".");
    name = sc.name ?? scenarioPath.replace(/^.*[\\/]/, "").replace(/\.ya?ml$/, "");
    seed = flags.seed ?? sc.seed;
    if (sc.workload.type === "trace") {
      // flags override the scenario's trace reading options
      const w = sc.workload;
      workload = at(field("workload.path"), () =>
        openTraceWorkload(
          resolveAgainst(scenarioPath, w.path),
          flags.format ?? w.format,
          csvFromFlags ?? scenarioCsv(w.csv),
        ),
      );
      workload.source = { ...workload.source, path: w.path, scenario: scenarioPath };
    } else {
      if (flags.format || csvFromFlags) {
        throw new InputError(`--format and the CSV flags apply to traces; ${scenarioPath} has a synthetic workload`);
      }
      workload = syntheticWorkload(sc.workload, seed, scenarioPath);
    }
    unit = (flags.unit as Unit | undefined) ?? sc.cache.unit;
    evictions = {
      refs: sc.cache.eviction.map((e, i) =>
        at(field(`cache.eviction.${i}`), () => {
          if (typeof e === "string") return parseRef(e, "eviction policy", here);
          const ref = parseRef(e.name, "eviction policy", here);
          return { ...ref, params: { ...ref.params, ...e.params } };
        }),
      ),
      where: field("cache.eviction"),
    };
    const a = sc.cache.admission;
    if (a) {
      admission = {
        ref: at(field("cache.admission"), () => {
          if (typeof a === "string") return parseRef(a, "admission policy", here);
          const ref = parseRef(a.name, "admission policy", here);
          return { ...ref, params: { ...ref.params, ...a.params } };
        }),
        where: field("cache.admission"),
      };
    }
    capacities = { texts: sc.cache.capacity.map(String), where: field("cache.capacity") };
    warmup = { value: sc.cache.warmup, where: field("cache.warmup") };
    window = sc.cache.window;
  } else {
    const path = flags.trace!;
    name = path.replace(/^.*[\\/]/, "");
    workload = openTraceWorkload(path, flags.format, csvFromFlags);
  }

  if (flags.eviction)
    evictions = { refs: at("--eviction", () => parseRefList(flags.eviction!, "eviction policy")), where: "--eviction" };
  evictions ??= { refs: parseRefList(DEFAULT_EVICTION, "eviction policy"), where: "--eviction" };
  if (evictions.refs.length === 0) throw new InputError(`${evictions.where}: give at least one policy`);
  if (flags.admission) {
    admission = { ref: at("--admission", () => parseRef(flags.admission!, "admission policy")), where: "--admission" };
  }
  // load and check every strategy now, so a typo is reported with where it was written
  const ev = evictions;
  await atAsync(ev.where, async () => {
    for (const r of ev.refs) resolveParams(await evictionSpec(r), r.params, "eviction policy");
  });
  if (admission) {
    const adm = admission;
    await atAsync(adm.where, async () => {
      resolveParams(await admissionSpec(adm.ref), adm.ref.params, "admission policy");
    });
  }
  if (flags.capacity) capacities = { texts: flags.capacity.split(","), where: "--capacity" };
  capacities ??= { texts: DEFAULT_CAPACITY.split(","), where: "--capacity" };
  const caps = capacities;
  const texts = caps.texts.map((t) => t.trim()).filter((t) => t !== "");
  if (texts.length === 0) throw new InputError(`${caps.where}: give at least one size`);
  const parsedCaps: CapacitySpec[] = at(caps.where, () => texts.map((c) => parseCapacity(c, unit)));
  if (flags.warmup !== undefined) warmup = { value: flags.warmup, where: "--warmup" };
  if (flags.window !== undefined) {
    window = flags.window === "auto" ? "auto" : at("--window", () => wholeNumber(flags.window!, 1));
  }
  const w = warmup;
  return {
    name,
    seed,
    workload,
    evictions: evictions.refs,
    admission: admission?.ref,
    capacities: parsedCaps,
    unit,
    warmup: at(w.where, () => parseWarmup(w.value)),
    window,
    threads: flags.threads,
  };
}

function parseWarmup(w: string | number): SimulateRequest["warmup"] {
  if (typeof w === "number") return { requests: w };
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(w.trim());
  if (pct) {
    const f = Number(pct[1]) / 100;
    if (f >= 1) throw new InputError(`'${w}' must be below 100%`);
    return { fraction: f };
  }
  return { requests: wholeNumber(w, 0, "or a share like 10%") };
}

function wholeNumber(s: string, min: number, alt = ""): number {
  const n = Number(s);
  if (s.trim() === "" || !Number.isSafeInteger(n) || n < min) {
    throw new InputError(`'${s}' is not a whole number ≥ ${min}${alt ? ` ${alt}` : ""}`);
  }
  return n;
}

function scenarioCsv(c: TraceCsv | undefined): CsvOptions | undefined {
  if (!c) return undefined;
  const col = (v: string | number | undefined) => (v === undefined ? undefined : String(v));
  return {
    timeCol: col(c.time),
    idCol: col(c.id),
    sizeCol: col(c.size),
    opCol: col(c.op),
    ttlCol: col(c.ttl),
    header: c.header,
    delimiter: c.delimiter,
  };
}
