// Flags shared by every command that estimates energy (simulate, demo, plan): the request rate and
// the choices and overrides of the energy profile. Each wins over the scenario's `energy:` section,
// which wins over the profile's own defaults (docs/energy.md).
import { Flags } from "@oclif/core";
import { InputError } from "../core/errors.js";
import type { EnergyFlags } from "../energy/settings.js";

const group = "ENERGY";

export const energyFlags = {
  rate: Flags.string({
    description:
      "requests per second the energy is priced at (default: the scenario's energy.rate, a synthetic workload's rate, or a trace's own from its clock)",
    helpGroup: group,
  }),
  cloud: Flags.string({
    description: "cloud of the compute coefficients and PUE: aws, gcp, azure (default: the profile's, aws)",
    helpGroup: group,
  }),
  processor: Flags.string({
    description:
      "processor micro-architecture of the cloud, e.g. graviton2, cascade-lake (default: the cloud's average)",
    helpGroup: group,
  }),
  region: Flags.string({
    description: "grid region of the CO2e intensity, e.g. us-east-1 (default: world)",
    helpGroup: group,
  }),
  backend: Flags.string({
    description: "backend class a miss goes to: kv, sql, heavy (default: kv)",
    helpGroup: group,
  }),
  "energy-profile": Flags.string({
    description: "energy profile file (JSON or YAML) instead of the shipped ccf-aws one",
    helpGroup: group,
  }),
  coef: Flags.string({
    description: "override one energy coefficient: path=value (repeatable), e.g. price.perKwh=0.25",
    multiple: true,
    helpGroup: group,
  }),
};

export interface EnergyFlagValues {
  rate?: string;
  cloud?: string;
  processor?: string;
  region?: string;
  backend?: string;
  "energy-profile"?: string;
  coef?: string[];
}

/** The energy flags as the energy settings take them; a bad --rate is an input error. */
export function energyFlagsFrom(f: EnergyFlagValues): EnergyFlags {
  const rate = f.rate === undefined ? undefined : Number(f.rate);
  if (rate !== undefined && !(rate > 0 && Number.isFinite(rate))) {
    throw new InputError(`--rate '${f.rate}': give requests per second above 0, e.g. 50000`);
  }
  return {
    rate,
    cloud: f.cloud,
    processor: f.processor,
    region: f.region,
    backend: f.backend,
    "energy-profile": f["energy-profile"],
    coef: f.coef,
  };
}
