// Checks (in-process) for behaviours that must hold whichever path a run takes (one pair streams the
// trace, several pairs share it in workers) and for failure modes that must end cleanly.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, run } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-rf-"));
const OG = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;
const ZST = `${FIXTURES}cloudPhysicsIO.head20k.oracleGeneral.bin.zst`;
const CSV = `${FIXTURES}cloudPhysicsIO.csv`;

async function json(args: string[]) {
  const r = await run([...args, "--json", "--no-save"]);
  expect(r.stderr).not.toMatch(/Error|at .*\.js:\d+/);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe("one pair (streamed) and several pairs (shared, in workers) agree", () => {
  it.each([
    ["oracleGeneral, objects, warm-up share", ["-t", OG, "-c", "489", "--warmup", "10%"]],
    ["compressed oracleGeneral, warm-up share", ["-t", ZST, "-c", "1000", "--warmup", "10%"]],
    ["csv, bytes, explicit window", ["-t", CSV, "-c", "5MiB", "-u", "bytes", "--window", "5000"]],
    ["csv, default window", ["-t", CSV, "-c", "489"]],
  ])("%s", async (_what, args) => {
    const one = (await json(["simulate", ...args, "-e", "wtinylfu"])).results[0];
    const many = (await json(["simulate", ...args, "-e", "wtinylfu,lru"])).results[0];
    const { timing: _a, ...a } = one;
    const { timing: _b, ...b } = many;
    expect(a).toEqual(b);
    expect(a.series.missRatio.length).toBeGreaterThan(10);
  });
});

describe("workload summary", () => {
  it("counts the distinct objects requested, so N% means the same for a scenario and its generated trace", async () => {
    const bin = join(dir, "quick.oracleGeneral.bin");
    expect(
      (await run(["trace", "generate", "scenarios/quickstart.yaml", "--requests", "200000", "--out", bin])).code,
    ).toBe(0);
    const sc = join(dir, "quick.yaml");
    writeFileSync(
      sc,
      `workload:\n  type: synthetic\n  requests: 200000\n  objects: 100000\n  keys: { dist: zipf, alpha: 0.9 }\n  scans: { fraction: 0.05, length: 2000 }\n  oneHitWonders: 0.05\n  sizes: 4KiB\ncache:\n  capacity: [1%, 10%]\n  eviction: [lru]\n`,
    );
    const a = await json(["simulate", sc]);
    const b = await json(["simulate", "-t", bin, "-e", "lru", "-c", "1%,10%"]);
    // the same summary; the clock agrees to the second (oracleGeneral stores whole seconds)
    const { startTimeS: sa, endTimeS: ea, ...ta } = a.trace;
    const { startTimeS: sb, endTimeS: eb, ...tb } = b.trace;
    expect(ta).toEqual(tb);
    expect(Math.abs(sa - sb)).toBeLessThan(1);
    expect(Math.abs(ea - eb)).toBeLessThan(1);
    expect(a.results.map((r: { capacity: number; misses: number }) => [r.capacity, r.misses])).toEqual(
      b.results.map((r: { capacity: number; misses: number }) => [r.capacity, r.misses]),
    );
    expect(a.trace.objects).toBeLessThan(100000 + 200000 * 0.05);
  });
});

describe("clean failures", () => {
  it("a warm-up at least as long as the trace: exit 2", async () => {
    for (const w of ["113872", "200000"]) {
      const r = await run(["simulate", "-t", OG, "-e", "lru", "-c", "48", "--warmup", w, "--no-save"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("not shorter than the workload");
    }
  });

  it("a user policy whose evict() frees nothing fails the run (exit 1) instead of hanging", async () => {
    const mod = join(dir, "stuck.js");
    writeFileSync(
      mod,
      `export default { name: "stuck", defaults: {}, params: {}, create: () => {
        const s = new Set();
        return { find: (id) => s.has(id), insert(id) { s.add(id); }, victim: () => -1, evict: () => -1,
          remove: (id) => s.delete(id), get usedBytes() { return s.size; }, get count() { return s.size; } };
      } };\n`,
    );
    for (const e of [mod, `${mod},lru`]) {
      const r = await run(["simulate", "-t", OG, "-e", e, "-c", "7", "--no-save"]);
      expect(r.code).toBe(1);
      const errors = r.stderr.split("\n").filter((l) => l.startsWith("cachelab:"));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain("evict() removed nothing");
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  });

  it("--out into a missing folder or onto a folder: exit 2 before running, nothing left behind", async () => {
    const a = await run(["simulate", "-t", OG, "-e", "lru", "-c", "48", "--out", join(dir, "nope", "r.json")]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("does not exist");
    const b = await run(["simulate", "-t", OG, "-e", "lru", "-c", "48", "--out", dir]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("it is a folder");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("usage errors keep their reason on one line", async () => {
    const r = await run(["simulate", "-t", OG, "--threads", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--threads.*greater than or equal to 1/);
  });

  it("scenario values are reported with the file and field they came from", async () => {
    const sc = join(dir, "bad-fields.yaml");
    const base = "workload:\n  type: synthetic\n  requests: 1000\n  objects: 100\ncache:\n";
    writeFileSync(sc, `${base}  capacity: [0.5]\n  eviction: [lru]\n`);
    expect((await run(["simulate", sc, "--no-save"])).stderr).toContain(`${sc}: cache.capacity: capacity '0.5'`);
    writeFileSync(sc, `${base}  capacity: [10]\n  eviction: [{ name: clock, params: { bitz: 2 } }]\n`);
    expect((await run(["simulate", sc, "--no-save"])).stderr).toContain(
      `${sc}: cache.eviction: eviction policy 'clock' has no parameter 'bitz'`,
    );
    writeFileSync(sc, `${base}  capacity: [10]\n  eviction: [lru]\n  warmup: 100%\n`);
    expect((await run(["simulate", sc, "--no-save"])).stderr).toContain(`${sc}: cache.warmup:`);
    // the object form takes parameters inline in the name, and module paths, like the string form
    writeFileSync(sc, `${base}  capacity: [10]\n  eviction: [{ name: "clock:bits=2" }]\n`);
    const ok = JSON.parse((await run(["simulate", sc, "--json", "--no-save"])).stdout);
    expect(ok.results[0].eviction).toBe("clock(bits=2)");
  });
});
