// Every simulate result row carries its estimated energy (src/energy/model.ts), split into cpu,
// memory, network and backend, priced at the run's request rate; it is part of the deterministic
// result (a function of the counters and the settings only).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseResult } from "../../src/report/read.js";
import { FIXTURES, run, withoutProgress } from "./run.js";

const BIN_TRACE = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;
const dir = mkdtempSync(join(tmpdir(), "cachelab-energy-"));
const SCENARIO = join(dir, "energy.yaml");
writeFileSync(
  SCENARIO,
  `name: energy
seed: 9
workload:
  type: synthetic
  requests: 20000
  objects: 2000
  keys: { dist: zipf, alpha: 0.9 }
  sizes: { dist: fixed, size: 4KiB }
  rate: 2000
cache:
  unit: objects
  capacity: [1%, 50%]
  eviction: [lru, s3fifo]
energy:
  cloud: gcp
  region: us-east-1
  backend: sql
  price: { perKwh: 0.25, currency: EUR }
`,
);

type Parts = { cpu: number; memory: number; network: number; backend: number; total: number };
type Row = {
  eviction: string;
  capacity: number;
  requests: number;
  misses: number;
  energy: {
    cloud: string;
    region: string;
    backend: string;
    requestRatePerS: number;
    joulesPerRequest: number;
    basis: { backendRequests: number; durationS: number };
    run: { kWh: Parts; itKwh: Parts; gCO2e: number; cost: number | null; currency: string | null };
    perMonth: { kWh: Parts; gCO2e: number; cost: number | null };
  };
};

describe("simulate: energy on every row", () => {
  it("carries energy split into cpu, memory, network and backend, with the scenario's settings and price", async () => {
    const r = await run(["simulate", SCENARIO, "--json", "--no-save"]);
    expect(withoutProgress(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    parseResult(j, "simulate --json"); // the schema reads it back, energy included
    const rows = j.results as Row[];
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const e = row.energy;
      expect(e).toMatchObject({ cloud: "gcp", region: "us-east-1", backend: "sql", requestRatePerS: 2000 });
      for (const p of [e.run.kWh, e.run.itKwh, e.perMonth.kWh]) {
        for (const k of ["cpu", "memory", "network", "backend"] as const) expect(p[k]).toBeGreaterThan(0);
        expect(p.cpu + p.memory + p.network + p.backend).toBeCloseTo(p.total, 12);
      }
      // GCP's PUE 1.1 on every part; SQL's 0.02 J per miss
      expect(e.run.kWh.total / e.run.itKwh.total).toBeCloseTo(1.1, 12);
      expect(e.run.itKwh.backend).toBeCloseTo((row.misses * 0.02) / 3.6e6, 15);
      expect(e.basis.backendRequests).toBe(row.misses);
      expect(e.basis.durationS).toBeCloseTo(row.requests / 2000, 9);
      expect(e.joulesPerRequest).toBeCloseTo((e.run.kWh.total * 3.6e6) / row.requests, 12);
      expect(e.run.cost).toBeCloseTo(e.run.kWh.total * 0.25, 15);
      expect(e.run.currency).toBe("EUR");
      expect(e.perMonth.kWh.total).toBeGreaterThan(e.run.kWh.total);
    }
    // a bigger cache: more memory held, less backend work
    const [small, big] = rows.filter((x) => x.eviction === "lru");
    expect(big.energy.run.kWh.memory).toBeGreaterThan(small.energy.run.kWh.memory);
    expect(big.energy.run.kWh.backend).toBeLessThan(small.energy.run.kWh.backend);
  });

  it("is deterministic: the same scenario and seed give the same energy bytes, whatever the threads", async () => {
    const a = await run(["simulate", SCENARIO, "--json", "--no-save"]);
    const b = await run(["simulate", SCENARIO, "--json", "--no-save", "--threads", "1"]);
    const energy = (s: string) => JSON.stringify((JSON.parse(s).results as Row[]).map((x) => x.energy));
    expect(energy(a.stdout)).toBe(energy(b.stdout));
    expect(energy(a.stdout)).toContain('"perMonth"');
  });

  it("a trace's rate comes from its clock; --rate and the energy flags win", async () => {
    const base = ["simulate", "-t", BIN_TRACE, "-e", "lru", "-c", "489", "--json", "--no-save"];
    const a = JSON.parse((await run(base)).stdout);
    const { requests, startTimeS, endTimeS } = a.trace;
    expect(endTimeS).toBeGreaterThan(startTimeS);
    expect(a.results[0].energy.requestRatePerS).toBeCloseTo(requests / (endTimeS - startTimeS), 9);
    expect(a.results[0].energy.run.cost).toBeNull(); // no price, no cost
    const r = await run([
      ...base,
      "--rate",
      "50000",
      "--cloud",
      "azure",
      "--processor",
      "cascade-lake",
      "--backend",
      "heavy",
      "--coef",
      "price.perKwh=0.3",
      "--coef",
      "price.currency=USD",
    ]);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout).results[0].energy;
    expect(e).toMatchObject({ requestRatePerS: 50000, cloud: "azure", backend: "heavy" });
    expect(e.run.currency).toBe("USD");
  });

  it("bad energy settings: one line, exit 2, before anything is simulated", async () => {
    for (const extra of [
      ["--cloud", "ibm"],
      ["--rate", "0"],
      ["--region", "mars"],
      ["--coef", "clouds.aws.pue=-1"],
    ]) {
      const r = await run(["simulate", "-t", BIN_TRACE, "-e", "lru", "-c", "489", "--no-save", ...extra]);
      expect(r.code, extra.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
