import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openTrace } from "../../src/workload/formats.js";
import { traceStats, traceStatsReport, zipfAlpha } from "../../src/workload/stats.js";
import { DELETE, GET, SET } from "../../src/workload/types.js";
import { CSV, memorySource, OBJECTS, OG, REQUESTS, TXT } from "./helpers.js";

describe("trace stats on the CloudPhysics fixture", () => {
  const og = traceStatsReport(openTrace(OG));

  it("counts requests, objects, bytes and one-hit wonders", () => {
    expect(og.requests).toBe(REQUESTS);
    expect(og.objects).toBe(OBJECTS);
    expect(og.requestedBytes).toBe(4_368_040_448);
    expect(og.workingSetBytes).toBe(2_029_769_728);
    expect(og.oneHitWonders).toBe(21_049);
    expect(og.oneHitWonderRatio).toBeCloseTo(21_049 / 48_974, 12);
    expect([og.sizeP50Bytes, og.sizeP90Bytes, og.sizeP99Bytes, og.sizeMaxBytes]).toEqual([
      65_536, 69_632, 69_632, 69_632,
    ]);
    expect([og.getRequests, og.setRequests, og.deleteRequests, og.requestsWithTtl]).toEqual([REQUESTS, 0, 0, 0]);
    expect([og.startS, og.endS, og.durationS]).toEqual([5_633_898, 5_641_098, 7_200]);
    expect(og.file).toBe(OG);
    expect(og.format).toBe("oracleGeneral");
    expect(og.zipfFitObjects).toBe(OBJECTS - 21_049);
  });

  it("agrees with a naive recount straight from the file's bytes", () => {
    const buf = readFileSync(OG);
    const count = new Map<bigint, number>();
    const first = new Map<bigint, number>();
    for (let o = 0; o < buf.length; o += 24) {
      const id = buf.readBigUInt64LE(o + 4);
      count.set(id, (count.get(id) ?? 0) + 1);
      if (!first.has(id)) first.set(id, buf.readUInt32LE(o + 12));
    }
    const sizes = [...first.values()].sort((a, b) => a - b);
    expect(og.oneHitWonders).toBe([...count.values()].filter((c) => c === 1).length);
    expect(og.sizeP50Bytes).toBe(sizes[Math.ceil(0.5 * sizes.length) - 1]);
    expect(og.sizeP99Bytes).toBe(sizes[Math.ceil(0.99 * sizes.length) - 1]);
    // Zipf alpha: the same least-squares fit done the slow way
    const counts = [...count.values()].filter((c) => c >= 2).sort((a, b) => b - a);
    const xs = counts.map((_, r) => Math.log(r + 1));
    const ys = counts.map((c) => Math.log(c));
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    let sxy = 0;
    let sxx = 0;
    xs.forEach((x, i) => {
      sxy += (x - mx) * (ys[i] - my);
      sxx += (x - mx) ** 2;
    });
    expect(og.zipfAlpha).toBeCloseTo(-sxy / sxx, 9);
    expect(og.zipfAlpha).toBeCloseTo(0.4187, 4);
  });

  it("csv gives per-request bytes, the same objects; txt has sizes of 1 and no time", () => {
    const csv = traceStatsReport(openTrace(CSV));
    expect(csv.requestedBytes).toBe(4_205_978_112);
    expect(csv.workingSetBytes).toBe(2_029_769_728);
    expect(csv.oneHitWonders).toBe(og.oneHitWonders);
    expect(csv.zipfAlpha).toBe(og.zipfAlpha);
    const txt = traceStatsReport(openTrace(TXT));
    expect([txt.requestedBytes, txt.workingSetBytes, txt.sizeMaxBytes]).toEqual([REQUESTS, OBJECTS, 1]);
    expect([txt.startS, txt.endS, txt.durationS]).toEqual([null, null, null]);
  });
});

describe("trace stats on hand-made traces", () => {
  it("counts ops, TTLs, first sizes, percentiles and time span", () => {
    const s = traceStats(
      memorySource([
        { id: 1, size: 100, time: 10, op: GET },
        { id: 2, size: 300, time: 12, op: SET, ttl: 60 },
        { id: 1, size: 999, time: 11, op: DELETE },
        { id: 3, size: 200, time: 20.5, op: GET },
        { id: 4, size: 400, time: 13, op: GET },
      ]),
    );
    expect(s).toMatchObject({
      requests: 5,
      objects: 4,
      requestedBytes: 1999,
      workingSetBytes: 1000,
      meanObjectSizeBytes: 250,
      oneHitWonders: 3,
      oneHitWonderRatio: 0.75,
      sizeP50Bytes: 200,
      sizeP90Bytes: 400,
      sizeP99Bytes: 400,
      sizeMaxBytes: 400,
      getRequests: 3,
      setRequests: 1,
      deleteRequests: 1,
      requestsWithTtl: 1,
      startS: 10,
      endS: 20.5,
      durationS: 10.5,
      zipfAlpha: null, // only one object requested twice
      zipfFitObjects: 1,
    });
  });

  it("an empty trace has zeros, and null where nothing can be said", () => {
    const s = traceStats(memorySource([]));
    expect([s.requests, s.objects, s.sizeP50Bytes, s.oneHitWonderRatio]).toEqual([0, 0, 0, 0]);
    expect([s.durationS, s.zipfAlpha]).toEqual([null, null]);
  });

  it("zipfAlpha recovers the exponent of an exact power law, and 0 for uniform counts", () => {
    const counts = (alpha: number) => Uint32Array.from({ length: 200 }, (_, r) => Math.round(1e6 * (r + 1) ** -alpha));
    expect(zipfAlpha(counts(1))).toBeCloseTo(1, 3);
    expect(zipfAlpha(counts(0.7))).toBeCloseTo(0.7, 3);
    expect(zipfAlpha(Uint32Array.of(5, 5, 5))).toBe(0);
    expect(zipfAlpha(Uint32Array.of(9))).toBeNull();
    // order of the input does not matter
    expect(zipfAlpha(counts(1).reverse())).toBeCloseTo(1, 3);
  });
});
