import { copyFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, run } from "./run.js";

const BIN_TRACE = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;

function oneLineError(r: { code: number; stderr: string; stdout: string }) {
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
  expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
}

describe("cachelab simulate (in-process)", () => {
  it("prints the result JSON with the contract fields and matches libCacheSim's LRU counts", async () => {
    const r = await run([
      "simulate",
      "--trace",
      BIN_TRACE,
      "--eviction",
      "lru,fifo",
      "--capacity",
      "48,4897",
      "--unit",
      "objects",
      "--json",
      "--no-save",
    ]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.schemaVersion).toBe(1);
    expect(res.tool.name).toBe("cachelab");
    expect(res.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.trace).toEqual({
      requests: 113872,
      objects: 48974,
      requestedBytes: 4368040448,
      workingSetBytes: 2029769728,
      // the trace's clock: first and last request (7,200 s)
      startTimeS: 5633898,
      endTimeS: 5641098,
    });
    const rows = res.results.map((x: Record<string, unknown>) => [x.eviction, x.capacity, x.unit, x.misses]);
    expect(rows).toEqual([
      ["lru", 48, "objects", 102823],
      ["lru", 4897, "objects", 91657],
      ["fifo", 48, "objects", 103859],
      ["fifo", 4897, "objects", 91716],
    ]);
    for (const x of res.results) {
      for (const f of ["requests", "missRatio", "byteRequests", "byteMisses", "byteMissRatio"])
        expect(x).toHaveProperty(f);
    }
  });

  it("runs one pair streaming and several in workers with identical numbers", async () => {
    const one = JSON.parse(
      (await run(["simulate", "-t", BIN_TRACE, "-e", "lru", "-c", "20297697", "-u", "bytes", "--json", "--no-save"]))
        .stdout,
    );
    const many = JSON.parse(
      (
        await run([
          "simulate",
          "-t",
          BIN_TRACE,
          "-e",
          "lru",
          "-c",
          "20297697,1%",
          "-u",
          "bytes",
          "--json",
          "--no-save",
          "--threads",
          "2",
        ])
      ).stdout,
    );
    expect(one.results[0].byteMisses).toBe(many.results[0].byteMisses);
    expect(one.results[0].misses).toBe(many.results[0].misses);
    // 1% of the working-set bytes is libCacheSim's 20,297,697
    expect(many.results[1].capacity).toBe(20297697);
    expect(many.results[1].byteMisses).toBe(one.results[0].byteMisses);
  });

  it("writes the result file atomically where --out says", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cachelab-"));
    const out = join(dir, "r.json");
    const r = await run(["simulate", "-t", BIN_TRACE, "-e", "lru", "-c", "489", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/lru\s+489 obj\s+113,872\s+0\.8380/);
    expect(JSON.parse(readFileSync(out, "utf8")).results[0].misses).toBe(95420);
  });

  it("is deterministic: same trace and seed give the same result apart from timing", async () => {
    const args = ["simulate", "-t", BIN_TRACE, "-e", "random,lru", "-c", "489", "--json", "--no-save", "--seed", "7"];
    const strip = (s: string) => {
      const j = JSON.parse(s);
      delete j.run;
      for (const x of j.results) delete x.timing;
      return JSON.stringify(j);
    };
    const a = await run(args);
    const b = await run(args);
    expect(a.code).toBe(0);
    expect(strip(a.stdout)).toBe(strip(b.stdout));
  });

  it("unknown policy: one line, closest names suggested, exit 2", async () => {
    const r = await run(["simulate", "-t", BIN_TRACE, "-e", "lruu", "-c", "48"]);
    oneLineError(r);
    expect(r.stderr).toContain("unknown eviction policy 'lruu'. Did you mean lru");
  });

  it("unknown parameter and out-of-range parameter: exit 2", async () => {
    const a = await run(["simulate", "-t", BIN_TRACE, "-e", "clock:bitz=2", "-c", "48"]);
    oneLineError(a);
    expect(a.stderr).toContain("has no parameter 'bitz'");
    const b = await run(["simulate", "-t", BIN_TRACE, "-e", "clock:bits=0", "-c", "48"]);
    oneLineError(b);
  });

  it("missing trace file: exit 2", async () => {
    const r = await run(["simulate", "-t", "/nonexistent/trace.bin", "-c", "48"]);
    oneLineError(r);
    expect(r.stderr).toContain("/nonexistent/trace.bin");
  });

  it("truncated binary record: names the record, exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cachelab-"));
    const t = join(dir, "cut.oracleGeneral.bin");
    copyFileSync(BIN_TRACE, t);
    truncateSync(t, 24 * 1000 + 10);
    const r = await run(["simulate", "-t", t, "-e", "lru", "-c", "48", "--no-save"]);
    oneLineError(r);
    expect(r.stderr).toMatch(/truncated record 1001/);
  });

  it("bad capacity and bad usage: exit 2", async () => {
    oneLineError(await run(["simulate", "-t", BIN_TRACE, "-c", "64MiB", "-u", "objects"]));
    oneLineError(await run(["simulate", "-t", BIN_TRACE, "-c", "lots"]));
    oneLineError(await run(["simulate"]));
    oneLineError(await run(["simulate", "--bogus"]));
  });
});

describe("a user's own policy module", () => {
  it("runs ./examples/mru-policy.js like a built-in, parameters included", async () => {
    const r = await run([
      "simulate",
      "-t",
      BIN_TRACE,
      "-e",
      "./examples/mru-policy.js:window=1,lru",
      "-c",
      "3",
      "--json",
      "--no-save",
    ]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.results[0].eviction).toBe("./examples/mru-policy.js(window=1)");
    expect(res.results[0].policy).toBe("mru");
    expect(res.results[0].requests).toBe(113872);
    expect(res.results[0].misses).not.toBe(res.results[1].misses);
  });

  it("a module that does not exist or has no Spec export: exit 2", async () => {
    const a = await run(["simulate", "-t", BIN_TRACE, "-e", "./nope.js", "-c", "3"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("module not found");
    const dir = mkdtempSync(join(tmpdir(), "cachelab-"));
    writeFileSync(join(dir, "bad.js"), "export default { name: 'bad' };\n");
    const b = await run(["simulate", "-t", BIN_TRACE, "-e", join(dir, "bad.js"), "-c", "3"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("must have a default export");
  });
});
