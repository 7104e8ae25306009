import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/core/rng.js";
import { mix32, Stream, seedKey, streamRng, unitHash } from "../../../src/workload/generators/hash.js";
import { Scatter } from "../../../src/workload/generators/scatter.js";
import { chiSquare, chiSquareCritical } from "./check.js";

describe("Scatter", () => {
  it("is a bijection of [0, n) for any n and seed (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer(), (n, seed) => {
        const s = new Scatter(n, seed);
        const seen = new Uint8Array(n);
        for (let r = 0; r < n; r++) {
          const id = s.map(r);
          if (!Number.isInteger(id) || id < 0 || id >= n || seen[id]) return false;
          seen[id] = 1;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it("is a bijection at powers of two and just above them", () => {
    for (const n of [1, 2, 1024, 1025, 65536, 65537]) {
      const s = new Scatter(n, 42);
      const seen = new Uint8Array(n);
      for (let r = 0; r < n; r++) seen[s.map(r)]++;
      expect(seen.every((c) => c === 1)).toBe(true);
    }
  });

  it("depends on the seed and spreads the hottest ranks over the whole range", () => {
    const n = 1_000_000;
    const a = new Scatter(n, 1);
    const b = new Scatter(n, 2);
    let same = 0;
    for (let r = 0; r < 1000; r++) if (a.map(r) === b.map(r)) same++;
    expect(same).toBeLessThan(5);
    // the 10,000 hottest ranks fall evenly into 100 equal id buckets
    const buckets = new Float64Array(100);
    for (let r = 0; r < 10_000; r++) buckets[Math.floor(a.map(r) / 10_000)]++;
    const { stat, df } = chiSquare(buckets, new Float64Array(100).fill(0.01));
    expect(stat).toBeLessThan(chiSquareCritical(df));
  });

  it("handles the largest supported range and rejects larger ones", () => {
    const s = new Scatter(2 ** 31, 9);
    for (const r of [0, 1, 2 ** 31 - 1]) expect(s.map(r)).toBeLessThan(2 ** 31);
    expect(() => new Scatter(2 ** 31 + 1, 0)).toThrow(RangeError);
    expect(() => new Scatter(0, 0)).toThrow(RangeError);
  });
});

describe("hashing and streams", () => {
  it("mix32 is a pure 32-bit function and unitHash lies in (0, 1)", () => {
    expect(mix32(0)).toBe(mix32(0));
    expect(mix32(1)).not.toBe(mix32(2));
    const key = seedKey(5, 1);
    for (let id = 0; id < 10_000; id++) {
      const u = unitHash(key, id);
      expect(u > 0 && u < 1).toBe(true);
      expect(unitHash(key, id)).toBe(u);
    }
    expect(seedKey(5, 1)).not.toBe(seedKey(5, 2));
    expect(seedKey(5, 1)).not.toBe(seedKey(6, 1));
  });

  it("Rng.skip(k) equals k draws", () => {
    for (const k of [0, 1, 7, 1000]) {
      const a = new Rng(123);
      for (let i = 0; i < k; i++) a.nextU32();
      const b = new Rng(123).skip(k);
      for (let i = 0; i < 10; i++) expect(b.nextU32()).toBe(a.nextU32());
    }
  });

  it("Rng.fillU32(out, n) gives the next n nextU32() values and leaves the stream where they would", () => {
    // seeds whose state crosses 2^31 and 2^32 within a few steps (the halves' carries)
    for (const seed of [0, 1, 123, 0x61c88646, 0x7fffffff, 0xffffffff, 0x9e3779b9]) {
      for (const n of [0, 1, 2, 5, 2048]) {
        const a = new Rng(seed).skip(3);
        const b = new Rng(seed).skip(3);
        const out = new Uint32Array(n + 1).fill(7);
        b.fillU32(out, n);
        for (let i = 0; i < n; i++) expect(out[i]).toBe(a.nextU32());
        expect(out[n]).toBe(7);
        expect(b.nextU32()).toBe(a.nextU32());
      }
    }
  });

  it("component streams start on different arcs of the generator cycle", () => {
    const first = Object.values(Stream).map((s) => streamRng(77, s).nextU32());
    expect(new Set(first).size).toBe(first.length);
    // stream s is the keys stream advanced by s · 2^29 draws
    const keys = streamRng(77, Stream.keys).skip(2 ** 29);
    expect(keys.nextU32()).toBe(streamRng(77, Stream.scans).nextU32());
  });
});
