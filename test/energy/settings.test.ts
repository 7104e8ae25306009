import { describe, expect, it } from "vitest";
import { energySectionSchema, energySettings } from "../../src/energy/settings.js";

describe("energy settings", () => {
  it("takes a scenario's section, and flags win over it", () => {
    const section = energySectionSchema.parse({
      cloud: "gcp",
      backend: "sql",
      rate: 5000,
      price: { perKwh: 0.2, currency: "EUR" },
      coef: { "clouds.gcp.pue": 1.09 },
    });
    const s = energySettings(section, "scenarios/x.yaml", { backend: "heavy", coef: ["memoryKwhPerGbHour=0.0005"] });
    expect(s.choice).toEqual({ cloud: "gcp", processor: undefined, region: undefined, backend: "heavy" });
    expect(s.requestRatePerS).toBe(5000);
    expect(s.profile.clouds.gcp.pue.value).toBe(1.09);
    expect(s.profile.memoryKwhPerGbHour.value).toBe(0.0005);
    expect(s.profile.price).toMatchObject({ perKwh: { value: 0.2 }, currency: "EUR" });
    expect(energySettings(undefined, undefined).profile.name).toBe("ccf-aws");
    expect(energySectionSchema.safeParse({ rate: -1 }).success).toBe(false);
  });
});
