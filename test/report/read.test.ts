// Reading results back: a real result round-trips unchanged, newer fields are tolerated and kept,
// and every kind of damage gives one line naming the file, the field and what was expected.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { parseResult, readResult } from "../../src/report/read.js";
import { writeJsonAtomic } from "../../src/report/result.js";
import type { SimulateResult } from "../../src/report/schema.js";
import type { RunResult } from "../../src/sim/result.js";
import { type RealResult, realResults } from "./real-results.js";

let real: RealResult[];
let base: RunResult;

beforeAll(async () => {
  real = await realResults();
  base = JSON.parse(real[0].text);
});

/** The one-line InputError (exit 2) that `f` throws. */
function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).exitCode).toBe(2);
    const m = (e as Error).message;
    expect(m).not.toContain("\n");
    return m;
  }
  throw new Error("expected an InputError, but the result was accepted");
}

/** A copy of the real result with `damage` applied. */
function damaged(damage: (r: any) => void): unknown {
  const r = structuredClone(base);
  damage(r);
  return r;
}

describe("a real result", () => {
  it("round-trips: read back equal and rewritten byte for byte", () => {
    expect(real.map((r) => r.label)).toHaveLength(3);
    for (const { file, text } of real) {
      const r = readResult(file);
      expect(r).toEqual(JSON.parse(text));
      expect(`${JSON.stringify(r, null, 2)}\n`).toBe(text);
    }
  });

  it("covers what the runs should: several kinds of source, unit, admission, params, notes", () => {
    // the real results are simulate results (the union also holds mrc and plan)
    const rs = real.map((r) => readResult(r.file)).filter((r): r is SimulateResult => r.kind === "simulate");
    expect(rs).toHaveLength(real.length);
    expect(new Set(rs.map((r) => r.source.type))).toEqual(new Set(["trace", "synthetic"]));
    const rows = rs.flatMap((r) => r.results);
    expect(new Set(rows.map((x) => x.unit))).toEqual(new Set(["objects", "bytes"]));
    expect(rows.some((x) => x.admission !== null)).toBe(true);
    expect(rows.some((x) => Object.keys(x.params).length > 0)).toBe(true);
    expect(rs.some((r) => (r.source.notes?.length ?? 0) > 0)).toBe(true);
    expect(rs.some((r) => r.warmupRequests > 0)).toBe(true);
  });

  it("is read back through writeJsonAtomic too (the path saveResult takes)", () => {
    const file = writeJsonAtomic(join(mkdtempSync(join(tmpdir(), "cachelab-read-")), "r.json"), base);
    expect(readResult(file)).toEqual(base);
  });

  it("tolerates fields it does not know, at every level, and keeps them", () => {
    const r = damaged((r) => {
      r.newTopField = { any: "thing" };
      r.tool.commit = "abc123";
      r.source.extra = 1;
      r.trace.medianSize = 4096;
      r.results[0].p99LatencyMs = 1.5;
      r.results[0].series.byteMissRatio = [0.5];
      r.results[0].timing.cpuMs = 3;
      r.run.hostname = "ci-1";
    });
    expect(parseResult(r, "new.json")).toEqual(r);
  });

  it("accepts every documented value of the enums and optional fields left out", () => {
    for (const hashScope of ["file", "size+head+tail", "config"])
      expect(
        parseResult(
          damaged((r) => (r.source.hashScope = hashScope)),
          "x",
        ).source.hashScope,
      ).toBe(hashScope);
    const bare = damaged((r) => {
      r.source = { type: "synthetic", sha256: r.source.sha256, hashScope: "config" };
    });
    expect(parseResult(bare, "x").source).toEqual({
      type: "synthetic",
      sha256: base.source.sha256,
      hashScope: "config",
    });
    const edges = damaged((r) => {
      r.results[0].hitRatio = 0;
      r.results[0].missRatio = 1;
      r.results[0].series.missRatio = [];
      r.results = [r.results[0]];
    });
    expect(parseResult(edges, "x").results).toHaveLength(1);
  });
});

