import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratch } from "../workload/helpers.js";
import { FIXTURES, run } from "./run.js";

const OG = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;

describe("cachelab trace convert (in-process)", () => {
  it("oracleGeneral → csv → oracleGeneral gives identical bytes; formats come from the names", async () => {
    const dir = scratch();
    const a = await run(["trace", "convert", OG, join(dir, "t.csv")]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(`${join(dir, "t.csv")}: 113872 requests, 48974 objects (oracleGeneral → csv)\n`);
    const b = await run(["trace", "convert", join(dir, "t.csv"), join(dir, "t.oracleGeneral.bin")]);
    expect(b.code).toBe(0);
    expect(readFileSync(join(dir, "t.oracleGeneral.bin")).equals(readFileSync(OG))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["t.csv", "t.oracleGeneral.bin"]); // no temp files left
  });

  it("--from/--to override the names; a zstd input is decompressed", async () => {
    const dir = scratch();
    const out = join(dir, "ids");
    const r = await run([
      "trace",
      "convert",
      `${FIXTURES}cloudPhysicsIO.head20k.oracleGeneral.bin.zst`,
      out,
      "--from",
      "oracleGeneral",
      "--to",
      "txt",
    ]);
    expect(r.code).toBe(0);
    const expected = readFileSync(`${FIXTURES}cloudPhysicsIO.txt`, "latin1").split("\n").slice(0, 20_000);
    expect(readFileSync(out, "latin1")).toBe(`${expected.join("\n")}\n`);
  });

  it("notes what the output format cannot hold", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "in.csv"), "time,key,size,op,ttl\n1,a,10,set,60\n2,a,10,get,0\n3,b,5,delete,0\n");
    const r = await run(["trace", "convert", join(dir, "in.csv"), join(dir, "out.bin")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "note: oracleGeneral has no op: 2 SET/DELETE requests were written as plain requests\n" +
        "note: oracleGeneral has no TTL: 1 TTLs were dropped\n",
    );
  });

  it("usage errors exit 2 with one line and write nothing", async () => {
    const dir = scratch();
    const cases: [string[], string | RegExp][] = [
      [[OG, join(dir, "x.parquet")], /cannot tell the output format from '.*x\.parquet': pass --to/],
      [[OG, join(dir, "x.vscsi")], "cachelab: cannot write vscsi traces. Writable: oracleGeneral, csv, txt."],
      [[OG, join(dir, "x.csv"), "--to", "jsn"], /unknown trace format 'jsn'/],
      [[OG, OG], "cachelab: IN and OUT are the same file"],
      [[join(dir, "missing.csv"), join(dir, "x.txt")], `cachelab: no such file: ${join(dir, "missing.csv")}`],
      [[OG, join(dir, "x.csv.zst")], /does not write zstd/],
    ];
    for (const [args, message] of cases) {
      const r = await run(["trace", "convert", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\bat .*\.[jt]s:\d+/);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      if (typeof message === "string") expect(lines[0]).toBe(message);
      else expect(lines[0]).toMatch(message);
    }
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(OG)).toBe(true);
  });
});
