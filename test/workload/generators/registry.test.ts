// Every key distribution in the registry: its schema's `dist` is its registry name, the scenario
// schema accepts it, and the process it builds draws ids in range, deterministically.
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/core/rng.js";
import { KEY_DISTS, keyDistribution, keysSchema } from "../../../src/workload/generators/registry.js";
import { syntheticWorkload } from "../../../src/workload/generators/schema.js";

type Name = keyof typeof KEY_DISTS;
const NAMES = Object.keys(KEY_DISTS) as Name[];

/** A `keys:` section per distribution (typed by the registry: a new one without an example fails to compile). */
const EXAMPLES: Record<Name, Record<string, unknown>> = {
  zipf: { dist: "zipf", alpha: 0.8 },
  uniform: { dist: "uniform" },
  hotspot: { dist: "hotspot", hotFraction: 0.1 },
  "shifting-hotspot": { dist: "shifting-hotspot", every: 500 },
};

describe("key distribution registry", () => {
  it.each(NAMES)("%s: named as its schema's dist", (name) => {
    expect(KEY_DISTS[name].schema.shape.dist.value).toBe(name);
  });

  it.each(NAMES)("%s: accepted in a workload, drawing ids in [0, objects) the same way twice", (name) => {
    const w = syntheticWorkload.parse({ type: "synthetic", requests: 10, objects: 50, keys: EXAMPLES[name] });
    expect(w.keys.dist).toBe(name);
    const draw = () => {
      const p = keyDistribution(keysSchema.parse(EXAMPLES[name]), { objects: 50, seed: 3, rng: new Rng(3) });
      const key = new Uint32Array(2000);
      const time = Float64Array.from(key, (_, i) => i / 100);
      p.fill(key, time, 0, key.length);
      return key;
    };
    const key = draw();
    expect(Math.max(...key)).toBeLessThan(50);
    expect(draw()).toEqual(key);
  });

  it("names an unknown distribution's field path", () => {
    const r = syntheticWorkload.safeParse({ type: "synthetic", requests: 1, objects: 1, keys: { dist: "nope" } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["keys", "dist"]);
  });
});
