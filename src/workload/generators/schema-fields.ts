// Field types shared by the synthetic workload's schema (schema.ts) and the key distributions'
// own schemas (one per distribution file, see registry.ts).
import { z } from "zod";
import { parseDuration } from "../units.js";

/** The error for a missing value, or one that is neither a number nor a string. */
export function expecting(what: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? `required: ${what}` : `expected ${what}, got ${JSON.stringify(issue.input)}`,
  };
}

/** A field that runs a units parser and reports its message as the field's error. */
export function parsed(parse: (v: string | number) => number, what: string) {
  return z.union([z.number(), z.string()], expecting(what)).transform((v, ctx) => {
    try {
      return parse(v);
    } catch (e) {
      ctx.issues.push({ code: "custom", message: (e as Error).message, input: v });
      return z.NEVER;
    }
  });
}

export const fraction = () => z.number().min(0).max(1);
export const count = (max: number) => z.number().int().min(1).max(max);

/** A number counts requests; a string is a duration with a unit ("30s", "5m"). */
export type Period = { requests: number } | { seconds: number };
export const period = z
  .union([z.number(), z.string()], expecting("a number of requests or a duration such as 30s"))
  .transform((v, ctx): Period => {
    const fail = (message: string) => {
      ctx.issues.push({ code: "custom", message, input: v });
      return z.NEVER;
    };
    if (typeof v === "number") {
      return Number.isSafeInteger(v) && v >= 1 ? { requests: v } : fail(`${v} is not a whole number of requests ≥ 1`);
    }
    if (/^\s*[\d.eE+-]+\s*$/.test(v)) {
      return fail(`'${v}' needs a time unit (e.g. 30s), or write a plain number to count requests`);
    }
    try {
      const seconds = parseDuration(v);
      return seconds > 0 ? { seconds } : fail("the period must be longer than 0s");
    } catch (e) {
      return fail((e as Error).message);
    }
  });
