// The rules of a CI gate (`cachelab gate`, docs/gate.md): the grammar of one rule and the `gates:`
// section a scenario may carry. A rule names a metric of a result row by dotted path
// (`missRatio`, `energy.joulesPerRequest`, `latency.p99Ms`) or by an alias (`p99Ms`), and a bound:
//
//   missRatio <= 0.2                       absolute: <=, <, >=, >, == and a plain number
//   missRatio +0.5%                        relative to the baseline: may grow by at most 0.5 % of it
//   timing.requestsPerSec -5%              may shrink by at most 5 % of the baseline
//   missRatio +0.002                       may grow by at most 0.002 (absolute change, no %)
//   eviction=lru capacity=1% missRatio <= 0.2    `key=value` tokens select rows (any order, anywhere)
//
// In a scenario file the section is a list of rule strings, or objects that spell the same:
//
//   gates:
//     - missRatio +0.5%
//     - { rule: "timing.requestsPerSec -5%", alpha: 0.05 }
//     - { metric: p99Ms, max: 1, where: { cluster.placement: ring } }
//
// An object with `metric` takes any of max (<=), min (>=), increase and decrease ("0.5%" or an
// absolute number); each bound becomes one rule. `alpha` sets the false-alarm rate of the
// statistical test for noisy metrics (default 0.01, docs/gate.md). The grammar lives here, below the
// gate itself (src/gate/), so a scenario's rules are checked when the file is read: an error names
// the file, the field (`gates.2`) and what was expected.
import { z } from "zod";

/** Short names for metrics, documented in docs/gate.md: alias → dotted path into a result row. */
export const METRIC_ALIASES: Readonly<Record<string, string>> = {
  meanMs: "latency.meanMs",
  p50Ms: "latency.p50Ms",
  p90Ms: "latency.p90Ms",
  p99Ms: "latency.p99Ms",
  p999Ms: "latency.p999Ms",
  maxMs: "latency.maxMs",
  requestsPerSec: "timing.requestsPerSec",
  throughput: "timing.requestsPerSec",
  elapsedMs: "timing.elapsedMs",
  joulesPerRequest: "energy.joulesPerRequest",
  gCO2e: "energy.run.gCO2e",
  l1HitRatio: "tiers.l1.hitRatio",
  l2HitRatio: "tiers.l2.hitRatio",
  staleReads: "tiers.staleReads",
};

export type Comparison = "<=" | "<" | ">=" | ">" | "==";

/** A bound on the current value alone. */
export interface AbsoluteBound {
  kind: "absolute";
  op: Comparison;
  limit: number;
}

/** A bound relative to the baseline: `+` may grow by at most `amount`, `-` may shrink by at most it. */
export interface RelativeBound {
  kind: "relative";
  direction: "+" | "-";
  amount: number;
  /** true: `amount` is a percentage of the baseline value; false: an absolute change. */
  percent: boolean;
}

/** One `key=value` row selector: the row's field (dotted path, or `capacity`) must read `value`. */
export interface Selector {
  key: string;
  value: string;
}

export interface GateRule {
  /** The rule as written (or as an object's bound reads as a string). */
  text: string;
  /** The metric as written. */
  metricAsWritten: string;
  /** The dotted path into a row, aliases resolved. */
  metric: string;
  bound: AbsoluteBound | RelativeBound;
  /** Rows the rule applies to; empty = every row. */
  where: Selector[];
  /** False-alarm rate of the statistical test (noisy metrics); undefined = the gate's default. */
  alpha?: number;
}

/** A rule that does not parse: `message` says what was expected. */
export class RuleSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RuleSyntaxError";
  }
}

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
const SELECTOR = /^([A-Za-z_][A-Za-z0-9_.]*)=([^=].*)$/;
const ABSOLUTE = /^(\S+?)\s*(<=|>=|==|<|>)\s*(\S+)$/;
const RELATIVE = /^(\S+?)\s*([+-])\s*(\S+)$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const EXPECTED = "expected METRIC OP NUMBER (missRatio <= 0.2) or METRIC ±CHANGE (missRatio +0.5%)";

/** The dotted path a metric name stands for (aliases resolved); RuleSyntaxError if it is not a path. */
export function metricPath(name: string): string {
  if (!PATH.test(name))
    throw new RuleSyntaxError(`'${name}' is not a metric: expected a field name or dotted path like missRatio`);
  return Object.hasOwn(METRIC_ALIASES, name) ? METRIC_ALIASES[name] : name;
}

