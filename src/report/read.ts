// Reading a result back (gate, report, bench comparisons, scripts): the file must be JSON, of a
// schema version this build knows, and match src/report/schema.ts. Anything else is an InputError
// (exit 2) of one line naming the file, the field path and what was expected.
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { InputError } from "../core/errors.js";
import { version } from "../core/version.js";
import { describeIssue } from "../core/zod-error.js";
import { SCHEMA_VERSION } from "../sim/result.js";
import { type Result, resultSchema } from "./schema.js";

/** Reads and validates a result file. Throws an InputError naming the file and the first problem. */
export function readResult(path: string): Result {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(`no such result file: ${path}`);
    if (code === "EISDIR") throw new InputError(`${path}: is a folder, not a result file`);
    throw new InputError(`cannot read ${path}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (text.trim() === "") throw new InputError(`${path}: empty file, not a result`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = (e as Error).message.replace(/\s+/g, " ");
    throw new InputError(`${path}: not JSON: ${why.length > 100 ? `${why.slice(0, 100)}…` : why}`);
  }
  return parseResult(value, path);
}

/**
 * Validates a parsed result (from a file, stdout or a test). `label` names it in messages (usually
 * the file path). Fields this build does not know are kept as they are.
 */
export function parseResult(value: unknown, label: string): Result {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new InputError(`${label}: (top level): expected a result object, got ${show(value)}`);
  const v = (value as { schemaVersion?: unknown }).schemaVersion;
  if (typeof v === "number" && Number.isInteger(v) && v >= 1 && v !== SCHEMA_VERSION) {
    const by = (value as { tool?: { version?: unknown } }).tool?.version;
    const what = `the result has schema version ${v}${typeof by === "string" ? ` (written by cachelab ${by})` : ""}; this cachelab (${version}) reads schema version ${SCHEMA_VERSION}`;
    throw new InputError(
      `${label}: schemaVersion: ${what}: ${v > SCHEMA_VERSION ? "upgrade cachelab to read it" : "re-run it with this cachelab, or read it with the version that wrote it"}`,
    );
  }
  const r = resultSchema.safeParse(value, { error: message });
  if (!r.success) throw new InputError(describeIssue(label, r.error));
  return r.data;
}

/** Messages for zod's generic issues: what was expected and what the file has instead. */
function message(issue: z.core.$ZodRawIssue): string | undefined {
  const got = show(issue.input);
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `missing; expected ${article(issue.expected)}`;
      return `expected ${article(issue.expected)}, got ${got}`;
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return `expected a non-empty string, got ${got}`;
      if (issue.origin !== "number" && issue.origin !== "int") return undefined;
      return `expected ${issue.inclusive === false ? ">" : "≥"} ${issue.minimum}, got ${got}`;
    case "too_big":
      if (issue.origin !== "number" && issue.origin !== "int") return undefined;
      return `expected ${issue.inclusive === false ? "<" : "≤"} ${issue.maximum}, got ${got}`;
    case "invalid_format":
      return issue.format === "datetime" ? `expected an ISO 8601 UTC time, got ${got}` : undefined;
    default:
      return undefined;
  }
}

function article(type: string): string {
  const names: Record<string, string> = {
    int: "a whole number",
    number: "a number",
    string: "a string",
    boolean: "true or false",
    array: "an array",
    object: "an object",
    record: "an object",
  };
  return names[type] ?? type;
}

/** A short picture of a JSON value for a message. */
function show(x: unknown): string {
  if (x === undefined) return "nothing";
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "object") return "an object";
  if (typeof x === "string") return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  return String(x);
}
