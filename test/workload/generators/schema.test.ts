import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { syntheticWorkload } from "../../../src/workload/generators/schema.js";

const EXAMPLE = `
workload:
  type: synthetic
  requests: 1000000
  objects: 100000
  keys: { dist: zipf, alpha: 0.9 }
  scans: { fraction: 0.05, length: 5000, mode: loop }
  oneHitWonders: 0.1
  sizes: { dist: lognormal, median: 4KiB, sigma: 1.0, max: 1MiB }
  ops: { get: 0.9, set: 0.1 }
  ttl: { dist: exponential, mean: 5m }
  rate: 50000
  arrivals: poisson
`;

/** The issues of a failed parse as "path: message" lines. */
function errors(input: unknown): string[] {
  const r = syntheticWorkload.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

const base = { type: "synthetic", requests: 1000, objects: 100 } as const;

describe("synthetic workload schema", () => {
  it("parses the documented example, converting units", () => {
    const w = syntheticWorkload.parse(parse(EXAMPLE).workload);
    expect(w).toEqual({
      type: "synthetic",
      requests: 1_000_000,
      objects: 100_000,
      keys: { dist: "zipf", alpha: 0.9, scatter: true },
      scans: { fraction: 0.05, length: 5000, mode: "loop" },
      oneHitWonders: 0.1,
      sizes: { dist: "lognormal", median: 4096, sigma: 1, min: 1, max: 1_048_576 },
      ops: { get: 0.9, set: 0.1, delete: 0 },
      ttl: { dist: "exponential", mean: 300 },
      rate: 50_000,
      arrivals: "poisson",
    });
  });

  it("fills defaults for everything but type, requests and objects", () => {
    expect(syntheticWorkload.parse(base)).toEqual({
      ...base,
      keys: { dist: "zipf", alpha: 1, scatter: true },
      oneHitWonders: 0,
      sizes: { dist: "fixed", size: 4096 },
      ops: { get: 1, set: 0, delete: 0 },
      ttl: { dist: "none" },
      rate: 10_000,
      arrivals: "poisson",
    });
  });

  it("accepts shorthands: sizes and ttl as one value, ttl none", () => {
    const w = syntheticWorkload.parse({ ...base, sizes: "64KiB", ttl: "300s" });
    expect(w.sizes).toEqual({ dist: "fixed", size: 65536 });
    expect(w.ttl).toEqual({ dist: "fixed", value: 300 });
    expect(syntheticWorkload.parse({ ...base, ttl: "none" }).ttl).toEqual({ dist: "none" });
    expect(syntheticWorkload.parse({ ...base, sizes: 100 }).sizes).toEqual({ dist: "fixed", size: 100 });
  });

  it("parses every key distribution", () => {
    const parsed = (keys: unknown) => syntheticWorkload.parse({ ...base, keys }).keys;
    expect(parsed({ dist: "uniform" })).toEqual({ dist: "uniform" });
    expect(parsed({ dist: "zipf", alpha: 0, scatter: false })).toEqual({ dist: "zipf", alpha: 0, scatter: false });
    expect(parsed({ dist: "hotspot" })).toEqual({
      dist: "hotspot",
      hotFraction: 0.2,
      hotRequestFraction: 0.8,
      scatter: true,
    });
    expect(parsed({ dist: "shifting-hotspot", every: 50_000, shift: 0.05 })).toEqual({
      dist: "shifting-hotspot",
      hotFraction: 0.2,
      hotRequestFraction: 0.8,
      every: { requests: 50_000 },
      shift: 0.05,
      scatter: true,
    });
    expect(parsed({ dist: "shifting-hotspot", every: "1.5m" })).toMatchObject({ every: { seconds: 90 } });
  });

  it("derives get from set and delete when it is left out", () => {
    expect(syntheticWorkload.parse({ ...base, ops: { set: 0.2, delete: 0.05 } }).ops).toEqual({
      get: 0.75,
      set: 0.2,
      delete: 0.05,
    });
  });

  it("reports bad input with the field path and what was expected", () => {
    expect(errors({ ...base, keys: { dist: "zipfian" } })).toEqual([
      "keys.dist: Invalid discriminator value. Expected 'zipf' | 'uniform' | 'hotspot' | 'shifting-hotspot'",
    ]);
    expect(errors({ ...base, keys: { dist: "zipf", alpah: 1 } })).toEqual(['keys: Unrecognized key: "alpah"']);
    expect(errors({ ...base, keys: { dist: "zipf", alpha: -1 } })).toEqual([
      "keys.alpha: Too small: expected number to be >=0",
    ]);
    expect(errors({ ...base, sizes: { dist: "lognormal", median: "4KB!", sigma: 1 } })).toEqual([
      "sizes.median: expected a size such as 4096, 512B, 4KiB, 64MiB or 1.5GB, got '4KB!'",
    ]);
    expect(errors({ ...base, sizes: "4kb" })).toEqual([]);
    expect(errors({ ...base, sizes: "4q" })).toEqual([
      "sizes.size: unknown size unit 'q' in '4q'; use B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB or PiB",
    ]);
    expect(errors({ ...base, sizes: "0B" })).toEqual(["sizes.size: must be at least 1 byte"]);
    expect(errors({ ...base, sizes: { dist: "uniform", min: "2KiB", max: "1KiB" } })).toEqual([
      "sizes.max: max (1024 bytes) is below min (2048 bytes)",
    ]);
    expect(errors({ ...base, ops: { get: 0.9, set: 0.2 } })).toEqual([
      "ops: op fractions must add up to 1 (get 0.9 + set 0.2 + delete 0 = 1.1)",
    ]);
    expect(errors({ ...base, ttl: { dist: "fixed", value: "500ms" } })).toEqual([
      "ttl.value: a TTL must be at least 1s",
    ]);
    expect(errors({ ...base, ttl: "5 parsecs" })).toEqual([
      "ttl.value: unknown duration unit 'parsecs' in '5 parsecs'; use us, ms, s, m, h or d",
    ]);
    expect(errors({ ...base, keys: { dist: "shifting-hotspot", every: "100000" } })).toEqual([
      "keys.every: '100000' needs a time unit (e.g. 30s), or write a plain number to count requests",
    ]);
    expect(errors({ ...base, keys: { dist: "shifting-hotspot", every: 0 } })).toEqual([
      "keys.every: 0 is not a whole number of requests ≥ 1",
    ]);
    expect(errors({ ...base, keys: { dist: "shifting-hotspot", every: "0s" } })).toEqual([
      "keys.every: the period must be longer than 0s",
    ]);
    expect(errors({ ...base, keys: { dist: "shifting-hotspot" } })).toEqual([
      "keys.every: required: a number of requests or a duration such as 30s",
    ]);
    expect(errors({ ...base, keys: { dist: "shifting-hotspot", every: true } })).toEqual([
      "keys.every: expected a number of requests or a duration such as 30s, got true",
    ]);
    expect(errors({ ...base, sizes: { dist: "lognormal", sigma: 1 } })).toEqual([
      "sizes.median: required: a size such as 4096, 4KiB or 1.5GB",
    ]);
    expect(errors({ ...base, ttl: { dist: "exponential", mean: [5] } })).toEqual([
      "ttl.mean: expected a duration such as 300s, 5ms or 2m, got [5]",
    ]);
    expect(errors({ ...base, scans: { fraction: 0.1, range: 1000 } })).toEqual([
      "scans.range: the scan range (1000) exceeds objects (100)",
    ]);
    expect(errors({ ...base, scans: { fraction: 0.6 }, oneHitWonders: 0.5 })).toEqual([
      "scans.fraction: scans (0.6) and oneHitWonders (0.5) exceed 1",
    ]);
    expect(errors({ ...base, objects: 2 ** 31 + 1 })).toEqual(["objects: Too big: expected number to be <=2147483648"]);
    expect(errors({ ...base, requests: 1.5 })).toEqual(["requests: Invalid input: expected int, received number"]);
    expect(errors({ ...base, type: "trace" })).toEqual(['type: Invalid input: expected "synthetic"']);
  });
});
