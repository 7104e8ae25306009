// The `workload` section of a scenario file when it describes a synthetic workload: what the YAML
// may say, its defaults, and the checks that span fields. Parsing yields a SyntheticWorkload with
// every default filled in and every size in bytes and duration in seconds, ready for synthetic().
//
//   workload:
//     type: synthetic
//     requests: 1000000
//     objects: 100000
//     keys: { dist: zipf, alpha: 0.9 }          # any key distribution of registry.ts
//     scans: { fraction: 0.05, length: 5000 }   # optional: sequential scans mixed in
//     oneHitWonders: 0.1                        # share of requests to never-seen objects
//     sizes: { dist: lognormal, median: 4KiB, sigma: 1.0, max: 1MiB }   # or just `sizes: 4KiB`
//     ops: { get: 0.9, set: 0.1 }               # get defaults to whatever set and delete leave
//     ttl: { dist: exponential, mean: 5m }      # or none (default), `ttl: 300s`, uniform min..max
//     rate: 50000                               # requests per second
//     arrivals: poisson                         # or fixed (evenly spaced)
//     context: { regions: [...], devices: [...] }   # optional: see context.ts
//
// Unknown fields are errors (a typo such as `alpah` must not silently fall back to a default).
import { z } from "zod";
import { parseBytes, parseDuration } from "../units.js";
import { contextSchema } from "./context.js";
import { keysSchema } from "./registry.js";
import { MAX_OBJECTS } from "./scatter.js";
import { count, fraction, parsed } from "./schema-fields.js";
import { MAX_SIZE } from "./sizes.js";

const bytes = () =>
  parsed(parseBytes, "a size such as 4096, 4KiB or 1.5GB").pipe(
    z.number().min(1, "must be at least 1 byte").max(MAX_SIZE, `must be at most ${MAX_SIZE} bytes (4GiB - 1)`),
  );
/** TTLs are whole seconds of at least 1 (0 means "no TTL" in a batch). */
const ttlSeconds = () =>
  parsed(parseDuration, "a duration such as 300s, 5ms or 2m")
    .pipe(
      z
        .number()
        .min(1, "a TTL must be at least 1s")
        .max(2 ** 32 - 1),
    )
    .transform(Math.round);

const scans = z.strictObject({
  /** Share of all requests that belong to scans. */
  fraction: z.number().gt(0).max(1),
  /** Requests (consecutive ids) per scan. */
  length: count(Number.MAX_SAFE_INTEGER).default(1000),
  /** Scans cover ids 0..range-1; default: all objects. */
  range: count(MAX_OBJECTS).optional(),
  /** random: each scan starts at a random id; loop: each resumes where the last stopped. */
  mode: z.enum(["random", "loop"]).default("random"),
});

const fixedSizes = z.strictObject({ dist: z.literal("fixed"), size: bytes().default(4096) });
const uniformSizes = z.strictObject({ dist: z.literal("uniform"), min: bytes(), max: bytes() });
const lognormalSizes = z.strictObject({
  dist: z.literal("lognormal"),
  median: bytes(),
  sigma: z.number().min(0),
  min: bytes().default(1),
  max: bytes().default(MAX_SIZE),
});
const paretoSizes = z.strictObject({
  dist: z.literal("pareto"),
  /** The scale xm: the smallest size. */
  min: bytes(),
  alpha: z.number().gt(0),
  max: bytes().default(MAX_SIZE),
});
const sizes = z.preprocess(
  (v) => (typeof v === "string" || typeof v === "number" ? { dist: "fixed", size: v } : v),
  z.discriminatedUnion("dist", [fixedSizes, uniformSizes, lognormalSizes, paretoSizes]),
);

