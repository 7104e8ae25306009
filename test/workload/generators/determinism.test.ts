import { describe, expect, it } from "vitest";
import { type SyntheticWorkloadInput, syntheticWorkload } from "../../../src/workload/generators/schema.js";
import { synthetic } from "../../../src/workload/generators/synthetic.js";
import { BATCH } from "../../../src/workload/types.js";
import { collect } from "./check.js";

const RICH: SyntheticWorkloadInput = {
  type: "synthetic",
  requests: 2 * BATCH + 1234, // three batches, the last one partial
  objects: 50_000,
  keys: { dist: "zipf", alpha: 0.8 },
  scans: { fraction: 0.05, length: 300 },
  oneHitWonders: 0.1,
  sizes: { dist: "lognormal", median: "4KiB", sigma: 1, max: "1MiB" },
  ops: { get: 0.8, set: 0.15, delete: 0.05 },
  ttl: { dist: "uniform", min: "1m", max: "10m" },
  rate: 20_000,
  arrivals: "poisson",
};

/**
 * Whether two columns hold the same values (their bytes: toEqual walks a 130,000-element typed array
 * element by element through its generic deep equality, seconds per column).
 */
function same(a: ArrayBufferView | null, b: ArrayBufferView | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.constructor === b.constructor &&
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
  );
}

function bytesOf(c: ReturnType<typeof collect>): Buffer {
  return Buffer.concat([c.time, c.key, c.size, c.op, c.ttl ?? new Uint32Array(0)].map((a) => Buffer.from(a.buffer)));
}

describe("synthetic stream determinism", () => {
  it("the same workload and seed give the same stream, byte for byte", () => {
    const w = syntheticWorkload.parse(RICH);
    const a = collect(synthetic(w, 2024));
    const b = collect(synthetic(syntheticWorkload.parse(RICH), 2024));
    expect(a.key.length).toBe(RICH.requests);
    expect(same(a.time, b.time), "time").toBe(true);
    expect(same(a.key, b.key), "key").toBe(true);
    expect(same(a.size, b.size), "size").toBe(true);
    expect(same(a.op, b.op), "op").toBe(true);
    expect(a.ttl).not.toBeNull();
    expect(same(a.ttl, b.ttl), "ttl").toBe(true);
    expect(bytesOf(a).equals(bytesOf(b))).toBe(true);
  });

  it("iterating one source twice replays it", () => {
    const source = synthetic(syntheticWorkload.parse(RICH), 7);
    expect(bytesOf(collect(source)).equals(bytesOf(collect(source)))).toBe(true);
  });

  it("another seed gives another stream", () => {
    const w = syntheticWorkload.parse(RICH);
    const a = collect(synthetic(w, 1));
    const b = collect(synthetic(w, 2));
    let same = 0;
    for (let i = 0; i < a.key.length; i++) if (a.key[i] === b.key[i]) same++;
    expect(same / a.key.length).toBeLessThan(0.05);
  });

  it("components draw from separate streams: changing ops or TTLs leaves keys, sizes and times alone", () => {
    const w = syntheticWorkload.parse(RICH);
    const a = collect(synthetic(w, 3));
    const b = collect(synthetic({ ...w, ops: { get: 1, set: 0, delete: 0 }, ttl: { dist: "none" } }, 3));
    expect(same(b.key, a.key), "key").toBe(true);
    expect(same(b.size, a.size), "size").toBe(true);
    expect(same(b.time, a.time), "time").toBe(true);
    expect(b.ttl).toBeNull();
    const c = collect(synthetic({ ...w, rate: 1 }, 3));
    expect(same(c.key, a.key), "key at another rate").toBe(true);
  });

  it("reuses one batch object and yields BATCH-sized batches", () => {
    const source = synthetic(syntheticWorkload.parse(RICH), 3);
    const batches = new Set();
    const lengths: number[] = [];
    for (const b of source) {
      batches.add(b);
      lengths.push(b.length);
      expect(b.key.length).toBe(BATCH);
    }
    expect(batches.size).toBe(1);
    expect(lengths).toEqual([BATCH, BATCH, 1234]);
  });
});
