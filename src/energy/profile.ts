// Energy profiles: the coefficients of the energy model, each a value with its unit and a named
// source (src/energy/profiles/default.ts is the shipped one). A user's profile file (JSON or YAML)
// has the same shape and is validated here; a missing or negative coefficient, or one without a
// source, is one clear error naming the file and the field. Single coefficients can also be
// overridden with `path=value` (for example `clouds.aws.pue=1.2`), which records the override as the
// coefficient's source.
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { describeIssue } from "../core/zod-error.js";

const coefficient = z.strictObject({
  value: z.number().nonnegative().finite(),
  unit: z.string().min(1),
  source: z.string().min(1, "every coefficient needs a source"),
  assumption: z.boolean().optional(),
});
export type Coefficient = z.infer<typeof coefficient>;

const cloud = z.strictObject({
  minWattsPerVcpu: coefficient,
  maxWattsPerVcpu: coefficient,
  pue: coefficient,
});
export type CloudCoefficients = z.infer<typeof cloud>;

export const profileSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    /** The cloud whose compute coefficients and PUE apply unless another is chosen. */
    cloud: z.string().min(1),
    clouds: z.record(z.string(), cloud),
    /** Per cloud, per processor micro-architecture: watts per vCPU (chosen with --processor). */
    processors: z
      .record(
        z.string(),
        z.record(z.string(), z.strictObject({ minWattsPerVcpu: coefficient, maxWattsPerVcpu: coefficient })),
      )
      .optional(),
    memoryKwhPerGbHour: coefficient,
    networkKwhPerGb: coefficient,
    grid: z.strictObject({ default: z.string().min(1), regions: z.record(z.string(), coefficient) }),
    backend: z.strictObject({ default: z.string().min(1), classes: z.record(z.string(), coefficient) }),
    cpu: z.strictObject({ secondsPerRequest: coefficient, secondsPerMiss: coefficient }),
    node: z.strictObject({ vcpus: coefficient }),
    /** Electricity price per kWh; no default: cost is omitted until one is given. */
    price: z.strictObject({ perKwh: coefficient, currency: z.string().min(1) }).optional(),
  })
  .superRefine((p, ctx) => {
    if (!p.clouds[p.cloud]) ctx.addIssue({ code: "custom", path: ["cloud"], message: `no clouds.${p.cloud} entry` });
    if (!p.grid.regions[p.grid.default])
      ctx.addIssue({ code: "custom", path: ["grid", "default"], message: `no grid.regions.${p.grid.default} entry` });
    if (!p.backend.classes[p.backend.default])
      ctx.addIssue({
        code: "custom",
        path: ["backend", "default"],
        message: `no backend.classes.${p.backend.default} entry`,
      });
    for (const [name, c] of Object.entries(p.clouds)) {
      if (c.maxWattsPerVcpu.value < c.minWattsPerVcpu.value)
        ctx.addIssue({
          code: "custom",
          path: ["clouds", name, "maxWattsPerVcpu"],
          message: "max watts must not be below min watts",
        });
      if (c.pue.value < 1)
        ctx.addIssue({ code: "custom", path: ["clouds", name, "pue"], message: "PUE is at least 1" });
    }
  });
export type EnergyProfile = z.infer<typeof profileSchema>;

/** Validates a profile object; `where` names it in the error (a file path or "the default profile"). */
export function parseProfile(raw: unknown, where: string): EnergyProfile {
  const r = profileSchema.safeParse(raw);
  if (!r.success) throw new InputError(describeIssue(where, r.error));
  return r.data;
}

/** Reads and validates a profile file (JSON, or YAML by extension). */
export function readProfile(path: string): EnergyProfile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new InputError(`energy profile ${path}: cannot read the file`);
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new InputError(
      `energy profile ${path}: not valid ${/\.ya?ml$/i.test(path) ? "YAML" : "JSON"}: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  return parseProfile(raw, path);
}

/**
 * Applies `path=value` overrides (a dotted path to a coefficient, e.g. `memoryKwhPerGbHour=0.0004`,
 * `clouds.aws.pue=1.2`, `price.perKwh=0.25`); a new price needs `price.currency=EUR` too (default
 * "currency units"). Returns a new, validated profile.
 */
export function withOverrides(p: EnergyProfile, overrides: readonly string[]): EnergyProfile {
  if (overrides.length === 0) return p;
  const out = structuredClone(p) as Record<string, unknown>;
  for (const o of overrides) {
    const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(o.trim());
    if (!m) throw new InputError(`--coef '${o}': expected path=value, e.g. clouds.aws.pue=1.2`);
    const path = m[1].split(".");
    if (path[0] === "price" && out.price === undefined) {
      out.price = {
        perKwh: { value: 0, unit: "per kWh", source: "set on the command line" },
        currency: "currency units",
      };
    }
    if (path.join(".") === "price.currency") {
      (out.price as Record<string, unknown>).currency = m[2];
      continue;
    }
    const value = Number(m[2]);
    if (!Number.isFinite(value)) throw new InputError(`--coef '${o}': '${m[2]}' is not a number`);
    if (value < 0) throw new InputError(`--coef '${o}': a coefficient cannot be negative`);
    let node: unknown = out;
    for (const k of path) {
      if (node === null || typeof node !== "object" || !(k in node)) {
        // a new grid region or backend class may be added with its value
        if (node && typeof node === "object" && (path[0] === "grid" || path[0] === "backend") && k === path.at(-1)) {
          (node as Record<string, unknown>)[k] = {
            value,
            unit: path[0] === "grid" ? "gCO2e/kWh" : "J/miss",
            source: "set on the command line",
          };
          node = undefined;
          break;
        }
        throw new InputError(`--coef '${o}': the profile has no coefficient ${path.join(".")}`);
      }
      node = (node as Record<string, unknown>)[k];
    }
    if (node === undefined) continue;
    if (node === null || typeof node !== "object" || typeof (node as Coefficient).value !== "number")
      throw new InputError(`--coef '${o}': ${path.join(".")} is not a coefficient`);
    const c = node as Coefficient;
    c.value = value;
    c.source = "set on the command line";
    delete c.assumption;
  }
  return parseProfile(out, "energy profile with --coef overrides");
}
