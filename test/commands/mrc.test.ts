import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readResult } from "../../src/report/read.js";
import { cliConfig, FIXTURES, run } from "./run.js";

const OG = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;

describe("cachelab mrc (in-process)", () => {
  it("prints the exact LRU curve as JSON whose points the simulator confirms", async () => {
    const r = await run([
      "mrc",
      "--no-save",
      "--trace",
      OG,
      "--unit",
      "bytes",
      "--capacity",
      "64MiB,1%,512MiB",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.floorMissRatio).toBeCloseTo(48974 / 113872, 12);
    const [lru] = out.curves;
    expect(lru).toMatchObject({ policy: "lru", method: "exact-lru", exact: true, unit: "bytes" });
    expect(lru.points).toHaveLength(3);
    const caps = lru.points.map((p: { capacity: number }) => p.capacity).join(",");
    const s = await run([
      "simulate",
      "--trace",
      OG,
      "--unit",
      "bytes",
      "--eviction",
      "lru",
      "--capacity",
      caps,
      "--json",
      "--no-save",
    ]);
    const sim = JSON.parse(s.stdout).results;
    expect(lru.points.map((p: { misses: number; byteMisses: number }) => [p.misses, p.byteMisses])).toEqual(
      sim.map((x: { misses: number; byteMisses: number }) => [x.misses, x.byteMisses]),
    );
  });

  it("draws a chart and a table; SHARDS reports its rate and error estimate", async () => {
    const r = await run(["mrc", "--no-save", "--trace", OG, "--shards", "0.1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/lru: shards-lru \(estimate\), sampling rate 0\.100, estimated error ±0\.\d{4}/);
    // oracleGeneral is read hash-first: the object count is estimated from the sample, and says so
    expect(r.stdout).toMatch(/^[^\n]*: 113,872 requests, [\d,]+ objects \(estimated from the sample\), unit objects$/m);
    expect(r.stdout).toMatch(/miss ratio by cache size \(objects, log scale\)/);
    expect(r.stdout).toMatch(/^capacity +lru miss ratio$/m);
  });

  it("writes an mrc result file that the result schema reads back; curves carry their timing apart", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "cachelab-mrc-")), "mrc.json");
    const r = await run(["mrc", "--trace", OG, "--policies", "lru,fifo", "--points", "4", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const saved = readResult(out);
    expect(saved.kind).toBe("mrc");
    const curves = (saved as unknown as { curves: { policy: string; timing: { elapsedMs: number } }[] }).curves;
    expect(curves.map((c) => c.policy)).toEqual(["lru", "fifo"]);
    expect(curves[0].timing.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it("rejects a bad sampling rate with one line and exit 2", async () => {
    const r = await run(["mrc", "--no-save", "--trace", OG, "--shards", "2"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^cachelab: --shards '2': a sampling rate in \(0, 1\]/);
  });

  it("takes the flags every run command shares from one place (--json/--out/--no-save/--seed/--threads/--timeout)", async () => {
    const c = await cliConfig();
    const shared = ["json", "out", "no-save", "seed", "threads", "timeout"];
    const flagsOf = (id: string) => c.findCommand(id)!.flags;
    for (const id of ["mrc", "plan"]) {
      for (const f of shared) {
        const [mine, sim] = [flagsOf(id)[f], flagsOf("simulate")[f]];
        expect(mine, `${id} --${f}`).toBeDefined();
        expect({ ...mine, description: mine.description }).toEqual({ ...sim, description: sim.description });
      }
    }
    // a seed past 2^32 − 1 is refused as it is by simulate; --timeout and --seed are taken
    const bad = await run(["mrc", "--no-save", "--trace", OG, "--seed", String(2 ** 32)]);
    expect(bad.code).toBe(2);
    const r = await run([
      "mrc",
      "--no-save",
      "--trace",
      OG,
      "--shards",
      "0.1",
      "--seed",
      "7",
      "--timeout",
      "60",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: "mrc", seed: 7 });
  });
});
