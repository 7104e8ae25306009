// docs/result.schema.json is generated from the zod schema (`npm run schema`): it must be exactly
// what the generator writes now, describe the same fields as the zod schema at every level, and
// accept real results and refuse damaged ones. A small validator for the keywords the file uses
// does the last part (no JSON Schema library is a dependency); it refuses keywords it does not
// know, so a new one cannot be skipped silently.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { resultJsonSchemaText, resultSchema } from "../../src/report/schema.js";
import { type RealResult, realResults } from "./real-results.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FILE = `${ROOT}docs/result.schema.json`;

type Json = Record<string, any>;
const checkedIn = (): string => readFileSync(FILE, "utf8");
const jsonSchema = (): Json => JSON.parse(checkedIn());

describe("docs/result.schema.json", () => {
  it("is what the generator writes now", () => {
    expect(
      checkedIn() === resultJsonSchemaText(),
      "docs/result.schema.json is out of date with src/report/schema.ts: run `npm run schema` and commit it",
    ).toBe(true);
  });

  it("is what scripts/result-schema.js writes from dist/ (its --check passes)", () => {
    const out = execFileSync(process.execPath, [`${ROOT}scripts/result-schema.js`, "--check"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(out).toContain("up to date");
  });

  it("has the zod schema's fields, required ones marked, at every level", () => {
    const members = (resultSchema as z.ZodDiscriminatedUnion).options as z.ZodObject[];
    const oneOf = jsonSchema().oneOf as Json[];
    expect(oneOf).toHaveLength(members.length);
    const mismatches: string[] = [];
    for (const [i, m] of members.entries()) compareShapes(m, oneOf[i], m.shape.kind.value, mismatches);
    expect(mismatches).toEqual([]);
    expect(Object.keys(oneOf[0].properties)).toEqual([
      "schemaVersion",
      "tool",
      "kind",
      "name",
      "seed",
      "source",
      "trace",
      "warmupRequests",
      "results",
      "run",
    ]);
  });
  it("(the comparison notices a nested field missing, an extra one, or a changed required list)", () => {
    const members = (resultSchema as z.ZodDiscriminatedUnion).options as z.ZodObject[];
    const damage = (f: (j: Json) => void): string[] => {
      const j = jsonSchema().oneOf[0];
      f(j);
      const out: string[] = [];
      compareShapes(members[0], j, "simulate", out);
      return out;
    };
    expect(damage((j) => delete j.properties.results.items.properties.series.properties.window)).toHaveLength(1);
    expect(damage((j) => (j.properties.run.properties.gpu = {}))).toHaveLength(1);
    expect(damage((j) => j.properties.source.required.push("path"))).toHaveLength(1);
    expect(damage(() => {})).toEqual([]);
  });
});

describe("a real result against the JSON Schema", () => {
  let real: RealResult[];
  beforeAll(async () => {
    real = await realResults();
  });

  it("validates, as it does with zod", () => {
    for (const { label, text } of real) {
      const value = JSON.parse(text);
      expect(resultSchema.safeParse(value).success, label).toBe(true);
      expect(validate(jsonSchema(), value), label).toEqual([]);
    }
  });

  it("with unknown fields added still validates", () => {
    const value = JSON.parse(real[0].text);
    value.later = 1;
    value.results[0].later = [1];
    expect(validate(jsonSchema(), value)).toEqual([]);
  });

  it("damaged, fails on the same field as zod", () => {
    const damages: [string, (r: any) => void][] = [
      ["results.0.hitRatio", (r) => (r.results[0].hitRatio = 1.5)],
      ["results.0.misses", (r) => delete r.results[0].misses],
      ["trace.objects", (r) => (r.trace.objects = 2.5)],
      ["source.hashScope", (r) => (r.source.hashScope = "all")],
      ["source.sha256", (r) => (r.source.sha256 = "xyz")],
      ["results.0.admission", (r) => (r.results[0].admission = 1)],
      ["results.0.params.x", (r) => (r.results[0].params = { x: "1" })],
      ["schemaVersion", (r) => (r.schemaVersion = 2)],
      ["kind", (r) => (r.kind = "benchmark")],
    ];
    for (const [path, damage] of damages) {
      const value = JSON.parse(real[0].text);
      damage(value);
      const zodIssue = resultSchema.safeParse(value).error?.issues[0];
      expect(zodIssue?.path.join("."), path).toBe(path);
      const errors = validate(jsonSchema(), value);
      expect(
        errors.some((e) => e.startsWith(`${path}:`) || (path === "kind" && e.startsWith("(top level): no branch"))),
        `${path}: ${errors.join("; ")}`,
      ).toBe(true);
    }
  });
});

/** Compares a zod object's fields with a JSON Schema object's properties and required list, recursively. */
function compareShapes(schema: z.ZodType, json: Json, where: string, out: string[]): void {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.ZodType>;
    const keys = Object.keys(shape);
    const props = Object.keys(json.properties ?? {});
    if (keys.join() !== props.join()) out.push(`${where}: zod has ${keys.join()}, JSON Schema has ${props.join()}`);
    const required = keys.filter((k) => !shape[k].safeParse(undefined).success);
    if ((json.required ?? []).join() !== required.join())
      out.push(`${where}: required ${json.required} in JSON Schema, ${required} in zod`);
    for (const k of keys) if (json.properties?.[k]) compareShapes(shape[k], json.properties[k], `${where}.${k}`, out);
  } else if (inner instanceof z.ZodArray) {
    compareShapes(inner.element as z.ZodType, json.items ?? {}, `${where}[]`, out);
  }
}

function unwrap(s: z.ZodType): z.ZodType {
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

const KNOWN = new Set([
  "$schema",
  "title",
  "description",
  "type",
  "const",
  "enum",
  "minimum",
  "maximum",
  "minLength",
  "pattern",
  "format",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "oneOf",
  "anyOf",
]);

/** The JSON Schema keywords docs/result.schema.json uses, checked; returns "path: problem" lines. */
function validate(s: Json, v: unknown, path: string[] = []): string[] {
  const at = path.length ? path.join(".") : "(top level)";
  const unknown = Object.keys(s).filter((k) => !KNOWN.has(k));
  if (unknown.length) throw new Error(`${at}: the test's validator does not know ${unknown.join(", ")}; teach it`);
  const errors: string[] = [];
  const fail = (what: string) => errors.push(`${at}: ${what}`);
  if (s.oneOf) {
    const passing = (s.oneOf as Json[]).filter((b) => validate(b, v, path).length === 0).length;
    if (passing !== 1) {
      if (passing === 0 && s.oneOf.length === 1) return validate(s.oneOf[0], v, path);
      // a union told apart by a const field (the result kinds): the branch of that kind says what is wrong
      const kind = (v as Record<string, unknown> | null)?.kind;
      const mine = (s.oneOf as Json[]).filter(
        (b) => b.properties?.kind?.const !== undefined && b.properties.kind.const === kind,
      );
      if (passing === 0 && mine.length === 1) return validate(mine[0], v, path);
      fail(`no branch of oneOf matches (${passing} do)`);
    }
  }
  if (s.anyOf) {
    const branches = (s.anyOf as Json[]).map((b) => validate(b, v, path));
    if (!branches.some((e) => e.length === 0)) return branches.flat();
  }
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    const actual =
      v === null
        ? "null"
        : Array.isArray(v)
          ? "array"
          : typeof v === "number"
            ? Number.isInteger(v)
              ? "integer"
              : "number"
            : typeof v;
    if (!types.some((t) => t === actual || (t === "number" && actual === "integer"))) {
      fail(`expected ${types.join(" or ")}, got ${actual}`);
      return errors;
    }
  }
  if ("const" in s && v !== s.const) fail(`expected ${JSON.stringify(s.const)}`);
  if (s.enum && !s.enum.includes(v)) fail(`expected one of ${s.enum.join(", ")}`);
  if (typeof v === "number") {
    if (s.minimum !== undefined && v < s.minimum) fail(`below ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) fail(`above ${s.maximum}`);
  }
  if (typeof v === "string") {
    if (s.minLength !== undefined && v.length < s.minLength) fail(`shorter than ${s.minLength}`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(v)) fail(`does not match ${s.pattern}`);
    if (s.format === "date-time" && Number.isNaN(Date.parse(v))) fail("not a date-time");
  }
  if (Array.isArray(v) && s.items)
    for (const [i, x] of v.entries()) errors.push(...validate(s.items, x, [...path, String(i)]));
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of s.required ?? []) if (!(k in o)) errors.push(`${[...path, k].join(".")}: required`);
    for (const [k, x] of Object.entries(o)) {
      if (s.properties?.[k]) errors.push(...validate(s.properties[k], x, [...path, k]));
      else {
        if (s.propertyNames) errors.push(...validate(s.propertyNames, k, [...path, k]));
        if (s.additionalProperties === false) errors.push(`${[...path, k].join(".")}: not allowed`);
        else if (s.additionalProperties) errors.push(...validate(s.additionalProperties, x, [...path, k]));
      }
    }
  }
  return errors;
}
