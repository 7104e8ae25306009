// The loader: defaults ← scenario file ← flags, merged once, each value checked once, every policy
// resolved once, and errors that name the flag or the file and field a bad value came from.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseFlags, withDefaults } from "../../src/cli/init.js";
import {
  DEFAULT_CAPACITY,
  DEFAULT_EVICTION,
  DEFAULT_SEED,
  DEFAULT_UNIT,
  DEFAULT_WINDOW,
} from "../../src/scenario/defaults.js";
import { loadRun, loadSynthetic } from "../../src/scenario/load.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCENARIOS = join(ROOT, "scenarios");
const OG = join(ROOT, "test/fixtures/traces/cloudPhysicsIO.oracleGeneral.bin");
const dir = mkdtempSync(join(tmpdir(), "cachelab-load-"));
function scenario(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const BASE = "workload:\n  type: synthetic\n  requests: 1000\n  objects: 100\n";

describe("loadRun", () => {
  it.each(readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml")))("loads the shipped %s", async (f) => {
    const r = await loadRun(join(SCENARIOS, f));
    expect(r.name).toBe(f.replace(/\.yaml$/, ""));
    expect(r.evictions.length).toBeGreaterThan(0);
    for (const e of r.evictions) expect(e.spec.name).toBeTruthy();
    expect(r.capacities.length).toBeGreaterThan(0);
  });

  it("a trace alone: every other value from the defaults", async () => {
    const r = await loadRun(undefined, { trace: OG });
    expect(r.name).toBe("cloudPhysicsIO.oracleGeneral.bin");
    expect(r.seed).toBe(DEFAULT_SEED);
    expect(r.unit).toBe(DEFAULT_UNIT);
    expect(r.window).toBe(DEFAULT_WINDOW);
    expect(r.warmup).toEqual({ requests: 0 });
    expect(r.evictions.map((e) => e.spec.name)).toEqual(DEFAULT_EVICTION);
    expect(r.capacities.map((c) => c.text)).toEqual(DEFAULT_CAPACITY);
    expect(r.workload).toEqual({ type: "trace", path: OG, shownPath: OG, format: undefined, csv: undefined });
  });

  it("init writes the same default policies simulate runs", () => {
    const cwd = mkdtempSync(join(tmpdir(), "cachelab-load-init-"));
    const { answers } = withDefaults(parseFlags({ out: "x.yaml" }, cwd), cwd);
    expect(answers.eviction.map((r) => r.name)).toEqual(DEFAULT_EVICTION);
    expect(answers.capacity).toEqual(DEFAULT_CAPACITY);
  });

  it("flags win over the file, the file over the defaults", async () => {
    const p = scenario(
      "both.yaml",
      `name: both\nseed: 9\n${BASE}cache:\n  unit: bytes\n  capacity: [1KiB]\n  eviction: [lru, { name: clock, params: { bits: 2 } }]\n  warmup: 10%\n  window: 50\n`,
    );
    const file = await loadRun(p);
    expect(file).toMatchObject({ name: "both", seed: 9, unit: "bytes", warmup: { fraction: 0.1 }, window: 50 });
    expect(file.evictions.map((e) => [e.spec.name, e.params])).toEqual([
      ["lru", {}],
      ["clock", { bits: 2 }],
    ]);
    expect(file.workload).toMatchObject({ type: "synthetic", scenario: p, workload: { requests: 1000 } });
    const flagged = await loadRun(p, {
      seed: 1,
      unit: "objects",
      capacity: "10,20",
      eviction: "s3-fifo:smallSizeRatio=0.2",
      admission: "tinylfu",
      warmup: "5",
      window: "auto",
    });
    expect(flagged).toMatchObject({ seed: 1, unit: "objects", warmup: { requests: 5 }, window: "auto" });
    expect(flagged.capacities.map((c) => c.amount)).toEqual([10, 20]);
    // resolved once: the registered spec, parameters with their defaults filled in
    const [s3] = flagged.evictions;
    expect(s3.ref).toEqual({ name: "s3-fifo", params: { smallSizeRatio: 0.2 } });
    expect(s3.spec.name).toBe("s3fifo");
    expect(s3.params.smallSizeRatio).toBe(0.2);
    expect(Object.keys(s3.params).length).toBeGreaterThan(1);
    expect(flagged.admission?.spec.name).toBe("tinylfu");
  });

  it("errors name the flag, or the file and the field", async () => {
    const p = scenario("errs.yaml", `${BASE}cache:\n  capacity: [0.5]\n  eviction: [lru]\n`);
    await expect(loadRun(p)).rejects.toThrow(`${p}: cache.capacity: capacity '0.5'`);
    await expect(loadRun(p, { capacity: "lots" })).rejects.toThrow(/^--capacity: capacity 'lots'/);
    await expect(loadRun(p, { capacity: "10", eviction: "lruu" })).rejects.toThrow(
      /^--eviction: unknown eviction policy/,
    );
    await expect(loadRun(p, { capacity: "10", window: "0" })).rejects.toThrow(
      /^--window: '0' is not a whole number ≥ 1/,
    );
    await expect(loadRun(p, { capacity: "10", warmup: "100%" })).rejects.toThrow(/^--warmup: '100%' must be below/);
    await expect(loadRun(p, { capacity: "10", format: "csv" })).rejects.toThrow(/apply to traces/);
    const q = scenario("bad-field.yaml", `${BASE}cache:\n  capacity: [10]\n  eviction: [lru]\n  windw: 5\n`);
    await expect(loadRun(q)).rejects.toThrow(`${q}: cache: unknown field windw`);
    await expect(loadRun(undefined)).rejects.toThrow(/give a scenario file or --trace/);
    await expect(loadRun(p, { trace: OG })).rejects.toThrow(/not both/);
  });
});

