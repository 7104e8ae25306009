// Which charts a result gets and what they hold (built in Node; the browser only draws them).
import { describe, expect, it } from "vitest";
import {
  Colors,
  comparisonChart,
  downsample,
  mrcCharts,
  planCharts,
  simulateCharts,
} from "../../src/report/html/charts.js";
import type { MrcResultOutput, PlanResultOutput, SimulateResult } from "../../src/report/schema.js";
import { energy, loaded, row, simResult, small } from "./fixture.js";

const sim = (r: object) => loaded(r).result as SimulateResult;

describe("HTML report charts", () => {
  it("simulate: a miss-ratio curve across capacities (ascending, with the floor), one time chart per capacity, the energy split", () => {
    const charts = simulateCharts(sim(small()), "r0", new Colors());
    expect(charts.map((c) => c.id)).toEqual(["r0-mrc", "r0-energy"]);
    const mrc = charts[0];
    expect(mrc.x.type).toBe("logarithmic");
    expect(mrc.datasets.map((d) => d.label)).toEqual(["lru", "s3fifo", "belady", "compulsory-miss floor"]);
    expect(mrc.datasets[0].data).toEqual([
      { x: 10, y: 0.6 },
      { x: 50, y: 0.4 },
    ]);
    expect(mrc.datasets[3].data).toEqual([
      { x: 10, y: 0.2 },
      { x: 50, y: 0.2 },
    ]);
    // kWh parts 1:1:2:4 of 8 → a row at 0.06 J/request splits into 0.0075, 0.0075, 0.015, 0.03
    const e = charts[1];
    expect(e.datasets.map((d) => d.label)).toEqual(["cpu", "memory", "network", "backend"]);
    expect(e.datasets.map((d) => (d.data as number[])[0])).toEqual([0.0075, 0.0075, 0.015, 0.03]);
    expect(e.labels?.[0]).toBe("lru @ 10 obj");
  });

  it("hit ratio over time: x = request after warm-up, y = 1 − window miss ratio, phase events as markers", () => {
    const phases = [
      {
        index: 0,
        event: "start",
        atRequest: 0,
        requests: 100,
        hits: 50,
        misses: 50,
        hitRatioBefore: null,
        lowestHitRatio: null,
        recoveryRequests: null,
        keysRemapped: 0,
      },
      {
        index: 1,
        event: "down node-2",
        atRequest: 300,
        requests: 100,
        hits: 50,
        misses: 50,
        hitRatioBefore: 0.5,
        lowestHitRatio: 0.2,
        recoveryRequests: 50,
        keysRemapped: 9,
      },
    ];
    const r = simResult({
      warmup: 200,
      rows: [
        row({ eviction: "lru", capacity: 10, misses: 1, series: [0.5, 0.25, 0.75], window: 100, extra: { phases } }),
      ],
    });
    const [, time] = simulateCharts(sim(r), "r0", new Colors());
    expect(time.kind).toBe("time");
    expect(time.datasets[0].data).toEqual([
      { x: 300, y: 0.5 },
      { x: 400, y: 0.75 },
      { x: 500, y: 0.25 },
    ]);
    expect(time.x.max).toBe(500);
    expect(time.markers).toEqual([{ at: 300, label: "down node-2" }]);
  });

  it("latency percentiles and per-node load when rows carry them", () => {
    const latency = { count: 10, meanMs: 1, p50Ms: 0.4, p90Ms: 0.9, p99Ms: 2, p999Ms: 5, maxMs: 9 };
    const nodes = [
      { name: "n1", requests: 3, hits: 1, misses: 2, byteRequests: 3, evictions: 0, loadShare: 0.75 },
      { name: "n2", requests: 1, hits: 1, misses: 0, byteRequests: 1, evictions: 0, loadShare: 0.25 },
    ];
    const r = simResult({ rows: [row({ eviction: "lru", capacity: 10, misses: 1, extra: { latency, nodes } })] });
    const charts = simulateCharts(sim(r), "r0", new Colors());
    const lat = charts.find((c) => c.kind === "latency");
    expect(lat?.datasets.map((d) => [d.label, (d.data as number[])[0]])).toEqual([
      ["p50", 0.4],
      ["p90", 0.9],
      ["p99", 2],
      ["p99.9", 5],
    ]);
    const load = charts.find((c) => c.kind === "nodes");
    expect(load?.labels).toEqual(["n1", "n2"]);
    expect(load?.datasets[0].data).toEqual([0.75, 0.25]);
    // one capacity: the miss ratio is a bar per policy
    expect(charts[0].type).toBe("bar");
  });

  it("one colour per label across charts", () => {
    const c = new Colors();
    expect(c.of("lru")).toBe(c.of("lru"));
    expect(c.of("lru")).not.toBe(c.of("sieve"));
  });

  it("downsample averages equal runs and keeps the last index of each", () => {
    expect(downsample([1, 2, 3], 5)).toEqual([
      { index: 0, value: 1 },
      { index: 1, value: 2 },
      { index: 2, value: 3 },
    ]);
    expect(downsample([1, 3, 5, 7, 9], 3)).toEqual([
      { index: 1, value: 2 },
      { index: 3, value: 6 },
      { index: 4, value: 9 },
    ]);
  });

  it("before/after: one bar per result at each shared pair; none when nothing is shared", () => {
    const a = loaded(small(), "a.json");
    const b = loaded(simResult({ rows: [row({ eviction: "lru", capacity: 10, misses: 300 })] }), "b.json");
    const cmp = comparisonChart([a, b], new Colors());
    expect(cmp?.labels).toEqual(["lru @ 10 obj"]);
    expect(cmp?.datasets.map((d) => d.data)).toEqual([[0.6], [0.3]]);
    const c = loaded(simResult({ rows: [row({ eviction: "fifo", capacity: 99, misses: 3 })] }), "c.json");
    expect(comparisonChart([a, c], new Colors())).toBeNull();
  });

  const curve = {
    policy: "lru",
    method: "exact-lru" as const,
    unit: "objects" as const,
    requests: 100,
    byteRequests: 100,
    objects: 10,
    workingSetBytes: 10,
    maxObjectBytes: 1,
    compulsoryMisses: 10,
    floorMissRatio: 0.1,
    exact: true,
    notes: [],
    points: [
      { capacity: 0, requests: 100, misses: 100, missRatio: 1, byteMisses: 100, byteMissRatio: 1 },
      { capacity: 2, requests: 100, misses: 50, missRatio: 0.5, byteMisses: 50, byteMissRatio: 0.5 },
      { capacity: 8, requests: 100, misses: 20, missRatio: 0.2, byteMisses: 20, byteMissRatio: 0.2 },
    ],
    timing: { elapsedMs: 1 },
  };

  it("mrc: every curve on a log axis (capacity 0 left out) and the floor", () => {
    const r = { name: "m", unit: "objects", floorMissRatio: 0.1, curves: [curve] } as unknown as MrcResultOutput;
    const [c] = mrcCharts(r, "r0", new Colors());
    expect(c.datasets[0].data).toEqual([
      { x: 2, y: 0.5 },
      { x: 8, y: 0.2 },
    ]);
    expect(c.datasets[1]).toMatchObject({
      label: "compulsory-miss floor",
      data: [
        { x: 2, y: 0.1 },
        { x: 8, y: 0.1 },
      ],
    });
  });

  it("plan: the curves with the target miss ratio, and kWh per month by part", () => {
    const planRow = {
      policy: "lru",
      capacity: 8,
      capacityBytes: 8,
      hitRatio: 0.8,
      nodes: 1,
      energy: energy(0.1),
      basis: "exact-lru",
    };
    const r = {
      name: "p",
      unit: "objects",
      targetHitRatio: 0.75,
      curves: [curve],
      rows: [{ ...planRow, energyOptimal: planRow }],
    } as unknown as PlanResultOutput;
    const [mrc, kwh] = planCharts(r, "r0", new Colors());
    expect(mrc.datasets[1]).toMatchObject({
      label: "target",
      data: [
        { x: 2, y: 0.25 },
        { x: 8, y: 0.25 },
      ],
    });
    expect(kwh.datasets.map((d) => (d.data as number[])[0])).toEqual([1, 1, 2, 4]);
  });
});