describe("a damaged result", () => {
  const cases: [string, (r: any) => void, string][] = [
    ["a missing field", (r) => delete r.results[1].misses, "r.json: results.1.misses: missing; expected a number"],
    ["a missing object", (r) => delete r.run, "r.json: run: missing; expected an object"],
    ["a wrong type", (r) => (r.trace.requests = "113872"), 'r.json: trace.requests: expected a number, got "113872"'],
    ["a fractional count", (r) => (r.trace.objects = 1.5), "r.json: trace.objects: expected a whole number, got 1.5"],
    ["a negative count", (r) => (r.results[0].evictions = -1), "r.json: results.0.evictions: expected ≥ 0, got -1"],
    ["a zero capacity", (r) => (r.results[0].capacity = 0), "r.json: results.0.capacity: expected ≥ 1, got 0"],
    [
      "a ratio above 1",
      (r) => (r.results[0].hitRatio = 1.2),
      "r.json: results.0.hitRatio: expected a ratio in [0, 1], got 1.2",
    ],
    [
      "a negative ratio in the series",
      (r) => (r.results[1].series.missRatio[3] = -0.1),
      "r.json: results.1.series.missRatio.3: expected a ratio in [0, 1], got -0.1",
    ],
    ["a bad unit", (r) => (r.results[0].unit = "pages"), "r.json: results.0.unit: expected one of objects, bytes"],
    [
      "a bad hashScope",
      (r) => (r.source.hashScope = "whole"),
      "r.json: source.hashScope: expected one of file, size+head+tail, config",
    ],
    ["a bad source type", (r) => (r.source.type = "cluster"), "r.json: source.type: expected one of trace, synthetic"],
    [
      "a bad digest",
      (r) => (r.source.sha256 = "ABC"),
      "r.json: source.sha256: expected a SHA-256 digest: 64 lowercase hex digits",
    ],
    [
      "a bad start time",
      (r) => (r.run.startedAt = "yesterday"),
      'r.json: run.startedAt: expected an ISO 8601 UTC time, got "yesterday"',
    ],
    ["another tool", (r) => (r.tool.name = "libCacheSim"), "r.json: tool.name: expected one of cachelab"],
    [
      "a non-numeric parameter",
      (r) => (r.results[0].params = { bits: "2" }),
      'r.json: results.0.params.bits: expected a number, got "2"',
    ],
    [
      "a bad admission",
      (r) => (r.results[0].admission = 3),
      "r.json: results.0.admission: expected a string or null, got 3",
    ],
    ["results not a list", (r) => (r.results = {}), "r.json: results: expected an array, got an object"],
    ["a seed out of range", (r) => (r.seed = 2 ** 32), "r.json: seed: expected ≤ 4294967295, got 4294967296"],
    [
      "an unknown kind",
      (r) => (r.kind = "benchmark"),
      'r.json: kind: unknown result kind "benchmark"; this cachelab reads simulate, mrc, plan, bench',
    ],
    [
      "no kind",
      (r) => delete r.kind,
      "r.json: kind: missing; expected the result kind, one of simulate, mrc, plan, bench",
    ],
    ["schemaVersion 0", (r) => (r.schemaVersion = 0), "r.json: schemaVersion: expected ≥ 1, got 0"],
    ["schemaVersion as text", (r) => (r.schemaVersion = "1"), 'r.json: schemaVersion: expected a number, got "1"'],
    ["no schemaVersion", (r) => delete r.schemaVersion, "r.json: schemaVersion: missing; expected a number"],
  ];

  it.each(cases)("%s gives one line naming the field", (_name, damage, message) => {
    expect(failure(() => parseResult(damaged(damage), "r.json"))).toBe(message);
  });

  it("a newer schema version says which it is and which this build reads, before any other check", () => {
    const newer = damaged((r) => {
      r.schemaVersion = 2;
      r.tool.version = "9.0.0";
      r.kind = "something-new";
      delete r.results;
    });
    expect(failure(() => parseResult(newer, "r.json"))).toMatch(
      /^r\.json: schemaVersion: the result has schema version 2 \(written by cachelab 9\.0\.0\); this cachelab \([^)]+\) reads schema version 1: upgrade cachelab to read it$/,
    );
  });

  it("something other than an object at the top", () => {
    for (const [v, got] of [
      [[], "an array"],
      [3, "3"],
      [null, "null"],
      ["x", '"x"'],
    ] as const)
      expect(failure(() => parseResult(v, "r.json"))).toBe(`r.json: (top level): expected a result object, got ${got}`);
  });
});

describe("a file that is not a result", () => {
  const dir = mkdtempSync(join(tmpdir(), "cachelab-read-"));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it("not JSON", () => {
    const p = write("bad.json", '{"schemaVersion": 1,\n  "kind": "simulate",');
    expect(failure(() => readResult(p))).toMatch(new RegExp(`^${p}: not JSON: .+`));
  });

  it("an empty file (or only whitespace)", () => {
    for (const text of ["", " \n"]) {
      const p = write("empty.json", text);
      expect(failure(() => readResult(p))).toBe(`${p}: empty file, not a result`);
    }
  });

  it("a folder", () => {
    expect(failure(() => readResult(dir))).toBe(`${dir}: is a folder, not a result file`);
  });

  it("a missing file", () => {
    const p = join(dir, "nope.json");
    expect(failure(() => readResult(p))).toBe(`no such result file: ${p}`);
  });

  it("damage inside a file names the file", () => {
    const p = write("r.json", JSON.stringify(damaged((r) => (r.results[0].missRatio = 2))));
    expect(failure(() => readResult(p))).toBe(`${p}: results.0.missRatio: expected a ratio in [0, 1], got 2`);
  });
});
