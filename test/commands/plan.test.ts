import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { defaultProfile } from "../../src/energy/profiles/default.js";
import { readResult } from "../../src/report/read.js";
import { scratch } from "../workload/helpers.js";
import { type CliResult, FIXTURES, ROOT, run } from "./run.js";

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
  notes: string[];
  rows: {
    policy: string;
    capacity: number;
    hitRatio: number;
    nodes: number;
    energy: { perMonth: { kWh: Record<string, number>; cost: number | null } };
  }[];
}

async function simulatedHitRatio(args: string[], policy: string, capacity: number, unit: string): Promise<number> {
  const r = await run([
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

describe("cachelab plan (in-process)", () => {
  it("answers for a trace scenario, and simulating each answer meets the target", async () => {
    const r = await run([
      "plan",
      "--no-save",
      `${ROOT}scenarios/cloudphysics.yaml`,
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
      const hit = await simulatedHitRatio([`${ROOT}scenarios/cloudphysics.yaml`], row.policy, row.capacity, plan.unit);
      expect(hit).toBeGreaterThanOrEqual(0.5);
      expect(hit).toBeCloseTo(row.hitRatio, 12);
    }
    // LRU's answer is the smallest size: one byte less misses the target
    const lru = plan.rows[0];
    const below = await simulatedHitRatio([`${ROOT}scenarios/cloudphysics.yaml`], "lru", lru.capacity - 1, plan.unit);
    expect(below).toBeLessThan(0.5);
  });

  it("answers for every shipped scenario (LRU, exact), and simulating each answer meets the target", async () => {
    // The synthetic scenarios run at a tenth of their requests and objects (same keys, sizes, scans,
    // units and policies' unit), so the suite stays fast; the trace scenario runs as shipped.
    const dir = `${ROOT}scenarios/`;
    const small = scratch();
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const text = readFileSync(`${dir}${f}`, "utf8");
      let path = `${dir}${f}`;
      if (/type: synthetic/.test(text)) {
        path = join(small, f);
        writeFileSync(
          path,
          text.replace(
            /^(\s+)(requests|objects): (\d+)/gm,
            (_m, sp, k, n) => `${sp}${k}: ${Math.ceil(Number(n) / 10)}`,
          ),
        );
      }
      // plan sizes one cache; a cluster scenario's answer is checked on the same workload as one cache
      const doc = parse(readFileSync(path, "utf8"));
      const clustered = doc.cluster !== undefined;
      let single = path;
      if (clustered) {
        delete doc.cluster;
        single = join(small, `single-${f}`);
        writeFileSync(single, stringify(doc));
      }
      const probe = await run(["plan", "--no-save", path, "--target-hit-ratio", "0.01", "--policies", "lru", "--json"]);
      expect(probe.code, `${f}: ${probe.stderr}`).toBe(0);
      // a target below the scenario's compulsory-miss floor: 60 % of the best reachable hit ratio
      const target = Number(((JSON.parse(probe.stdout) as PlanJson).maxHitRatio * 0.6).toFixed(3));
      const r = await run([
        "plan",
        "--no-save",
        path,
        "--target-hit-ratio",
        String(target),
        "--policies",
        "lru",
        "--json",
      ]);
      expect(r.code, `${f}: ${r.stderr}`).toBe(0);
      const plan = JSON.parse(r.stdout) as PlanJson;
      const row = plan.rows[0];
      expect(row.hitRatio, f).toBeGreaterThanOrEqual(target);
      if (clustered) expect(plan.notes.join("\n"), f).toMatch(/cluster: section .* is not modelled/);
      const hit = await simulatedHitRatio([single], "lru", row.capacity, plan.unit);
      expect(hit, f).toBeGreaterThanOrEqual(target);
      expect(hit, f).toBeCloseTo(row.hitRatio, 12);
    }
  });

  it("writes a plan result file that the result schema reads back", async () => {
    const out = join(scratch(), "plan.json");
    const r = await run(["plan", "--trace", OG, "--target-hit-ratio", "0.3", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/result written to .*plan\.json/);
    const saved = readResult(out);
    expect(saved.kind).toBe("plan");
    expect((saved as unknown as PlanJson).rows[0].policy).toBe("lru");
  });

  it("prints a table, the energy split, notes and the curve", async () => {
    const r = await run([
      "plan",
      "--no-save",
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
    const floor = oneLineInputError(await run(["plan", "--no-save", "--trace", OG, "--target-hit-ratio", "0.95"]));
    expect(floor).toMatch(/best reachable hit ratio is 0\.5699 \(the compulsory-miss floor\)/);
    const node = oneLineInputError(
      await run([
        "plan",
        "--no-save",
        "--trace",
        OG,
        "--unit",
        "bytes",
        "--target-hit-ratio",
        "0.3",
        "--node-memory",
        "4KiB",
      ]),
    );
    expect(node).toMatch(/smaller than the largest object \(69632 bytes\)/);
    const dir = scratch();
    const missing = structuredClone(defaultProfile) as Record<string, unknown>;
    delete missing.networkKwhPerGb;
    writeFileSync(join(dir, "missing.json"), JSON.stringify(missing));
    const e1 = oneLineInputError(
      await run([
        "plan",
        "--no-save",
        "--trace",
        OG,
        "--target-hit-ratio",
        "0.3",
        "--energy-profile",
        join(dir, "missing.json"),
      ]),
    );
    expect(e1).toMatch(/missing\.json: networkKwhPerGb: /);
    const negative = structuredClone(defaultProfile);
    negative.memoryKwhPerGbHour.value = -0.1;
    writeFileSync(join(dir, "negative.json"), JSON.stringify(negative));
    const e2 = oneLineInputError(
      await run([
        "plan",
        "--no-save",
        "--trace",
        OG,
        "--target-hit-ratio",
        "0.3",
        "--energy-profile",
        join(dir, "negative.json"),
      ]),
    );
    expect(e2).toMatch(/negative\.json: memoryKwhPerGbHour\.value: /);
    oneLineInputError(await run(["plan", "--no-save", "--trace", OG, "--target-hit-ratio", "1.5"]));
    oneLineInputError(
      await run(["plan", "--no-save", "--trace", OG, "--target-hit-ratio", "0.3", "--coef", "clouds.aws.pue=-2"]),
    );
  });
});
