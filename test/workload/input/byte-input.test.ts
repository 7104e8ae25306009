// zstd-compressed input: detected by magic bytes, decompressed in bounded pieces.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors.js";
import { detectFormat, openTrace } from "../../../src/workload/formats.js";
import { openInput } from "../../../src/workload/input/byte-input.js";
import { readOracleGeneral } from "../../../src/workload/readers/oracle-general.js";
import { CSV, CSV_ZST, collect, OG, OG_ZST, scratch } from "../helpers.js";

describe("zstd-compressed traces", () => {
  it("oracleGeneral .zst reads the same first 20,000 requests as the plain file", () => {
    const zst = collect(openTrace(OG_ZST));
    const plain = collect(readOracleGeneral(OG));
    expect(detectFormat(OG_ZST)).toBe("oracleGeneral");
    expect(zst.key.length).toBe(20_000);
    expect(zst.key).toEqual(plain.key.slice(0, 20_000));
    expect(zst.size).toEqual(plain.size.slice(0, 20_000));
    expect(zst.time).toEqual(plain.time.slice(0, 20_000));
  });

  it("csv .zst reads the same first 20,000 requests as the plain file", () => {
    expect(detectFormat(CSV_ZST)).toBe("csv");
    const zst = collect(openTrace(CSV_ZST));
    const plain = collect(openTrace(CSV));
    expect(zst.key).toEqual(plain.key.slice(0, 20_000));
    expect(zst.size).toEqual(plain.size.slice(0, 20_000));
  });

  it("is detected by its magic bytes, not its name", () => {
    const path = join(scratch(), "trace.oracleGeneral.bin");
    copyFileSync(OG_ZST, path);
    expect(collect(openTrace(path)).key.length).toBe(20_000);
  });

  it("decompresses identically when compressed input arrives in small pieces (blocks split across reads)", () => {
    const plain = readFileSync(OG).subarray(0, 20_000 * 24);
    for (const piece of [1000, 4096, 77_777]) {
      const input = openInput(OG_ZST, piece);
      const out = Buffer.alloc(plain.length + 10);
      let got = 0;
      for (;;) {
        const n = input.read(out, got, Math.min(5000, out.length - got));
        got += n;
        if (n < 5000) break;
      }
      input.close();
      expect(input.compressed).toBe(true);
      expect(got).toBe(plain.length);
      expect(out.subarray(0, got).equals(plain)).toBe(true);
    }
  });

  it("a truncated .zst file is a one-line input error", () => {
    const path = join(scratch(), "cut.oracleGeneral.bin.zst");
    writeFileSync(path, readFileSync(OG_ZST).subarray(0, 30_000));
    expect(() => collect(openTrace(path))).toThrow(InputError);
    expect(() => collect(openTrace(path))).toThrow(/bad zstd data/);
  });
});
