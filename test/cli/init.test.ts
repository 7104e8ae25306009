import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type InitFlags, parseFlags, withDefaults } from "../../src/cli/init.js";
import { InputError } from "../../src/core/errors.js";
import { evictionPolicies } from "../../src/policies/eviction/registry.js";
import {
  checkOut,
  defaultOut,
  type InitAnswers,
  parseAlpha,
  parseCapacityList,
  parseCount,
  parseEvictionList,
  parseShare,
  parseSizes,
  shownPath,
} from "../../src/scenario/answers.js";
import { DEFAULT_EVICTION } from "../../src/scenario/defaults.js";
import { readScenario } from "../../src/scenario/schema.js";
import { checkScenarioText, renderScenario, wrap, writeScenario } from "../../src/scenario/template.js";

const TRACE = fileURLToPath(new URL("../fixtures/traces/cloudPhysicsIO.oracleGeneral.bin", import.meta.url));

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "cachelab-init-"));
}

/** Answers from flags (defaults for the rest), rendered, written and read back through the real loader. */
function roundTrip(flags: InitFlags, cwd = tmp()) {
  const { answers, defaulted } = withDefaults(parseFlags(flags, cwd), cwd, flags.force === true);
  const shown = shownPath(answers.out, cwd);
  const text = renderScenario(answers, shown);
  writeScenario(answers.out, text, flags.force === true, shown);
  return { answers, defaulted, text, shown, scenario: readScenario(answers.out), cwd };
}

/** The lines of `text` that hold YAML (not comments, not blank). */
function dataLines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
}

