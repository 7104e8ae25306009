import { describe, expect, it } from "vitest";
import { FrequencySketch } from "../../src/core/sketch.js";

const wide = (o: Partial<ConstructorParameters<typeof FrequencySketch>[0]> = {}) =>
  new FrequencySketch({ width: 4096, depth: 4, counterBits: 4, doorkeeperBits: 0, seed: 1, ...o });

describe("FrequencySketch", () => {
  it("counts exactly without collisions, saturates at 4 bits and halves on age()", () => {
    const s = wide();
    for (let i = 0; i < 3; i++) s.increment(7);
    for (let i = 0; i < 20; i++) s.increment(8);
    expect([s.estimate(7), s.estimate(8), s.estimate(9)]).toEqual([3, 15, 0]);
    s.age();
    expect([s.estimate(7), s.estimate(8)]).toEqual([1, 7]);
  });

  it("never under-counts: with one counter every key reads the total", () => {
    const s = new FrequencySketch({ width: 1, depth: 3, counterBits: 32, doorkeeperBits: 0, seed: 1 });
    s.increment(1);
    s.increment(2);
    s.increment(2);
    // every probe of every key hits counter 0, incremented 3 times per increment (depth 3)
    expect([s.estimate(1), s.estimate(2), s.estimate(3)]).toEqual([9, 9, 9]);
  });

  it("doorkeeper absorbs first occurrences and is cleared by age()", () => {
    const s = wide({ doorkeeperBits: 4096 });
    s.increment(5); // doorkeeper only
    expect([s.estimate(5), Array.from(s.table).reduce((a, b) => a + b, 0)]).toEqual([1, 0]);
    s.increment(5); // now the counters: 1 + doorkeeper
    s.increment(5);
    expect(s.estimate(5)).toBe(3);
    s.age(); // counters 2 → 1, doorkeeper cleared
    expect(s.estimate(5)).toBe(1);
  });

  it("rolls back journaled changes exactly, saturated counters included", () => {
    const s = wide({ doorkeeperBits: 4096 });
    for (let i = 0; i < 16; i++) s.increment(1); // 1 reaches 15 (+1 doorkeeper)
    s.increment(2);
    const table = Array.from(s.table);
    const est = [1, 2, 3].map((id) => s.estimate(id));
    s.mark();
    s.increment(1); // saturated: no change recorded
    s.increment(2);
    s.increment(3); // doorkeeper bits only
    s.increment(3);
    expect([1, 2, 3].map((id) => s.estimate(id))).toEqual([16, 2, 2]);
    s.rollback();
    expect(Array.from(s.table)).toEqual(table);
    expect([1, 2, 3].map((id) => s.estimate(id))).toEqual(est);
  });
});
