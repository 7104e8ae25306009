import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, run } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-gen-"));

describe("cachelab trace generate (in-process)", () => {
  it("writes the same oracleGeneral file byte for byte for the same seed, another for another seed", async () => {
    const args = (out: string, seed: string) => [
      "trace",
      "generate",
      "--keys",
      "zipf:alpha=1.0",
      "--objects",
      "5000",
      "--requests",
      "50000",
      "--seed",
      seed,
      "--out",
      out,
    ];
    const a = join(dir, "a.oracleGeneral.bin");
    const b = join(dir, "b.oracleGeneral.bin");
    const c = join(dir, "c.oracleGeneral.bin");
    expect((await run(args(a, "1"))).code).toBe(0);
    expect((await run(args(b, "1"))).code).toBe(0);
    expect((await run(args(c, "2"))).code).toBe(0);
    const A = readFileSync(a);
    expect(A.length).toBe(50000 * 24);
    expect(A.equals(readFileSync(b))).toBe(true);
    expect(A.equals(readFileSync(c))).toBe(false);
    // the written trace has the popularity it was generated with
    const s = await run(["trace", "stats", a, "--json"]);
    const stats = JSON.parse(s.stdout);
    expect(stats.requests).toBe(50000);
    expect(stats.zipfAlpha).toBeGreaterThan(0.9);
    expect(stats.zipfAlpha).toBeLessThan(1.1);
  });

  it("writes a scenario's workload as CSV, and refuses a trace scenario or bad keys with exit 2", async () => {
    const out = join(dir, "q.csv");
    const r = await run(["trace", "generate", "scenarios/quickstart.yaml", "--requests", "1000", "--out", out]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("time,id,size,op");
    expect(lines).toHaveLength(1001);
    const t = await run(["trace", "generate", "scenarios/cloudphysics.yaml", "--out", join(dir, "x.bin")]);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain("the workload is a trace already");
    const k = await run(["trace", "generate", "--keys", "zipf:beta=1", "--out", join(dir, "y.bin")]);
    expect(k.code).toBe(2);
    expect(k.stderr).toContain("unknown field beta");
  });
});

describe("cachelab trace generate on the shipped scenarios", () => {
  it("the shifting hotspot, exactly as the README's users typed it (it used to fail on keys.every)", async () => {
    const out = join(dir, "x.bin");
    const r = await run(["trace", "generate", "scenarios/shifting-hotspot.yaml", "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2,000,000 requests \(oracleGeneral, seed 3\)/);
    expect(readFileSync(out).length).toBe(2_000_000 * 24);
  });

  it.each(readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".yaml") && f !== "shifting-hotspot.yaml"))(
    "%s",
    async (f) => {
      const r = await run(["trace", "generate", `scenarios/${f}`, "--requests", "20000", "-o", join(dir, `${f}.bin`)]);
      if (f === "cloudphysics.yaml") {
        expect(r.code).toBe(2); // a trace scenario has nothing to generate
        expect(r.stderr).toContain("the workload is a trace already");
      } else {
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
      }
    },
  );
});

describe("cachelab policies (in-process)", () => {
  it("lists every policy with its parameters and defaults, as text and JSON", async () => {
    const text = await run(["policies"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}clock\s+CLOCK/m);
    expect(text.stdout).toMatch(/bits=1\s+Bits of the reference counter/);
    const json = JSON.parse((await run(["policies", "--json"])).stdout);
    const names = json.map((e: { name: string }) => e.name);
    for (const n of [
      "lru",
      "fifo",
      "clock",
      "random",
      "lfu",
      "twoq",
      "slru",
      "arc",
      "lirs",
      "s3fifo",
      "sieve",
      "belady",
    ]) {
      expect(names).toContain(n);
    }
    const s3 = json.find((e: { name: string }) => e.name === "s3fifo");
    expect(s3.params.map((p: { name: string }) => p.name)).toContain("smallSizeRatio");
    expect(s3.cite).toMatch(/SOSP/);
  });
});
