import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratch } from "../workload/helpers.js";
import { type CliResult, FIXTURES, run } from "./run.js";

const OG = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;
const CSV = `${FIXTURES}cloudPhysicsIO.csv`;

function oneLineInputError(r: CliResult): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(/\bat .*\.[jt]s:\d+/); // no stack trace
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^cachelab: /);
  return lines[0];
}

describe("cachelab trace stats (in-process)", () => {
  it("prints aligned plain-text statistics", async () => {
    const r = await run(["trace", "stats", OG]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    const row = (label: string) => lines.find((l) => l.startsWith(`${label} `));
    expect(row("requests")).toMatch(/^requests +113,872$/);
    expect(row("objects")).toMatch(/^objects +48,974$/);
    expect(row("requested bytes")).toMatch(/^requested bytes +4,368,040,448 B \(4\.1 GiB\)$/);
    expect(row("working set")).toMatch(/^working set +2,029,769,728 B/);
    expect(row("one-hit wonders")).toMatch(/21,049 \(43\.0 % of objects\)$/);
    expect(row("time span")).toMatch(/^time span +7,200 s/);
    expect(row("zipf alpha")).toMatch(/^zipf alpha +0\.419 \(least-squares/);
    // values start in one column
    const column = new Set(lines.map((l) => l.search(/(?<=\S {2,})\S/)));
    expect(column.size).toBe(1);
  });

  it("--json prints the stats object with unit-suffixed field names", async () => {
    const r = await run(["trace", "stats", OG, "--json"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({
      format: "oracleGeneral",
      requests: 113872,
      objects: 48974,
      requestedBytes: 4368040448,
      workingSetBytes: 2029769728,
      oneHitWonders: 21049,
      sizeP50Bytes: 65536,
      sizeP90Bytes: 69632,
      sizeP99Bytes: 69632,
      sizeMaxBytes: 69632,
      durationS: 7200,
    });
    expect(s.oneHitWonderRatio).toBeCloseTo(0.4298, 4);
    expect(s.zipfAlpha).toBeCloseTo(0.4187, 4);
  });

  it("reports reuse distances and the compulsory-miss floor, which LRU confirms", async () => {
    const s = JSON.parse((await run(["trace", "stats", OG, "--json"])).stdout);
    // GET-only: every request is a first request or a re-request
    expect(s.compulsoryMisses).toBe(48974);
    expect(s.reRequests).toBe(113872 - 48974);
    expect(s.compulsoryMissRatio).toBeCloseTo(48974 / 113872, 12);
    expect(s.compulsoryByteMissRatio).toBeGreaterThan(0);
    expect(s.reuseDistanceP50Objects).toBeLessThanOrEqual(s.reuseDistanceP90Objects);
    expect(s.reuseDistanceP90Objects).toBeLessThanOrEqual(s.reuseDistanceP99Objects);
    expect(s.reuseDistanceMeanObjects).toBeGreaterThan(0);
    // an LRU cache of C objects hits exactly the re-requests with reuse distance < C: at the p50
    // (a bucket's lower bound, at most 1.1 % below the true value) fewer than half hit, just above it
    // at least half; a cache holding everything misses exactly the floor
    const p50 = s.reuseDistanceP50Objects as number;
    const caps = [p50, Math.ceil(p50 * 1.012) + 1, 48974];
    const sim = JSON.parse(
      (await run(["simulate", "-t", OG, "-e", "lru", "-c", caps.join(","), "--json", "--no-save"])).stdout,
    );
    const hits = sim.results.map((r: { hits: number }) => r.hits);
    expect(hits[0]).toBeLessThan(s.reRequests / 2);
    expect(hits[1]).toBeGreaterThanOrEqual(s.reRequests / 2);
    expect(sim.results[2].misses).toBe(s.compulsoryMisses);
    // an infinite cache misses each object's bytes once: the working set over the requested bytes
    expect(s.compulsoryByteMissRatio).toBeCloseTo(s.workingSetBytes / s.requestedBytes, 12);
    // and the table says the same
    const t = (await run(["trace", "stats", OG])).stdout;
    expect(t).toMatch(/^reuse distance +p50 [\d,]+ · p90 [\d,]+ · p99 [\d,]+ · mean [\d,]+ objects/m);
    expect(t).toMatch(/^miss floor +0\.4301 miss ratio/m);
  });

  it("reads the CSV fixture without flags and notes the ignored opcode column on stderr", async () => {
    const r = await run(["trace", "stats", CSV, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: "csv", requests: 113872, requestedBytes: 4205978112 });
    expect(r.stderr).toMatch(/^note: .*column 'op' holds values other than get\/set\/delete/);
  });

  it("takes CSV mapping flags", async () => {
    const path = join(scratch(), "m.csv");
    writeFileSync(path, "a,b,c\nx,1,10\ny,2,20\nx,3,10\n");
    const r = await run(["trace", "stats", path, "--id-col", "1", "--size-col", "3", "--time-col", "2", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ requests: 3, objects: 2, requestedBytes: 40, durationS: 2 });
  });

  it("a missing file: exit 2, one line", async () => {
    expect(oneLineInputError(await run(["trace", "stats", "no/such.bin"]))).toBe("cachelab: no such file: no/such.bin");
  });

  it("an unknown format: exit 2, one line with a suggestion", async () => {
    expect(oneLineInputError(await run(["trace", "stats", OG, "--format", "vcsi"]))).toMatch(
      /^cachelab: unknown trace format 'vcsi'\. Did you mean vscsi\b.*Valid: oracleGeneral, vscsi, csv, txt, twitter\.$/,
    );
  });

  it("a bad CSV size: exit 2, one line naming the line", async () => {
    const path = join(scratch(), "bad.csv");
    writeFileSync(path, "id,size\n1,10\n2,lots\n");
    expect(oneLineInputError(await run(["trace", "stats", path]))).toBe(
      `cachelab: ${path}:3: size 'lots' is not a number`,
    );
  });

  it("a truncated binary trace: exit 2, one line naming the record", async () => {
    const path = join(scratch(), "cut.oracleGeneral.bin");
    writeFileSync(path, Buffer.alloc(24 * 3 + 5));
    expect(oneLineInputError(await run(["trace", "stats", path]))).toMatch(
      /truncated record 4 at byte 72 \(5 of 24 bytes\)/,
    );
  });
});