/** The header comment (the lines before the first field) as one line of text. */
function headerText(text: string): string {
  const lines = text.split("\n");
  return lines
    .slice(
      0,
      lines.findIndex((l) => !l.startsWith("#")),
    )
    .map((l) => l.replace(/^#\s?/, ""))
    .join(" ");
}

/** The comment lines right above the line that starts with `key:` (after indentation). */
function commentAbove(text: string, key: string): string[] {
  const lines = text.split("\n");
  const i = lines.findIndex((l) => l.trimStart().startsWith(`${key}:`));
  expect(i).toBeGreaterThan(0);
  const out: string[] = [];
  for (let j = i - 1; j >= 0 && lines[j].trimStart().startsWith("#"); j--) out.unshift(lines[j]);
  return out;
}

describe("init: answers → commented YAML → the real scenario schema", () => {
  it("default Zipf scenario: valid, values round-trip, defaults listed", () => {
    const r = roundTrip({ out: "x.yaml", alpha: "0.8", eviction: "lru,sieve" });
    expect(r.scenario.name).toBe("x");
    expect(r.scenario.seed).toBe(42);
    const w = r.scenario.workload;
    expect(w.type).toBe("synthetic");
    if (w.type !== "synthetic") return;
    expect(w.requests).toBe(1_000_000);
    expect(w.objects).toBe(100_000);
    expect(w.keys).toEqual({ dist: "zipf", alpha: 0.8, scatter: true });
    expect(w.sizes).toEqual({ dist: "fixed", size: 4096 });
    expect(w.scans).toBeUndefined();
    expect(r.scenario.cache.unit).toBe("objects");
    expect(r.scenario.cache.capacity).toEqual(["1%", "10%"]);
    expect(r.scenario.cache.eviction).toEqual(["lru", "sieve"]);
    expect(r.scenario.cache.warmup).toBe(0);
    // name comes from --out, keys from --alpha
    expect(r.defaulted).toEqual(["workload", "objects", "requests", "sizes", "unit", "capacity", "seed"]);
  });

  it("starts with a header saying what it shows and how to run it, and comments the fields", () => {
    const r = roundTrip({ out: "zipf-demo.yaml", alpha: "1.1", eviction: "lru,s3fifo", capacity: "1%,5%" });
    const lines = r.text.split("\n");
    expect(lines[0]).toMatch(/^# zipf-demo: lru and s3fifo compared at cache sizes 1% and 5%, counted in objects/);
    const header = headerText(r.text);
    expect(header).toContain("Zipf(1.1) popularity");
    expect(header).toContain("1,000,000 requests over 100,000 objects");
    expect(header).toContain("It shows which policy misses least");
    expect(r.text).toContain("\n# Run it:        cachelab simulate zipf-demo.yaml\n");
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(110);
    expect(commentAbove(r.text, "keys").join(" ")).toMatch(/1\/k\^alpha/);
    expect(commentAbove(r.text, "capacity").join(" ")).toMatch(/share of the working/);
    expect(commentAbove(r.text, "eviction").join(" ")).toMatch(/cachelab policies/);
    expect(commentAbove(r.text, "workload").join(" ")).toMatch(/generated from the seed/);
    expect(commentAbove(r.text, "cache").join(" ")).toMatch(/every eviction policy runs at every capacity/);
    expect(r.text).toMatch(/^ {2}requests: 1000000 +# how many requests/m);
    expect(r.text).toMatch(/^ {2}unit: objects +# what capacity counts/m);
    // nothing but the fields the schema knows (strict objects would reject the rest)
    expect(dataLines(r.text).map((l) => l.replace(/:.*/, "").trim())).toEqual([
      "name",
      "seed",
      "workload",
      "type",
      "requests",
      "objects",
      "keys",
      "sizes",
      "cache",
      "unit",
      "capacity",
      "eviction",
      "warmup",
    ]);
  });

  it("hotspot with lognormal sizes in bytes", () => {
    const r = roundTrip({
      name: "hot",
      out: "hot.yaml",
      "hot-fraction": "10%",
      "hot-requests": "0.9",
      unit: "bytes",
      sizes: "lognormal:4KiB:1.5",
      capacity: "64MiB,1%",
      objects: "50k",
      requests: "2M",
      seed: "7",
    });
    const w = r.scenario.workload;
    if (w.type !== "synthetic") throw new Error("expected synthetic");
    expect(w.keys).toEqual({ dist: "hotspot", hotFraction: 0.1, hotRequestFraction: 0.9, scatter: true });
    expect(w.sizes).toEqual({ dist: "lognormal", median: 4096, sigma: 1.5, min: 1, max: 2 ** 32 - 1 });
    expect(w.objects).toBe(50_000);
    expect(w.requests).toBe(2_000_000);
    expect(r.scenario.seed).toBe(7);
    expect(r.scenario.cache.unit).toBe("bytes");
    expect(r.scenario.cache.capacity).toEqual(["64MiB", "1%"]);
    expect(headerText(r.text)).toContain("10% of the objects (the hot set) draw 90% of the requests");
    expect(commentAbove(r.text, "sizes").join(" ")).toMatch(/lognormal around the median/);
  });

  it("scan mix: Zipf plus scans, default scan length a tenth of the objects", () => {
    const r = roundTrip({ out: "scans.yaml", scans: "5%", objects: "20000", capacity: "100,2000" });
    const w = r.scenario.workload;
    if (w.type !== "synthetic") throw new Error("expected synthetic");
    expect(w.scans).toEqual({ fraction: 0.05, length: 2000, mode: "random" });
    expect(w.keys).toMatchObject({ dist: "zipf", alpha: 0.9 });
    // plain counts are written as numbers
    expect(r.scenario.cache.capacity).toEqual([100, 2000]);
    expect(r.text).toMatch(/^ {2}capacity: \[ 100, 2000 \]$/m);
    expect(commentAbove(r.text, "scans").join(" ")).toMatch(/Sequential scans/);
    expect(headerText(r.text)).toContain("flush recency-only policies such as LRU");
  });

  it("uniform keys", () => {
    const r = roundTrip({ out: "u.yaml", keys: "uniform" });
    const w = r.scenario.workload;
    if (w.type !== "synthetic") throw new Error("expected synthetic");
    expect(w.keys).toEqual({ dist: "uniform" });
    expect(headerText(r.text)).toContain("every object equally likely");
  });

  it("policy parameters and aliases: written as { name, params } under the registered name", () => {
    const r = roundTrip({ out: "p.yaml", eviction: "clock:bits=2,2q,s3-fifo" });
    expect(r.scenario.cache.eviction).toEqual([{ name: "clock", params: { bits: 2 } }, "twoq", "s3fifo"]);
  });

  it("a trace: format detected, path written relative to the scenario's folder, no synthetic fields", () => {
    const cwd = tmp();
    const r = roundTrip({ trace: TRACE, out: "sub/dir/t.yaml" }, cwd);
    const w = r.scenario.workload;
    expect(w).toEqual({ type: "trace", path: TRACE, format: "oracleGeneral" }); // absolute stays absolute
    expect(r.shown).toBe("sub/dir/t.yaml");
    expect(headerText(r.text)).toContain("the recorded trace cloudPhysicsIO.oracleGeneral.bin (oracleGeneral)");
    expect(r.text).toContain("# Run it:        cachelab simulate sub/dir/t.yaml");
    expect(r.text).not.toMatch(/^\s*(keys|objects|requests|sizes):/m);

    // a relative trace path is rewritten relative to where the scenario lives
    mkdirSync(join(cwd, "traces"));
    writeFileSync(join(cwd, "traces", "a.csv"), "1,10,100\n2,11,100\n");
    const rel = roundTrip({ trace: "traces/a.csv", out: "scenarios/a.yaml" }, cwd);
    expect(rel.scenario.workload).toMatchObject({ type: "trace", path: "../traces/a.csv", format: "csv" });
    expect(rel.text).toContain("# csv: {"); // the column mapping hint for CSV
  });

  it("the eviction defaults only name registered policies", () => {
    const names = Object.values(evictionPolicies).map((s) => s.name);
    expect(DEFAULT_EVICTION.length).toBeGreaterThan(1);
    for (const n of DEFAULT_EVICTION) expect(names).toContain(n);
    const r = roundTrip({ out: "d.yaml" });
    expect(r.scenario.cache.eviction).toEqual(DEFAULT_EVICTION);
  });

  it("checkScenarioText rejects a text the schema refuses, naming the field", () => {
    const r = roundTrip({ out: "ok.yaml" });
    expect(() => checkScenarioText(r.text, "ok.yaml")).not.toThrow();
    const bad = r.text.replace("alpha: 0.9", 'alpha: "x"');
    expect(bad).not.toBe(r.text);
    expect(() => checkScenarioText(bad, "bad.yaml")).toThrow(/bad\.yaml: workload\.keys\.alpha/);
  });
});

describe("init: checks shared by flags and prompts", () => {
  it("counts accept 100k, 1M, 1e6, separators; reject fractions, zero and words", () => {
    expect(parseCount("100k", 1e9)).toBe(100_000);
    expect(parseCount("1M", 1e9)).toBe(1_000_000);
    expect(parseCount("1e6", 1e9)).toBe(1_000_000);
    expect(parseCount("1_000,000", 1e9)).toBe(1_000_000);
    expect(parseCount("2.5k", 1e9)).toBe(2500);
    expect(() => parseCount("1.5", 1e9)).toThrow(/whole number ≥ 1/);
    expect(() => parseCount("0", 1e9)).toThrow(/whole number ≥ 1/);
    expect(() => parseCount("lots", 1e9)).toThrow(InputError);
    expect(() => parseCount("2M", 1e6)).toThrow(/too large/);
  });

  it("shares, alpha, sizes", () => {
    expect(parseShare("20%")).toBe(0.2);
    expect(parseShare("0.35")).toBe(0.35);
    expect(parseShare("7%")).toBe(0.07);
    expect(parseShare("0", true)).toBe(0);
    expect(() => parseShare("0")).toThrow(/above 0/);
    expect(() => parseShare("120%")).toThrow(/share/);
    expect(parseAlpha("0")).toBe(0);
    expect(() => parseAlpha("-1")).toThrow(/≥ 0/);
    expect(() => parseAlpha("")).toThrow(InputError);
    expect(parseSizes("4KiB")).toEqual({ dist: "fixed", size: "4KiB" });
    expect(parseSizes("fixed:512")).toEqual({ dist: "fixed", size: "512" });
    expect(parseSizes("lognormal:1MiB")).toEqual({ dist: "lognormal", median: "1MiB", sigma: 1 });
    expect(() => parseSizes("lognormal:1MiB:x")).toThrow(/sigma/);
    expect(() => parseSizes("pareto:1")).toThrow(/lognormal:MEDIAN/);
    expect(() => parseSizes("8GiB")).toThrow(/4GiB - 1/);
    expect(() => parseSizes("4 bananas")).toThrow(/unknown size unit/);
  });

  it("capacities are checked against the unit", () => {
    expect(parseCapacityList(" 1%, 10% ,", "objects")).toEqual(["1%", "10%"]);
    expect(parseCapacityList("64MiB,1%", "bytes")).toEqual(["64MiB", "1%"]);
    expect(() => parseCapacityList("64MiB", "objects")).toThrow(/byte size, but the unit is objects/);
    expect(() => parseCapacityList("lots", "objects")).toThrow(/not a whole number of objects/);
    expect(() => parseCapacityList(",", "objects")).toThrow(/at least one/);
    expect(() => parseCapacityList("150%", "objects")).toThrow(/percentage/);
  });

  it("eviction: unknown names get suggestions, bad parameters are refused, modules must exist", () => {
    expect(() => parseEvictionList("lruu", "/")).toThrow(/unknown eviction policy 'lruu'\. Did you mean lru/);
    expect(() => parseEvictionList("clock:bitz=2", "/")).toThrow(/has no parameter 'bitz'/);
    expect(() => parseEvictionList("./nope.js", tmp())).toThrow(/module not found/);
    expect(() => parseEvictionList(" , ", "/")).toThrow(/at least one/);
  });

  it("flags that contradict each other are refused with the flag's name", () => {
    const cwd = tmp();
    expect(() => parseFlags({ alpha: "0.8", keys: "hotspot" }, cwd)).toThrow(/^--alpha: applies to --keys zipf/);
    expect(() => parseFlags({ "hot-fraction": "10%", keys: "uniform" }, cwd)).toThrow(/^--hot-fraction/);
    expect(() => parseFlags({ trace: TRACE, alpha: "1" }, cwd)).toThrow(/^--alpha: applies to synthetic/);
    expect(() => parseFlags({ trace: TRACE, workload: "synthetic" }, cwd)).toThrow(/^--trace/);
    expect(() => parseFlags({ format: "csv" }, cwd)).toThrow(/^--format/);
    expect(() => parseFlags({ "scan-length": "10" }, cwd)).toThrow(/^--scan-length: give --scans/);
    expect(() => parseFlags({ scans: "10%", "scan-length": "200k" }, cwd)).toThrow(/more than the 100000 objects/);
    expect(() => parseFlags({ unit: "kb" }, cwd)).toThrow(/^--unit: expected objects or bytes, got 'kb'/);
    expect(() => parseFlags({ capacity: "64MiB" }, cwd)).toThrow(/^--capacity: /);
    expect(() => parseFlags({ name: "my scenario" }, cwd)).toThrow(/^--name: 'my scenario' is not a usable name/);
    expect(() => parseFlags({ trace: "nope.bin" }, cwd)).toThrow(/^--trace: no such trace file: nope\.bin/);
    expect(() => parseFlags({ trace: TRACE, format: "vcsi" }, cwd)).toThrow(/unknown trace format 'vcsi'/);
    expect(() => withDefaults(parseFlags({ workload: "trace" }, cwd), cwd)).toThrow(/--trace FILE/);
    // hot-set flags imply hotspot keys, --alpha implies zipf
    expect(parseFlags({ "hot-requests": "70%" }, cwd).keys).toBe("hotspot");
    expect(parseFlags({ alpha: "1" }, cwd).keys).toBe("zipf");
  });

  it("output: scenarios/<name>.yaml when ./scenarios exists; never replaces a file without force", () => {
    const cwd = tmp();
    expect(defaultOut("a", cwd)).toBe(join(cwd, "a.yaml"));
    mkdirSync(join(cwd, "scenarios"));
    expect(defaultOut("a", cwd)).toBe(join(cwd, "scenarios", "a.yaml"));
    expect(withDefaults({ name: "b" }, cwd).answers.out).toBe(join(cwd, "scenarios", "b.yaml"));

    writeFileSync(join(cwd, "taken.yaml"), "old\n");
    expect(() => checkOut("taken.yaml", cwd, false)).toThrow(/taken\.yaml already exists; pass --force/);
    expect(checkOut("taken.yaml", cwd, true)).toBe(join(cwd, "taken.yaml"));
    expect(() => checkOut("scenarios", cwd, true)).toThrow(/is a directory/);
    expect(() => writeScenario(join(cwd, "taken.yaml"), "new\n", false, "taken.yaml")).toThrow(/already exists/);
    expect(readFileSync(join(cwd, "taken.yaml"), "utf8")).toBe("old\n");
    writeScenario(join(cwd, "taken.yaml"), "new\n", true);
    expect(readFileSync(join(cwd, "taken.yaml"), "utf8")).toBe("new\n");
    // the default output is checked too
    writeFileSync(join(cwd, "scenarios", "c.yaml"), "x\n");
    expect(() => withDefaults({ name: "c" }, cwd)).toThrow(/scenarios\/c\.yaml already exists/);
  });

  it("wrap keeps words whole within the width", () => {
    const lines = wrap("aaa bbb ccc ddd eee", "# ", 11);
    expect(lines).toEqual(["# aaa bbb", "# ccc ddd", "# eee"]);
  });

  it("renders an answers object directly (module policy path relative to the scenario)", () => {
    const cwd = tmp();
    writeFileSync(join(cwd, "mine.js"), "export default {}\n");
    const answers: InitAnswers = {
      name: "direct",
      seed: 1,
      workload: {
        type: "synthetic",
        objects: 10,
        requests: 100,
        keys: "zipf",
        alpha: 0,
        hotFraction: 0,
        hotRequestFraction: 0,
        sizes: { dist: "fixed", size: "1KiB" },
      },
      unit: "objects",
      capacity: ["5"],
      eviction: parseEvictionList("./mine.js:window=2,lru", cwd),
      out: join(cwd, "deep", "direct.yaml"),
    };
    const text = renderScenario(answers, "deep/direct.yaml");
    const sc = checkScenarioText(text, "direct.yaml");
    expect(sc.cache.eviction).toEqual(["../mine.js:window=2", "lru"]);
    expect(sc.cache.capacity).toEqual([5]);
    expect(sc.workload).toMatchObject({ objects: 10, requests: 100, keys: { dist: "zipf", alpha: 0 } });
  });
});
