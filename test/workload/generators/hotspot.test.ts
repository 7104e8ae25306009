import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/core/rng.js";
import { HotspotKeys, hotCount } from "../../../src/workload/generators/hotspot.js";
import { Scatter } from "../../../src/workload/generators/scatter.js";
import { syntheticWorkload } from "../../../src/workload/generators/schema.js";
import { ShiftingHotspotKeys } from "../../../src/workload/generators/shifting-hotspot.js";
import { synthetic } from "../../../src/workload/generators/synthetic.js";
import { chiSquare, chiSquareCritical, collect, shareError } from "./check.js";

function draw(
  keys: { fill(k: Uint32Array, t: Float64Array, a: number, b: number): void },
  n: number,
  time?: Float64Array,
) {
  const key = new Uint32Array(n);
  keys.fill(key, time ?? new Float64Array(n), 0, n);
  return key;
}

/** Membership of the hot set [start, start + hot) of rank space, mapped to ids. */
function hotSet(n: number, hot: number, start: number, scatter: Scatter | null): Uint8Array {
  const inHot = new Uint8Array(n);
  for (let j = 0; j < hot; j++) {
    const r = (start + j) % n;
    inHot[scatter ? scatter.map(r) : r] = 1;
  }
  return inHot;
}

describe("hotspot", () => {
  const n = 10_000;
  const samples = 200_000;

  it("sends hotRequestFraction of requests to hotFraction of the objects, uniformly within each set", () => {
    for (const [hotFraction, hotRequestFraction] of [
      [0.2, 0.8],
      [0.01, 0.99],
      [0.5, 0.5],
    ]) {
      const seed = 21;
      const keys = new HotspotKeys(n, hotFraction, hotRequestFraction, true, seed, new Rng(seed));
      expect(keys.hot).toBe(hotCount(n, hotFraction));
      const inHot = hotSet(n, keys.hot, 0, new Scatter(n, seed));
      const key = draw(keys, samples);
      let hits = 0;
      const counts = new Float64Array(n);
      for (const id of key) {
        hits += inHot[id];
        counts[id]++;
      }
      expect(
        shareError(hits, samples, hotRequestFraction, `hot share ${hotFraction}/${hotRequestFraction}`),
      ).toBeNull();
      // per id: hot ids expect p/hot, cold ids (1-p)/cold
      const probs = new Float64Array(n);
      for (let id = 0; id < n; id++) {
        probs[id] = inHot[id] ? hotRequestFraction / keys.hot : (1 - hotRequestFraction) / (n - keys.hot);
      }
      const { stat, df } = chiSquare(counts, probs);
      expect(stat).toBeLessThan(chiSquareCritical(df));
    }
  });

  it("without scatter the hot objects are ids 0..hot-1", () => {
    const keys = new HotspotKeys(n, 0.1, 0.9, false, 1, new Rng(1));
    const key = draw(keys, samples);
    let hot = 0;
    for (const id of key) if (id < 1000) hot++;
    expect(shareError(hot, samples, 0.9, "hot ids below 1000")).toBeNull();
  });

  it("handles the edges: all objects hot, no requests hot", () => {
    const all = draw(new HotspotKeys(100, 1, 0.3, false, 1, new Rng(1)), 10_000);
    expect(all.every((id) => id < 100)).toBe(true);
    const cold = draw(new HotspotKeys(100, 0.1, 0, false, 1, new Rng(1)), 10_000);
    expect(cold.every((id) => id >= 10 && id < 100)).toBe(true);
    const hot = draw(new HotspotKeys(100, 0.1, 1, false, 1, new Rng(1)), 10_000);
    expect(hot.every((id) => id < 10)).toBe(true);
  });
});

describe("shifting hotspot", () => {
  const n = 10_000;

  it("moves the hot set every `period` requests, to a disjoint set by default", () => {
    const period = 20_000;
    const seed = 8;
    const keys = new ShiftingHotspotKeys(n, 0.1, 0.8, { requests: period }, 1000, true, seed, new Rng(seed));
    const key = draw(keys, 5 * period);
    const scatter = new Scatter(n, seed);
    for (let phase = 0; phase < 5; phase++) {
      const current = hotSet(n, 1000, phase * 1000, scatter);
      const previous = hotSet(n, 1000, (phase + 4) * 1000, scatter);
      let inCurrent = 0;
      let inPrevious = 0;
      for (let i = phase * period; i < (phase + 1) * period; i++) {
        inCurrent += current[key[i]];
        inPrevious += previous[key[i]];
      }
      expect(shareError(inCurrent, period, 0.8, `phase ${phase} current hot set`)).toBeNull();
      // an old hot set is now cold: it gets its cold share only
      expect(shareError(inPrevious, period, 0.2 * (1000 / 9000), `phase ${phase} old hot set`)).toBeNull();
    }
    // consecutive hot sets are disjoint
    const a = hotSet(n, 1000, 0, scatter);
    const b = hotSet(n, 1000, 1000, scatter);
    expect(a.some((v, id) => v === 1 && b[id] === 1)).toBe(false);
  });

  it("moves by a partial shift and wraps around the range", () => {
    const keys = new ShiftingHotspotKeys(100, 0.1, 1, { requests: 1000 }, 5, false, 1, new Rng(1));
    const key = draw(keys, 20_000);
    for (let phase = 0; phase < 20; phase++) {
      const start = (phase * 5) % 100;
      for (let i = phase * 1000; i < (phase + 1) * 1000; i++) {
        expect((key[i] - start + 100) % 100).toBeLessThan(10);
      }
    }
    // phase 19 starts at 95: the window wraps to 95..99, 0..4
    const last = new Set(key.subarray(19_000));
    expect([...last].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 95, 96, 97, 98, 99]);
  });

  it("moves every `period` seconds of request time", () => {
    const time = new Float64Array(30_000);
    for (let i = 0; i < time.length; i++) time[i] = i / 1000; // 1000 requests/s
    const keys = new ShiftingHotspotKeys(1000, 0.01, 1, { seconds: 10 }, 10, false, 1, new Rng(1));
    const key = draw(keys, time.length, time);
    for (let i = 0; i < time.length; i++) {
      const phase = Math.floor(time[i] / 10);
      expect(Math.floor(key[i] / 10)).toBe(phase);
    }
  });

  it("works through the scenario schema with a duration and counts only key-process requests", () => {
    const w = syntheticWorkload.parse({
      type: "synthetic",
      requests: 40_000,
      objects: 1000,
      keys: { dist: "shifting-hotspot", hotFraction: 0.01, hotRequestFraction: 1, every: "2s", scatter: false },
      rate: 5000,
      arrivals: "fixed",
      oneHitWonders: 0.25,
    });
    expect(w.keys).toMatchObject({ every: { seconds: 2 } });
    const { key, time } = collect(synthetic(w, 3));
    for (let i = 0; i < key.length; i++) {
      if (key[i] >= 1000) continue; // a one-hit wonder
      expect(Math.floor(key[i] / 10)).toBe(Math.floor(time[i] / 2) % 100);
    }
  });
});