const ops = z
  .strictObject({ get: fraction().optional(), set: fraction().default(0), delete: fraction().default(0) })
  .transform((o, ctx) => {
    const get = o.get ?? 1 - o.set - o.delete;
    const sum = get + o.set + o.delete;
    if (get < -1e-12 || Math.abs(sum - 1) > 1e-9) {
      ctx.issues.push({
        code: "custom",
        message: `op fractions must add up to 1 (get ${+get.toFixed(6)} + set ${o.set} + delete ${o.delete} = ${+sum.toFixed(6)})`,
        input: o,
      });
      return z.NEVER;
    }
    return { get: Math.max(0, get), set: o.set, delete: o.delete };
  });

const ttl = z.preprocess(
  (v) =>
    v === null || v === "none"
      ? { dist: "none" }
      : typeof v === "string" || typeof v === "number"
        ? { dist: "fixed", value: v }
        : v,
  z.discriminatedUnion("dist", [
    z.strictObject({ dist: z.literal("none") }),
    z.strictObject({ dist: z.literal("fixed"), value: ttlSeconds() }),
    z.strictObject({ dist: z.literal("uniform"), min: ttlSeconds(), max: ttlSeconds() }),
    z.strictObject({
      dist: z.literal("exponential"),
      mean: parsed(parseDuration, "a duration such as 300s, 5ms or 2m").pipe(z.number().gt(0)),
    }),
  ]),
);

export const syntheticWorkload = z
  .strictObject({
    type: z.literal("synthetic"),
    requests: count(Number.MAX_SAFE_INTEGER),
    /** Distinct objects of the key distribution (one-hit wonders come on top). */
    objects: count(MAX_OBJECTS),
    keys: keysSchema.default({ dist: "zipf", alpha: 1, scatter: true }),
    scans: scans.optional(),
    oneHitWonders: z.number().min(0).lt(1).default(0),
    sizes: sizes.default({ dist: "fixed", size: 4096 }),
    ops: ops.default({ get: 1, set: 0, delete: 0 }),
    ttl: ttl.default({ dist: "none" }),
    /** Requests per second. */
    rate: z.number().gt(0).default(10000),
    arrivals: z.enum(["poisson", "fixed"]).default("poisson"),
    /** Regions, devices and diurnal hot sets (context.ts); absent = requests carry no context. */
    context: contextSchema.optional(),
  })
  .superRefine((w, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const s = w.sizes;
    if ((s.dist === "uniform" || s.dist === "lognormal" || s.dist === "pareto") && s.min > s.max) {
      issue(["sizes", "max"], `max (${s.max} bytes) is below min (${s.min} bytes)`);
    }
    if (w.ttl.dist === "uniform" && w.ttl.min > w.ttl.max) {
      issue(["ttl", "max"], `max (${w.ttl.max}s) is below min (${w.ttl.min}s)`);
    }
    if (w.scans) {
      if (w.scans.range !== undefined && w.scans.range > w.objects) {
        issue(["scans", "range"], `the scan range (${w.scans.range}) exceeds objects (${w.objects})`);
      }
      if (w.scans.fraction + w.oneHitWonders > 1) {
        issue(["scans", "fraction"], `scans (${w.scans.fraction}) and oneHitWonders (${w.oneHitWonders}) exceed 1`);
      }
    }
    if (w.context && w.oneHitWonders > 0) {
      issue(["context"], "a workload with context cannot have oneHitWonders (both add ids above objects)");
    }
    if (
      w.context &&
      (w.objects + w.context.regions.length * w.context.periods * w.context.hotObjects) *
        (w.context.devices?.length ?? 1) >
        2 ** 32 - 1
    ) {
      issue(["context", "hotObjects"], "objects plus the hot sets, times the device types, exceed 2^32 - 1 ids");
    }
    if (w.objects + w.requests * w.oneHitWonders > 2 ** 32 - 1) {
      issue(["oneHitWonders"], "objects plus the expected one-hit wonders exceed 2^32 - 1 ids");
    }
  });

/** A parsed synthetic workload: defaults filled, sizes in bytes, durations in seconds. */
export type SyntheticWorkload = z.output<typeof syntheticWorkload>;
/** What a scenario file may write. */
export type SyntheticWorkloadInput = z.input<typeof syntheticWorkload>;
