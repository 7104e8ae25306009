// `cachelab init` through the real binary. run() runs without a TTY, so init must never prompt.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readScenario } from "../../src/scenario/schema.js";
import { type CliResult, FIXTURES, run } from "./run.js";

const BIN_TRACE = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "cachelab-init-e2e-"));
}

function oneLineError(r: CliResult) {
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(/^cachelab: /);
}

describe("cachelab init (in-process, no TTY)", () => {
  it("--yes writes a commented scenario that validates, with the flags' values", async () => {
    const dir = tmp();
    const out = join(dir, "x.yaml");
    const r = await run(["init", "--yes", "--out", out, "--alpha", "0.8", "--eviction", "lru,sieve"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(""); // --yes: no note about defaults
    expect(r.stdout).toContain(`cachelab simulate ${out}`);
    const text = readFileSync(out, "utf8");
    expect(text).toMatch(/^# x: lru and sieve compared at cache sizes 1% and 10%/);
    expect(text).toContain(`# Run it:        cachelab simulate ${out}\n`);
    const sc = readScenario(out);
    expect(sc.name).toBe("x");
    expect(sc.workload).toMatchObject({ type: "synthetic", keys: { dist: "zipf", alpha: 0.8 } });
    expect(sc.cache.eviction).toEqual(["lru", "sieve"]);
    expect(sc.cache.capacity).toEqual(["1%", "10%"]);
  });

  it("without --yes and without a TTY: does not prompt, uses defaults and says so on stderr", async () => {
    const dir = tmp();
    const r = await run(["init", "--out", "y.yaml", "--capacity", "5%"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(
      /no terminal to ask on, so defaults were used for: workload, objects, requests, keys, alpha/,
    );
    expect(r.stderr).not.toMatch(/\bcapacity\b/);
    expect(r.stdout).toBe("wrote y.yaml\nrun it: cachelab simulate y.yaml\n");
    const sc = readScenario(join(dir, "y.yaml"));
    expect(sc.cache.capacity).toEqual(["5%"]);
  });

  it("default path: scenarios/<name>.yaml when ./scenarios exists, ./<name>.yaml otherwise", async () => {
    const plain = tmp();
    expect((await run(["init", "--yes", "--name", "a"], { cwd: plain })).code).toBe(0);
    expect(readdirSync(plain)).toEqual(["a.yaml"]);
    const withDir = tmp();
    mkdirSync(join(withDir, "scenarios"));
    const r = await run(["init", "--yes", "--name", "b"], { cwd: withDir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("cachelab simulate scenarios/b.yaml");
    expect(readdirSync(join(withDir, "scenarios"))).toEqual(["b.yaml"]);
  });

  it("refuses to overwrite an existing file unless --force", async () => {
    const dir = tmp();
    const out = join(dir, "taken.yaml");
    writeFileSync(out, "# mine\n");
    const r = await run(["init", "--yes", "--out", out]);
    oneLineError(r);
    expect(r.stderr).toContain("already exists; pass --force");
    expect(readFileSync(out, "utf8")).toBe("# mine\n");
    const f = await run(["init", "--yes", "--out", out, "--force"]);
    expect(f.code).toBe(0);
    expect(readScenario(out).name).toBe("taken");
  });

  it("bad answers: one line, exit 2, nothing written", async () => {
    const dir = tmp();
    const out = join(dir, "bad.yaml");
    const cap = await run(["init", "--yes", "--out", out, "--capacity", "64MiB"]);
    oneLineError(cap);
    expect(cap.stderr).toContain("--capacity: capacity '64MiB' is a byte size, but the unit is objects");
    const words = await run(["init", "--yes", "--out", out, "--capacity", "lots"]);
    oneLineError(words);
    expect(words.stderr).toContain("--capacity: ");
    const unit = await run(["init", "--yes", "--out", out, "--unit", "kb"]);
    oneLineError(unit);
    expect(unit.stderr).toContain("--unit: expected objects or bytes, got 'kb'");
    const pol = await run(["init", "--yes", "--out", out, "--eviction", "lru,sieev"]);
    oneLineError(pol);
    expect(pol.stderr).toContain("unknown eviction policy 'sieev'. Did you mean sieve");
    const alpha = await run(["init", "--yes", "--out", out, "--keys", "hotspot", "--alpha", "1"]);
    oneLineError(alpha);
    expect(existsSync(out)).toBe(false);
  });

  it("a synthetic scenario it writes runs in simulate", async () => {
    const dir = tmp();
    const out = join(dir, "scan.yaml");
    const w = await run([
      "init",
      "--yes",
      "--out",
      out,
      "--objects",
      "2k",
      "--requests",
      "20k",
      "--scans",
      "10%",
      "--eviction",
      "lru,s3fifo",
      "--capacity",
      "100",
    ]);
    expect(w.code).toBe(0);
    const r = await run(["simulate", out, "--json", "--no-save"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(
      res.results.map((x: { eviction: string; capacity: number; requests: number }) => [
        x.eviction,
        x.capacity,
        x.requests,
      ]),
    ).toEqual([
      ["lru", 100, 20000],
      ["s3fifo", 100, 20000],
    ]);
  });

  it("a trace scenario it writes replays the trace (path relative to the scenario's folder)", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "traces"));
    writeFileSync(join(dir, "traces", "t.oracleGeneral.bin"), readFileSync(BIN_TRACE));
    const w = await run(
      ["init", "--yes", "--trace", "traces/t.oracleGeneral.bin", "--out", "scenarios/t.yaml", "-e", "lru", "-c", "48"],
      { cwd: dir },
    );
    expect(w.code).toBe(0);
    const sc = readScenario(join(dir, "scenarios", "t.yaml"));
    expect(sc.workload).toEqual({ type: "trace", path: "../traces/t.oracleGeneral.bin", format: "oracleGeneral" });
    // run from elsewhere: the path resolves against the scenario file, not the working directory
    const r = await run(["simulate", join(dir, "scenarios", "t.yaml"), "--json", "--no-save"]);
    expect(r.code).toBe(0);
    const row = JSON.parse(r.stdout).results[0];
    expect([row.eviction, row.capacity, row.misses]).toEqual(["lru", 48, 102823]); // libCacheSim's count
  });
});
