import { describe, expect, it } from "vitest";
import { attachEnergy, rateFromSpan } from "../../src/analysis/energy-rows.js";
import { simulate, traceWorkload } from "../../src/sim/simulate.js";
import { openTrace } from "../../src/workload/formats.js";

const CLOUD = new URL("../fixtures/traces/cloudPhysicsIO.oracleGeneral.bin", import.meta.url).pathname;

describe("attachEnergy", () => {
  it("gives every simulate row an energy split, and the bigger cache's backend part is smaller", async () => {
    const result = await simulate({
      name: "t",
      seed: 1,
      workload: traceWorkload(CLOUD, "oracleGeneral", () => openTrace(CLOUD)),
      evictions: [{ name: "lru", params: {} }],
      capacities: [
        { text: "64MiB", amount: 64 << 20 },
        { text: "1GiB", amount: 1 << 30 },
      ],
      unit: "bytes",
      warmup: { requests: 0 },
      window: 0,
      threads: 1,
    });
    const withE = attachEnergy(result, {
      requestRatePerS: rateFromSpan(113_872, 0, 7200)!,
      choice: { backend: "sql" },
    });
    expect(withE.results).toHaveLength(2);
    const [small, big] = withE.results.map((r) => r.energy);
    for (const e of [small, big]) {
      const k = e.run.kWh;
      expect(k.total).toBeCloseTo(k.cpu + k.memory + k.network + k.backend, 12);
      expect(e.perMonth.kWh.total).toBeGreaterThan(e.run.kWh.total);
      expect(e.run.cost).toBeNull();
      expect(e.joulesPerRequest).toBeGreaterThan(0);
    }
    expect(big.run.kWh.memory).toBeGreaterThan(small.run.kWh.memory);
    expect(big.run.kWh.backend).toBeLessThan(small.run.kWh.backend);
    expect(result.results[0] as object).not.toHaveProperty("energy");
    expect(rateFromSpan(10, 5, 5)).toBeNull();
  });
});
