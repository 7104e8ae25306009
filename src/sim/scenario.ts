// Scenario files: YAML describing a workload (a trace file or a synthetic generator) and the cache
// configurations to compare. Validated with zod; a bad file gets one line naming the file, the
// field path and what was expected.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { describeIssue } from "../core/zod-error.js";

const policyRef = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), params: z.record(z.string(), z.number()).default({}) }),
]);

const listOf = <T extends z.ZodType>(t: T) =>
  z.union([t, z.array(t).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const traceWorkloadSchema = z.strictObject({
  type: z.literal("trace"),
  /** Relative paths are resolved against the scenario file's folder. */
  path: z.string().min(1),
  format: z.string().optional(),
  csv: z
    .strictObject({
      header: z.enum(["yes", "no", "auto"]).optional(),
      delimiter: z.string().length(1).optional(),
      time: z.union([z.string(), z.number().int().positive()]).optional(),
      id: z.union([z.string(), z.number().int().positive()]).optional(),
      size: z.union([z.string(), z.number().int().positive()]).optional(),
      op: z.union([z.string(), z.number().int().positive()]).optional(),
      ttl: z.union([z.string(), z.number().int().positive()]).optional(),
    })
    .optional(),
});

export const cacheSchema = z.strictObject({
  unit: z.enum(["objects", "bytes"]).default("objects"),
  capacity: listOf(z.union([z.string().min(1), z.number().positive()])),
  eviction: listOf(policyRef),
  admission: policyRef.optional(),
  warmup: z.union([z.string().regex(/^\d+(\.\d+)?%$/, "a share like 10%"), z.number().int().min(0)]).default(0),
  window: z.union([z.literal("auto"), z.number().int().positive()]).default("auto"),
});

export function scenarioSchema<W extends z.core.$ZodTypeDiscriminable>(synthetic: W) {
  return z.strictObject({
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(42),
    workload: z.discriminatedUnion("type", [traceWorkloadSchema, synthetic]),
    cache: cacheSchema,
  });
}

/** Reads and validates a scenario file with the given synthetic-workload schema. */
export function readScenario<S extends z.ZodType>(path: string, schema: S): z.output<S> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new InputError(`no such scenario file: ${path}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new InputError(`${path}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (doc === null || typeof doc !== "object")
    throw new InputError(`${path}: expected a mapping with workload and cache`);
  const r = schema.safeParse(doc);
  if (!r.success) throw new InputError(describeIssue(path, r.error));
  return r.data;
}

export function resolveAgainst(scenarioPath: string, p: string): string {
  return resolve(dirname(scenarioPath), p);
}