/** Parses one rule string. Throws a RuleSyntaxError saying what was expected. */
export function parseRule(text: string): GateRule {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) throw new RuleSyntaxError(`empty rule: ${EXPECTED}`);
  const where: Selector[] = [];
  const rest: string[] = [];
  for (const t of tokens) {
    const m = SELECTOR.exec(t);
    if (m) where.push({ key: m[1], value: m[2] });
    else rest.push(t);
  }
  const condition = rest.join(" ");
  if (condition === "") throw new RuleSyntaxError(`'${text.trim()}' selects rows but has no condition: ${EXPECTED}`);
  const abs = ABSOLUTE.exec(condition);
  if (abs) {
    const [, name, op, value] = abs;
    if (value.endsWith("%"))
      throw new RuleSyntaxError(
        `'${condition}': an absolute limit is a plain number (${name} ${op} ${Number(value.slice(0, -1)) / 100}); a % is for changes relative to the baseline (${name} +${value})`,
      );
    return { text: text.trim(), metricAsWritten: name, metric: metricPath(name), bound: absolute(op, value), where };
  }
  const rel = RELATIVE.exec(condition);
  if (rel) {
    const [, name, direction, value] = rel;
    const percent = value.endsWith("%");
    const digits = percent ? value.slice(0, -1) : value;
    if (!NUMBER.test(digits) || /^[+-]/.test(digits))
      throw new RuleSyntaxError(`'${condition}': expected a change like +0.5% or -2 after ${name}, got '${value}'`);
    return {
      text: text.trim(),
      metricAsWritten: name,
      metric: metricPath(name),
      bound: { kind: "relative", direction: direction as "+" | "-", amount: Number(digits), percent },
      where,
    };
  }
  throw new RuleSyntaxError(`'${condition}': ${EXPECTED}`);
}

function absolute(op: string, value: string): AbsoluteBound {
  if (!NUMBER.test(value)) throw new RuleSyntaxError(`expected a number after ${op}, got '${value}'`);
  return { kind: "absolute", op: op as Comparison, limit: Number(value) };
}

// ---- the scenario's `gates:` section ----------------------------------------------------------

const alpha = z.number().gt(0).lt(0.5).optional();
const change = z.union([
  z.number().min(0),
  z.string().regex(/^(\d+(\.\d*)?|\.\d+)%?$/, "expected a change like 0.5% or 0.002"),
]);
const selectorValues = z.record(z.string().regex(PATH, "expected a field name"), z.union([z.string(), z.number()]));

/** `{ rule: "missRatio +0.5%", where?, alpha? }` */
const ruleObject = z.strictObject({ rule: z.string(), where: selectorValues.optional(), alpha });
/** `{ metric, max?, min?, increase?, decrease?, where?, alpha? }` */
const boundsObject = z.strictObject({
  metric: z.string().min(1),
  max: z.number().optional(),
  min: z.number().optional(),
  increase: change.optional(),
  decrease: change.optional(),
  where: selectorValues.optional(),
  alpha,
});

export type GateEntry = string | z.output<typeof ruleObject> | z.output<typeof boundsObject>;

/** The rules one entry of a `gates:` list stands for. Throws a RuleSyntaxError. */
export function rulesOfEntry(entry: GateEntry): GateRule[] {
  if (typeof entry === "string") return [parseRule(entry)];
  const where = Object.entries(entry.where ?? {}).map(([key, value]) => `${key}=${value}`);
  const texts: string[] = [];
  if ("rule" in entry) texts.push(entry.rule);
  else {
    const m = entry.metric;
    if (entry.max !== undefined) texts.push(`${m} <= ${entry.max}`);
    if (entry.min !== undefined) texts.push(`${m} >= ${entry.min}`);
    if (entry.increase !== undefined) texts.push(`${m} +${entry.increase}`);
    if (entry.decrease !== undefined) texts.push(`${m} -${entry.decrease}`);
    if (texts.length === 0)
      throw new RuleSyntaxError(`the rule for ${m} has no bound: give max, min, increase or decrease`);
  }
  return texts.map((t) => {
    const rule = parseRule([...where, t].join(" "));
    return entry.alpha === undefined ? rule : { ...rule, alpha: entry.alpha };
  });
}

/** The `gates:` section: a list of rule strings or objects, each checked as it is read. */
export const gatesSectionSchema = z
  .array(
    z.union([z.string(), ruleObject, boundsObject]).superRefine((entry, ctx) => {
      try {
        rulesOfEntry(entry);
      } catch (e) {
        if (!(e instanceof RuleSyntaxError)) throw e;
        ctx.addIssue({ code: "custom", message: e.message });
      }
    }),
  )
  .optional();

export type GatesSection = z.output<typeof gatesSectionSchema>;

/** Every rule of a scenario's `gates:` section, in order. */
export function rulesOfSection(section: GatesSection): GateRule[] {
  return (section ?? []).flatMap(rulesOfEntry);
}
