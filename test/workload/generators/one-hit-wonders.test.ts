import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/core/rng.js";
import { OneHitWonders } from "../../../src/workload/generators/one-hit-wonders.js";
import { syntheticWorkload } from "../../../src/workload/generators/schema.js";
import { synthetic } from "../../../src/workload/generators/synthetic.js";
import { collect, shareError } from "./check.js";

describe("one-hit wonders", () => {
  it("choose + spread keep the key process's ids in order and give flagged requests fresh ids", () => {
    const w = new OneHitWonders(0.3, 1000, new Rng(5));
    const n = 10_000;
    const flag = new Uint8Array(n);
    const time = Float64Array.from({ length: n }, (_, i) => i);
    const keyTime = new Float64Array(n);
    const m = w.choose(flag, time, keyTime, n);
    const key = new Uint32Array(n);
    for (let j = 0; j < m; j++) key[j] = j; // the key process's draws, compacted
    // the times handed to the key process are those of the unflagged requests, in order
    const unflagged = [...time].filter((_, i) => flag[i] === 0);
    expect([...keyTime.subarray(0, m)]).toEqual(unflagged);
    w.spread(key, flag, n, m);
    let nextBase = 0;
    let nextFresh = 1000;
    for (let i = 0; i < n; i++) {
      if (flag[i]) expect(key[i]).toBe(nextFresh++);
      else expect(key[i]).toBe(nextBase++);
    }
    expect(w.allocated).toBe(n - m);
    expect(w.end).toBe(1000 + n - m);
  });

  it("make up the configured share of requests, are never repeated, and extend `objects`", () => {
    for (const share of [0.05, 0.5]) {
      const w = syntheticWorkload.parse({
        type: "synthetic",
        requests: 150_000,
        objects: 5000,
        keys: { dist: "zipf", alpha: 0.9 },
        oneHitWonders: share,
      });
      const source = synthetic(w, 12);
      expect(source.objects).toBe(5000);
      expect(source.expectedObjects).toBe(5000 + Math.ceil(150_000 * share));
      const { key } = collect(source);
      let fresh = 0;
      let last = 4999;
      let bad = 0;
      for (const id of key) {
        if (id >= 5000) {
          fresh++;
          if (id !== last + 1) bad++; // sequential, so each appears exactly once
          last = id;
        }
      }
      expect(bad).toBe(0);
      expect(shareError(fresh, key.length, share, `one-hit wonders ${share}`)).toBeNull();
      expect(source.objects).toBe(5000 + fresh);
      expect(source.baseObjects).toBe(5000);
    }
  });

  it("report objects while streaming, and restart on a new iteration", () => {
    const w = syntheticWorkload.parse({ type: "synthetic", requests: 200_000, objects: 10, oneHitWonders: 0.5 });
    const source = synthetic(w, 1);
    const seen: number[] = [];
    for (const b of source) {
      let max = 0;
      for (let i = 0; i < b.length; i++) max = Math.max(max, b.key[i]);
      expect(source.objects).toBe(max + 1);
      seen.push(source.objects);
    }
    expect(seen.length).toBe(4);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const it2 = source[Symbol.iterator]();
    it2.next();
    expect(source.objects).toBeLessThan(seen[1]);
  });
});
