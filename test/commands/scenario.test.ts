import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, withoutProgress } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-sc-"));
function scenario(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const GOOD = `name: tiny
seed: 5
workload:
  type: synthetic
  requests: 20000
  objects: 2000
  keys: { dist: zipf, alpha: 0.9 }
  oneHitWonders: 0.1
  sizes: { dist: lognormal, median: 4KiB, sigma: 1 }
  ops: { get: 0.9, set: 0.05, delete: 0.05 }
  ttl: { dist: uniform, min: 1s, max: 5s }
  rate: 1000
cache:
  unit: bytes
  capacity: [1%, 10%]
  eviction: [lru, random, { name: clock, params: { bits: 2 } }]
`;

describe("scenario files (in-process)", () => {
  it("a synthetic scenario gives the same result byte for byte on every run (timing aside)", async () => {
    const p = scenario("good.yaml", GOOD);
    const strip = (s: string) => {
      const j = JSON.parse(s);
      delete j.run;
      for (const r of j.results) delete r.timing;
      return JSON.stringify(j);
    };
    const a = await run(["simulate", p, "--json", "--no-save"]);
    expect(withoutProgress(a.stderr)).toBe("");
    expect(a.code).toBe(0);
    const b = await run(["simulate", p, "--json", "--no-save", "--threads", "1"]);
    expect(strip(a.stdout)).toBe(strip(b.stdout));
    const j = JSON.parse(a.stdout);
    expect(j.results.map((r: { eviction: string }) => r.eviction)).toEqual([
      "lru",
      "lru",
      "random",
      "random",
      "clock(bits=2)",
      "clock(bits=2)",
    ]);
    expect(j.source.type).toBe("synthetic");
    expect(j.seed).toBe(5);
    // deletes are not requests; TTLs expire objects
    expect(j.results[0].requests).toBeLessThan(20000);
    expect(j.results[1].expirations).toBeGreaterThan(0);
    // a different seed gives a different stream
    const c = await run(["simulate", p, "--json", "--no-save", "--seed", "6"]);
    expect(JSON.parse(c.stdout).results[0].misses).not.toBe(j.results[0].misses);
  });

  it.each([
    ["alpha as a string", GOOD.replace("alpha: 0.9", "alpha: high"), "workload.keys.alpha"],
    ["a typo in a field name", GOOD.replace("oneHitWonders", "oneHitWonder"), "workload"],
    ["a bad unit", GOOD.replace("unit: bytes", "unit: pages"), "cache.unit"],
    ["a missing capacity", GOOD.replace("  capacity: [1%, 10%]\n", ""), "cache.capacity"],
    ["a bad size", GOOD.replace("median: 4KiB", "median: 4KB!"), "workload.sizes.median"],
  ])("%s: one line naming the file and the field, exit 2", async (_what, text, field) => {
    const p = scenario(`bad-${field}.yaml`, text);
    const r = await run(["simulate", p, "--no-save"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`${p}: ${field}`);
  });

  it("invalid YAML and a missing file: exit 2", async () => {
    const r = await run(["simulate", scenario("broken.yaml", "workload: [unclosed\n"), "--no-save"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not valid YAML");
    const m = await run(["simulate", join(dir, "nope.yaml")]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain("no such scenario file");
  });
});
