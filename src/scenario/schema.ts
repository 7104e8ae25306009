// The scenario file format in one place: YAML describing a workload (a trace file or a synthetic
// generator) and the caches to compare. The synthetic workload's own fields come from its schema in
// src/workload/generators/schema.ts; everything around it is here. Defaults come from ./defaults.ts.
//
// zod and yaml cost ~0.1 s of start-up, so this module is imported (by ./load.ts) only when a
// scenario file or a synthetic workload is used; a trace-first run never loads it.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { parseDocument } from "yaml";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { describeIssue } from "../core/zod-error.js";
import { energySectionSchema } from "../energy/settings.js";
import { syntheticWorkload } from "../workload/generators/schema.js";
import { clusterSchema } from "./cluster.js";
import { DEFAULT_SEED, DEFAULT_UNIT, DEFAULT_WARMUP, DEFAULT_WINDOW } from "./defaults.js";
import { gatesSectionSchema } from "./gates.js";

/** A policy: `name[:param=value…]` or a module path, or `{ name, params }`. */
export const policyRef = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), params: z.record(z.string(), z.number()).default({}) }),
]);

const listOf = <T extends z.ZodType>(t: T) =>
  z.union([t, z.array(t).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const column = z.union([z.string(), z.number().int().positive()]).optional();

export const traceWorkloadSchema = z.strictObject({
  type: z.literal("trace"),
  /** Relative paths are resolved against the scenario file's folder. */
  path: z.string().min(1),
  format: z.string().optional(),
  csv: z
    .strictObject({
      header: z.enum(["yes", "no", "auto"]).optional(),
      delimiter: z.string().length(1).optional(),
      time: column,
      id: column,
      size: column,
      op: column,
      ttl: column,
      region: column,
      device: column,
    })
    .optional(),
});

export const cacheSchema = z.strictObject({
  unit: z.enum(["objects", "bytes"]).default(DEFAULT_UNIT),
  capacity: listOf(z.union([z.string().min(1), z.number().positive()])),
  eviction: listOf(policyRef),
  admission: policyRef.optional(),
  /** Prefetchers to compare (docs/prefetch.md): each eviction × prefetch × capacity is one row. */
  prefetch: listOf(policyRef).optional(),
  warmup: z
    .union([z.string().regex(/^\d+(\.\d+)?%$/, "a share like 10%"), z.number().int().min(0)])
    .default(DEFAULT_WARMUP),
  window: z.union([z.literal("auto"), z.number().int().positive()]).default(DEFAULT_WINDOW),
});

export const scenarioSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(DEFAULT_SEED),
  workload: z.discriminatedUnion("type", [traceWorkloadSchema, syntheticWorkload]),
  cache: cacheSchema,
  /** Energy estimate settings (profile, cloud, region, backend, rate, price, coefficient overrides): docs/energy.md. */
  energy: energySectionSchema,
  /** CI gate rules (`cachelab gate --scenario`): ./gates.ts, docs/gate.md. */
  gates: gatesSectionSchema,
  /** A simulated cluster instead of one cache (src/scenario/cluster.ts, docs/cluster.md). */
  cluster: clusterSchema.optional(),
});

/** A validated scenario file: defaults filled, sizes in bytes, durations in seconds. */
export type Scenario = z.output<typeof scenarioSchema>;
/** What a scenario file may write. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type TraceWorkloadInput = z.output<typeof traceWorkloadSchema>;
export type PolicyRefInput = z.output<typeof policyRef>;

/** A scenario is a few KiB of YAML: anything above this is not one (and is not read into memory). */
export const MAX_SCENARIO_BYTES = 1 << 20;

/**
 * Reads a scenario file's text. Only a regular file is read (a FIFO would block forever, /dev/zero
 * never ends), and at most MAX_SCENARIO_BYTES of it: stat first, then a bounded read.
 */
export function readScenarioText(path: string): string {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw new InputError(`no such scenario file: ${path}`);
  }
  if (st.isDirectory()) throw new InputError(`${path}: a scenario must be a file, not a folder`);
  if (!st.isFile()) {
    const what = st.isFIFO()
      ? "a FIFO"
      : st.isCharacterDevice() || st.isBlockDevice()
        ? "a device"
        : "not a regular file";
    throw new InputError(`${path}: a scenario must be a regular file, not ${what}`);
  }
  const limit = `${path}: a scenario file must be at most 1 MiB (this one is larger)`;
  if (st.size > MAX_SCENARIO_BYTES) throw new InputError(limit);
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(MAX_SCENARIO_BYTES + 1);
    let n = 0;
    for (let got = 1; got > 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_SCENARIO_BYTES) throw new InputError(limit);
    return buf.toString("utf8", 0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * YAML text → plain data. An error or a warning (an unknown tag such as `!foo`, which the yaml
 * library would print as a multi-line Node warning and ignore) is one InputError naming the file.
 */
export function parseYamlText(text: string, label: string): unknown {
  const doc = parseDocument(text, { logLevel: "silent" });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line;
    const what = problem.code === "TAG_RESOLVE_FAILED" ? "unknown YAML tag" : "not valid YAML";
    throw new InputError(
      `${label}${line ? `:${line}` : ""}: ${what}: ${String(problem.message)
        .split("\n")[0]
        .replace(/ at line \d+, column \d+:?$/, "")}`,
    );
  }
  return doc.toJS({ maxAliasCount: 100 });
}

/** Reads a scenario file as a YAML document (not yet validated); InputError naming the file otherwise. */
export function readScenarioDocument(path: string): Record<string, unknown> {
  const text = readScenarioText(path);
  const doc = parseYamlText(text, path);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    throw new InputError(`${path}: expected a mapping with workload and cache`);
  return doc as Record<string, unknown>;
}

/** Validates a scenario document; the error names `label` (the file), the field path and what was expected. */
export function parseScenario(doc: unknown, label: string): Scenario {
  const r = scenarioSchema.safeParse(doc);
  if (!r.success) throw new InputError(describeIssue(label, r.error));
  return r.data;
}

/** Validates a scenario's YAML text (as `init` writes it). */
export function parseScenarioText(text: string, label: string): Scenario {
  return parseScenario(parseYamlText(text, label), label);
}

/** Reads and validates a scenario file. */
export function readScenario(path: string): Scenario {
  return parseScenario(readScenarioDocument(path), path);
}
