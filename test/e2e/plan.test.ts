import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultProfile } from "../../src/energy/profiles/default.js";
import { scratch } from "../workload/helpers.js";
import { type CliResult, cli, FIXTURES } from "./cli.js";

const OG = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;

function oneLineInputError(r: CliResult): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^cachelab: /);
  return lines[0];
}

interface PlanJson {
  unit: string;
  maxHitRatio: number;
  rows: {
    policy: string;
    capacity: number;
    hitRatio: number;
    nodes: number;
    energy: { perMonth: { kWh: Record<string, number>; cost: number | null } };
  }[];
}

async function simulatedHitRatio(args: string[], policy: string, capacity: number, unit: string): Promise<number> {
  const r = await cli([
    "simulate",
    ...args,
    "--eviction",
    policy,
    "--capacity",
    String(capacity),
    "--unit",
    unit,
    "--json",
    "--no-save",
  ]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).results[0].hitRatio;
}

describe("cachelab plan (real binary)", () => {
  it("answers for a trace scenario, and simulating each answer meets the target", async () => {
    const r = await cli([
      "plan",
      "scenarios/cloudphysics.yaml",
      "--target-hit-ratio",
      "0.5",
      "--policies",
      "lru,s3fifo",
      "--points",
      "8",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as PlanJson;
    expect(plan.rows.map((x) => x.policy)).toEqual(["lru", "s3fifo"]);
    for (const row of plan.rows) {
      expect(row.hitRatio).toBeGreaterThanOrEqual(0.5);
      expect(row.nodes).toBe(1);
      const k = row.energy.perMonth.kWh;
      expect(k.total).toBeCloseTo(k.cpu + k.memory + k.network + k.backend, 9);
      expect(row.energy.perMonth.cost).toBeNull();
      const hit = await simulatedHitRatio(["scenarios/cloudphysics.yaml"], row.policy, row.capacity, plan.unit);
      expect(hit).toBeGreaterThanOrEqual(0.5);
      expect(hit).toBeCloseTo(row.hitRatio, 12);
    }
    // LRU's answer is the smallest size: one byte less misses the target
    const lru = plan.rows[0];
    const below = await simulatedHitRatio(["scenarios/cloudphysics.yaml"], "lru", lru.capacity - 1, plan.unit);
    expect(below).toBeLessThan(0.5);
  });

  it("answers for the quick-start scenario (LRU), and simulating the answer meets the target", async () => {
    for (const [scenario, target] of [["scenarios/quickstart.yaml", 0.6]] as const) {
      const r = await cli(["plan", scenario, "--target-hit-ratio", String(target), "--policies", "lru", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const plan = JSON.parse(r.stdout) as PlanJson;
      const row = plan.rows[0];
      const hit = await simulatedHitRatio([scenario], "lru", row.capacity, plan.unit);
      expect(hit, scenario).toBeGreaterThanOrEqual(target);
    }
  });

  it("prints a table, the energy split, notes and the curve", async () => {
    const r = await cli([
      "plan",
      "--trace",
      OG,
      "--unit",
      "bytes",
      "--target-hit-ratio",
      "0.4",
      "--rate",
      "1000",
      "--coef",
      "price.perKwh=0.3",
      "--coef",
      "price.currency=EUR",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^policy +capacity +hit ratio +nodes +kWh\/month +kgCO2e\/month +EUR\/month/m);
    expect(r.stdout).toMatch(/^lru .* exact /m);
    expect(r.stdout).toMatch(/cpu +memory +network +backend +total/);
    expect(r.stdout).toMatch(/miss ratio by cache size/);
  });

  it("bad input: a target above the floor, a node smaller than an object, a bad profile — one line, exit 2", async () => {
    const floor = oneLineInputError(await cli(["plan", "--trace", OG, "--target-hit-ratio", "0.95"]));
    expect(floor).toMatch(/best reachable hit ratio is 0\.5699 \(the compulsory-miss floor\)/);
    const node = oneLineInputError(
      await cli(["plan", "--trace", OG, "--unit", "bytes", "--target-hit-ratio", "0.3", "--node-memory", "4KiB"]),
    );
    expect(node).toMatch(/smaller than the largest object \(69632 bytes\)/);
    const dir = scratch();
    const missing = structuredClone(defaultProfile) as Record<string, unknown>;
    delete missing.networkKwhPerGb;
    writeFileSync(join(dir, "missing.json"), JSON.stringify(missing));
    const e1 = oneLineInputError(
      await cli(["plan", "--trace", OG, "--target-hit-ratio", "0.3", "--energy-profile", join(dir, "missing.json")]),
    );
    expect(e1).toMatch(/missing\.json: networkKwhPerGb: /);
    const negative = structuredClone(defaultProfile);
    negative.memoryKwhPerGbHour.value = -0.1;
    writeFileSync(join(dir, "negative.json"), JSON.stringify(negative));
    const e2 = oneLineInputError(
      await cli(["plan", "--trace", OG, "--target-hit-ratio", "0.3", "--energy-profile", join(dir, "negative.json")]),
    );
    expect(e2).toMatch(/negative\.json: memoryKwhPerGbHour\.value: /);
    oneLineInputError(await cli(["plan", "--trace", OG, "--target-hit-ratio", "1.5"]));
    oneLineInputError(await cli(["plan", "--trace", OG, "--target-hit-ratio", "0.3", "--coef", "clouds.aws.pue=-2"]));
  });
});
