// Synthetic workloads with context (src/workload/generators/context.ts): regions by share with
// their own hot set per local period, devices with their own sizes, a ctx column indexing the
// context table; without a context section nothing changes.
import { describe, expect, it } from "vitest";
import { syntheticWorkload } from "../../../src/workload/generators/schema.js";
import { synthetic } from "../../../src/workload/generators/synthetic.js";
import type { RequestBatch } from "../../../src/workload/types.js";

const BASE = {
  type: "synthetic",
  requests: 60_000,
  rate: 1, // 60,000 s: most of a day
  objects: 1000,
  keys: { dist: "uniform" },
  sizes: 100,
};
const CONTEXT = {
  regions: [
    { name: "eu", utcOffset: 0, share: 0.5 },
    { name: "us", utcOffset: -12, share: 0.5 },
  ],
  devices: [
    { name: "phone", share: 0.75, size: "2KiB" },
    { name: "tv", share: 0.25, size: 10000 },
  ],
  periods: 4,
  hotObjects: 50,
  hotShare: 0.5,
};

function collect(b: Iterable<RequestBatch>) {
  const key: number[] = [];
  const size: number[] = [];
  const ctx: number[] = [];
  const time: number[] = [];
  for (const x of b)
    for (let i = 0; i < x.length; i++) {
      key.push(x.key[i]);
      size.push(x.size[i]);
      ctx.push(x.ctx ? x.ctx[i] : -1);
      time.push(x.time[i]);
    }
  return { key, size, ctx, time };
}

describe("synthetic workloads with context", () => {
  const w = syntheticWorkload.parse({ ...BASE, context: CONTEXT });
  const src = synthetic(w, 9);
  const r = collect(src);

  it("has a context table of region × device and a ctx column indexing it", () => {
    expect(src.contexts).toEqual([
      { region: "eu", device: "phone", utcOffsetHours: 0 },
      { region: "eu", device: "tv", utcOffsetHours: 0 },
      { region: "us", device: "phone", utcOffsetHours: -12 },
      { region: "us", device: "tv", utcOffsetHours: -12 },
    ]);
    expect(r.ctx.every((c) => c >= 0 && c < 4)).toBe(true);
    const eu = r.ctx.filter((c) => c < 2).length / r.ctx.length;
    const tv = r.ctx.filter((c) => c % 2 === 1).length / r.ctx.length;
    expect(Math.abs(eu - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(tv - 0.25)).toBeLessThan(0.02);
  });

  it("each device type has its size; every object exists once per device type", () => {
    let wrong = 0;
    for (let i = 0; i < r.key.length; i++) {
      if (r.size[i] !== (r.ctx[i] % 2 === 0 ? 2048 : 10000)) wrong++;
      if (r.key[i] % 2 !== r.ctx[i] % 2) wrong++;
    }
    expect(wrong).toBe(0);
    // (1000 base + 2 regions × 4 periods × 50 hot) × 2 devices
    expect(src.objects).toBe(2800);
    expect(r.key.every((k) => k < 2800)).toBe(true);
  });

  it("hot requests go to the hot set of (region, local period)", () => {
    let hot = 0;
    let wrong = 0;
    for (let i = 0; i < r.key.length; i++) {
      const base = Math.floor(r.key[i] / 2);
      if (base < 1000) continue;
      hot++;
      const region = r.ctx[i] < 2 ? 0 : 1;
      const offset = region === 0 ? 0 : -12 * 3600;
      const local = (((r.time[i] + offset) % 86400) + 86400) % 86400;
      const period = Math.floor(local / 21600);
      if (Math.floor((base - 1000) / 50) !== region * 4 + period) wrong++;
    }
    expect(wrong).toBe(0);
    expect(Math.abs(hot / r.key.length - 0.5)).toBeLessThan(0.02);
  });

  it("is deterministic, and a workload without context has no ctx column", () => {
    expect(collect(synthetic(w, 9))).toEqual(r);
    const plain = collect(synthetic(syntheticWorkload.parse(BASE), 9));
    expect(plain.ctx.every((c) => c === -1)).toBe(true);
    expect(synthetic(syntheticWorkload.parse(BASE), 9).contexts).toBeUndefined();
  });

  it("shares that do not add up to 1 are an error naming the field", () => {
    const bad = syntheticWorkload.safeParse({
      ...BASE,
      context: { regions: [{ name: "eu", share: 0.5 }] },
    });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toMatch(/region shares must add up to 1/);
    const both = syntheticWorkload.safeParse({ ...BASE, oneHitWonders: 0.1, context: CONTEXT });
    expect(JSON.stringify(both.error?.issues)).toMatch(/oneHitWonders/);
  });
});
