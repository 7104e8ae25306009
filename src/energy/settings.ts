// The `energy:` section a scenario may carry (to be added to the scenario schema), and the same
// settings from command-line flags: which profile, cloud, processor, grid region and backend class,
// the request rate, a price, and single-coefficient overrides. Flags win over the scenario.
//
//   energy:
//     profile: ./my-profile.yaml        # default: the shipped ccf-aws profile
//     cloud: gcp                        # processor: cascade-lake, region: us-west-2, backend: sql
//     rate: 50000                       # requests per second (default: the workload's own rate)
//     price: { perKwh: 0.25, currency: EUR }
//     coef: { clouds.gcp.pue: 1.09 }
import { dirname, resolve } from "node:path";
import { z } from "zod";
import type { Choice } from "./model.js";
import { type EnergyProfile, readProfile, withOverrides } from "./profile.js";
import { defaultProfile } from "./profiles/default.js";

export const energySectionSchema = z
  .strictObject({
    profile: z.string().min(1).optional(),
    cloud: z.string().min(1).optional(),
    processor: z.string().min(1).optional(),
    region: z.string().min(1).optional(),
    backend: z.string().min(1).optional(),
    rate: z.number().gt(0).optional(),
    price: z.strictObject({ perKwh: z.number().nonnegative(), currency: z.string().min(1) }).optional(),
    coef: z.record(z.string(), z.number().nonnegative()).optional(),
  })
  .optional();
export type EnergySection = z.infer<typeof energySectionSchema>;

export interface EnergyFlags {
  "energy-profile"?: string;
  cloud?: string;
  processor?: string;
  region?: string;
  backend?: string;
  rate?: number;
  coef?: string[];
}

export interface EnergySettings {
  profile: EnergyProfile;
  choice: Choice;
  /** Undefined: take the workload's own rate. */
  requestRatePerS?: number;
}

/** Merges a scenario's `energy:` section (paths relative to the scenario file) with flags; flags win. */
export function energySettings(
  section: EnergySection,
  scenarioPath: string | undefined,
  flags: EnergyFlags = {},
): EnergySettings {
  const fromScenario = section?.profile
    ? readProfile(scenarioPath ? resolve(dirname(scenarioPath), section.profile) : section.profile)
    : undefined;
  const base = flags["energy-profile"] ? readProfile(flags["energy-profile"]) : (fromScenario ?? defaultProfile);
  const overrides = [
    ...Object.entries(section?.coef ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(section?.price ? [`price.perKwh=${section.price.perKwh}`, `price.currency=${section.price.currency}`] : []),
    ...(flags.coef ?? []),
  ];
  return {
    profile: withOverrides(base, overrides),
    choice: {
      cloud: flags.cloud ?? section?.cloud,
      processor: flags.processor ?? section?.processor,
      region: flags.region ?? section?.region,
      backend: flags.backend ?? section?.backend,
    },
    requestRatePerS: flags.rate ?? section?.rate,
  };
}
