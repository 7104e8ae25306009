// Builds a SimulateRequest from a scenario file and/or command-line flags (flags win).

import { type PolicyRef, parseRef, parseRefList } from "../policies/resolve.js";
import type { Unit } from "../sim/cache.js";
import { parseCapacity } from "../sim/capacity.js";
import type { SimulateRequest, Workload } from "../sim/simulate.js";
import type { CsvOptions } from "../workload/csv.js";
import { InputError } from "./errors.js";
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

export async function buildRequest(scenarioPath: string | undefined, flags: SimulateFlags): Promise<SimulateRequest> {
  if (!scenarioPath && !flags.trace) {
    throw new InputError("give a scenario file or --trace FILE (see 'cachelab simulate --help')");
  }
  if (scenarioPath && flags.trace) throw new InputError("give either a scenario file or --trace, not both");

  let name: string;
  let seed = flags.seed ?? 42;
  let workload: Workload;
  let unit: Unit = (flags.unit as Unit | undefined) ?? "objects";
  let evictions: PolicyRef[] | undefined;
  let admission: PolicyRef | undefined;
  let capacityTexts: string[] | undefined;
  let warmup: string | number = 0;
  let window: number | "auto" = "auto";

  if (scenarioPath) {
    const { readScenario, resolveAgainst } = await import("../sim/scenario.js");
    const { scenarioFileSchema, syntheticWorkload } = await import("./workloads.js");
    const sc = readScenario(scenarioPath, scenarioFileSchema);
    name = sc.name ?? scenarioPath.replace(/^.*[\\/]/, "").replace(/\.ya?ml$/, "");
    seed = flags.seed ?? sc.seed;
    workload =
      sc.workload.type === "trace"
        ? openTraceWorkload(
            resolveAgainst(scenarioPath, sc.workload.path),
            sc.workload.format,
            scenarioCsv(sc.workload.csv),
          )
        : syntheticWorkload(sc.workload, seed, scenarioPath);
    unit = (flags.unit as Unit | undefined) ?? sc.cache.unit;
    evictions = sc.cache.eviction.map((e) =>
      typeof e === "string"
        ? parseRef(e, "eviction policy", resolveAgainst(scenarioPath, "."))
        : { name: e.name, params: e.params },
    );
    if (sc.cache.admission) {
      const a = sc.cache.admission;
      admission = typeof a === "string" ? parseRef(a, "admission policy") : { name: a.name, params: a.params };
    }
    capacityTexts = sc.cache.capacity.map(String);
    warmup = sc.cache.warmup;
    window = sc.cache.window;
  } else {
    const path = flags.trace!;
    name = path.replace(/^.*[\\/]/, "");
    workload = openTraceWorkload(path, flags.format, csvOptionsFromFlags(flags));
  }

  if (flags.eviction) evictions = parseRefList(flags.eviction, "eviction policy");
  evictions ??= parseRefList(DEFAULT_EVICTION, "eviction policy");
  if (evictions.length === 0) throw new InputError("--eviction: give at least one policy");
  if (flags.admission) admission = parseRef(flags.admission, "admission policy");
  if (flags.capacity) capacityTexts = flags.capacity.split(",").filter((s) => s.trim() !== "");
  capacityTexts ??= DEFAULT_CAPACITY.split(",");
  if (capacityTexts.length === 0) throw new InputError("--capacity: give at least one size");
  const capacities = capacityTexts.map((c) => parseCapacity(c, unit));
  if (flags.warmup !== undefined) warmup = flags.warmup;
  if (flags.window !== undefined) window = flags.window === "auto" ? "auto" : positiveInt(flags.window, "--window");

  return {
    name,
    seed,
    workload,
    evictions,
    admission,
    capacities,
    unit,
    warmup: parseWarmup(warmup),
    window,
    threads: flags.threads,
  };
}

function parseWarmup(w: string | number): SimulateRequest["warmup"] {
  if (typeof w === "number") return { requests: w };
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(w.trim());
  if (pct) {
    const f = Number(pct[1]) / 100;
    if (f >= 1) throw new InputError(`--warmup ${w}: must be below 100%`);
    return { fraction: f };
  }
  return { requests: positiveInt(w, "--warmup", true) };
}

function positiveInt(s: string, what: string, zeroOk = false): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) {
    throw new InputError(`${what} '${s}': expected a whole number${zeroOk ? " or a share like 10%" : ""}`);
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