describe("loadSynthetic", () => {
  it("parses a scenario once: a shifting hotspot's period survives (it used to be parsed twice)", async () => {
    const r = await loadSynthetic(join(SCENARIOS, "shifting-hotspot.yaml"));
    expect(r.seed).toBe(3);
    expect(r.workload.keys).toMatchObject({ dist: "shifting-hotspot", every: { requests: 200000 } });
    const f = await loadSynthetic(join(SCENARIOS, "shifting-hotspot.yaml"), { requests: 1000, seed: 5 });
    expect(f.workload.requests).toBe(1000);
    expect(f.workload.keys).toMatchObject({ dist: "shifting-hotspot" });
    expect(f.seed).toBe(5);
  });

  it("flags replace the file's fields; without a file they shape the default workload", async () => {
    const r = await loadSynthetic(join(SCENARIOS, "quickstart.yaml"), { keys: "uniform", size: "1KiB" });
    expect(r.workload.keys).toEqual({ dist: "uniform" });
    expect(r.workload.sizes).toEqual({ dist: "fixed", size: 1024 });
    expect(r.workload.scans).toMatchObject({ fraction: 0.05 }); // the file's, untouched
    const d = await loadSynthetic(undefined, { keys: "zipf:alpha=1.2" });
    expect(d.workload).toMatchObject({ requests: 1_000_000, objects: 100_000, keys: { dist: "zipf", alpha: 1.2 } });
    expect(d.seed).toBe(DEFAULT_SEED);
  });

  it("a bad flag is reported against the flag; a trace scenario is refused", async () => {
    await expect(loadSynthetic(undefined, { keys: "zipf:beta=1" })).rejects.toThrow(/^--keys: unknown field beta/);
    await expect(loadSynthetic(undefined, { size: "4 bananas" })).rejects.toThrow(/^--size: /);
    await expect(loadSynthetic(join(SCENARIOS, "cloudphysics.yaml"))).rejects.toThrow(
      /the workload is a trace already/,
    );
  });
});
