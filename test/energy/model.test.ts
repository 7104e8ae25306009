import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { energyForRow, estimate, SECONDS_PER_MONTH } from "../../src/energy/model.js";
import { parseProfile, readProfile, withOverrides } from "../../src/energy/profile.js";
import { defaultProfile } from "../../src/energy/profiles/default.js";

describe("CCF worked example", () => {
  // 4 vCPU at 50 % for 1 h (7200 CPU-seconds), 16 GB memory, 1 GB moved, AWS coefficients
  const usage = {
    durationS: 3600,
    vcpus: 4,
    cpuSeconds: 4 * 0.5 * 3600,
    memoryGB: 16,
    networkGB: 1,
    backendRequests: 0,
  };

  it("gives 0.015752 kWh before PUE and 0.01787852 kWh with PUE 1.135", () => {
    const e = estimate(usage, defaultProfile, { cloud: "aws" });
    expect(e.itKwh.cpu).toBeCloseTo(0.00848, 12); // 4 × (0.74 + 0.5 × (3.5 − 0.74)) W × 1 h
    expect(e.itKwh.memory).toBeCloseTo(0.006272, 12); // 16 GB × 0.000392 kWh/GB-h
    expect(e.itKwh.network).toBeCloseTo(0.001, 12);
    expect(e.itKwh.total).toBeCloseTo(0.015752, 12);
    expect(e.kWh.total).toBeCloseTo(0.01787852, 12);
    expect(e.cost).toBeNull(); // no invented price
    expect(e.gCO2e).toBeCloseTo(0.01787852 * 475, 9); // world average grid
  });

  it("takes a price only when one is given", () => {
    const p = withOverrides(defaultProfile, ["price.perKwh=0.2", "price.currency=EUR"]);
    const e = estimate(usage, p);
    expect(e.cost).toBeCloseTo(0.01787852 * 0.2, 12);
    expect(e.currency).toBe("EUR");
  });
});

describe("profiles", () => {
  it("names a source for every coefficient of the default profile", () => {
    const walk = (o: unknown, path: string): string[] => {
      if (o === null || typeof o !== "object") return [];
      const r = o as Record<string, unknown>;
      if (typeof r.value === "number") {
        expect(typeof r.source, path).toBe("string");
        expect((r.source as string).length, path).toBeGreaterThan(10);
        return [path];
      }
      return Object.entries(r).flatMap(([k, v]) => walk(v, path ? `${path}.${k}` : k));
    };
    const found = walk(defaultProfile, "");
    expect(found).toContain("memoryKwhPerGbHour");
    expect(found).toContain("clouds.aws.pue");
    expect(parseProfile(defaultProfile, "default")).toEqual(defaultProfile);
  });

  it("rejects a missing or negative coefficient with one line naming the field", () => {
    const { memoryKwhPerGbHour: _, ...missing } = defaultProfile;
    expect(() => parseProfile(missing, "p.json")).toThrow(/^p\.json: memoryKwhPerGbHour: /);
    const negative = structuredClone(defaultProfile);
    negative.clouds.aws.pue.value = -1;
    expect(() => parseProfile(negative, "p.json")).toThrow(/^p\.json: clouds\.aws\.pue\.value: .*>=\s?0/);
    const dir = tmpdir();
    const f = join(dir, `cachelab-profile-${process.pid}.yaml`);
    writeFileSync(f, "name: x\n");
    expect(() => readProfile(f)).toThrow(/cachelab-profile-.*\.yaml: /);
    expect(() => withOverrides(defaultProfile, ["networkKwhPerGb=-1"])).toThrow(/cannot be negative/);
    expect(() => withOverrides(defaultProfile, ["nope=1"])).toThrow(/no coefficient nope/);
  });

  it("overrides one coefficient and records the override as its source", () => {
    const p = withOverrides(defaultProfile, ["clouds.aws.pue=1.2", "grid.regions.eu-north-1=45"]);
    expect(p.clouds.aws.pue).toEqual({ value: 1.2, unit: "ratio", source: "set on the command line" });
    expect(p.grid.regions["eu-north-1"].value).toBe(45);
    expect(defaultProfile.clouds.aws.pue.value).toBe(1.135);
  });
});

describe("energyForRow", () => {
  const row = {
    requests: 1_000_000,
    misses: 100_000,
    byteRequests: 4e9,
    byteMisses: 4e8,
    capacity: 1e9,
    unit: "bytes" as const,
  };

  it("breaks a run and a month into cpu, memory, network and backend", () => {
    const e = energyForRow(row, { profile: defaultProfile, requestRatePerS: 10_000, meanObjectBytes: 4000 });
    expect(e.basis.durationS).toBe(100);
    expect(e.basis.memoryGB).toBe(1);
    expect(e.basis.networkGB).toBeCloseTo(4.4, 12);
    expect(e.basis.backendRequests).toBe(100_000);
    const k = e.run.kWh;
    expect(k.total).toBeCloseTo(k.cpu + k.memory + k.network + k.backend, 15);
    expect(k.backend).toBeCloseTo((100_000 / 350 / 3.6e6) * 1.135, 15);
    expect(e.joulesPerRequest).toBeCloseTo((k.total * 3.6e6) / 1e6, 12);
    // a month at the same rate: everything that scales with requests scales by month/run
    const f = SECONDS_PER_MONTH / 100;
    expect(e.perMonth.kWh.backend).toBeCloseTo(k.backend * f, 9);
    expect(e.perMonth.kWh.memory).toBeCloseTo(k.memory * f, 9);
  });

  it("counts objects as mean-size bytes in the objects unit", () => {
    const objRow = { ...row, unit: "objects" as const, capacity: 1000, byteRequests: 1_000_000, byteMisses: 100_000 };
    const e = energyForRow(objRow, { profile: defaultProfile, requestRatePerS: 10_000, meanObjectBytes: 4000 });
    expect(e.basis.memoryGB).toBeCloseTo(4e-3, 12);
    expect(e.basis.networkGB).toBeCloseTo(4.4, 12);
  });

  it("shows why a bigger cache can cost less energy in total", () => {
    const ctx = { profile: defaultProfile, requestRatePerS: 10_000, meanObjectBytes: 4000, choice: { backend: "sql" } };
    const small = energyForRow({ ...row, capacity: 1e8, misses: 500_000 }, ctx);
    const big = energyForRow({ ...row, capacity: 1e9, misses: 100_000 }, ctx);
    expect(big.run.kWh.memory).toBeGreaterThan(small.run.kWh.memory);
    expect(big.run.kWh.total).toBeLessThan(small.run.kWh.total);
  });
});

describe("per-processor coefficients", () => {
  it("replace the cloud's average watts when a processor is chosen", () => {
    const usage = { durationS: 3600, vcpus: 1, cpuSeconds: 3600, memoryGB: 0, networkGB: 0, backendRequests: 0 };
    const g2 = estimate(usage, defaultProfile, { cloud: "aws", processor: "graviton2" });
    expect(g2.itKwh.cpu).toBeCloseTo(1.671875 / 1000, 12); // fully busy: max watts for an hour
    expect(() => estimate(usage, defaultProfile, { cloud: "aws", processor: "z80" })).toThrow(
      /unknown processor 'z80' for aws/,
    );
  });
});
