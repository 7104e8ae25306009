// Fixed-size records: a truncated file is reported with the record, its offset and what is there.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors.js";
import { readOracleGeneral } from "../../../src/workload/readers/oracle-general.js";
import { readVscsi } from "../../../src/workload/readers/vscsi.js";
import { collect, OG, scratch, VSCSI, zstdRawFrame } from "../helpers.js";

describe("truncated binary records", () => {
  it("oracleGeneral: names the record, its byte offset and how much of it is there", () => {
    const path = join(scratch(), "cut.oracleGeneral.bin");
    writeFileSync(path, readFileSync(OG).subarray(0, 10 * 24 + 7));
    const source = readOracleGeneral(path);
    expect(() => collect(source)).toThrow(InputError);
    expect(() => collect(source)).toThrow(`${path}: truncated record 11 at byte 240 (7 of 24 bytes)`);
  });

  it("vscsi: names the record", () => {
    const path = join(scratch(), "cut.vscsi");
    writeFileSync(path, readFileSync(VSCSI).subarray(0, 70_000 * 32 + 31));
    expect(() => collect(readVscsi(path))).toThrow(/truncated record 70001 at byte 2240000 \(31 of 32 bytes\)/);
  });

  it("compressed oracleGeneral cut mid-record: detected when the stream ends", () => {
    // a zstd stream of 2.5 records, made by hand: one raw block (no compression needed)
    const body = readFileSync(OG).subarray(0, 60);
    const frame = zstdRawFrame(body);
    const path = join(scratch(), "cut.oracleGeneral.bin.zst");
    writeFileSync(path, frame);
    expect(() => collect(readOracleGeneral(path))).toThrow(/truncated record 3 at byte 48 \(12 of 24 bytes\)/);
  });
});
