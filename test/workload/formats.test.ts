// Format detection (by name, then content) and openTrace's input errors.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { detectFormat, openTrace } from "../../src/workload/formats.js";
import { CSV, collect, FIXTURES, OG, REQUESTS, scratch, TXT, VSCSI, zstdRawFrame } from "./helpers.js";

describe("detectFormat and openTrace", () => {
  it("detects each fixture by name", () => {
    expect(detectFormat(OG)).toBe("oracleGeneral");
    expect(detectFormat(VSCSI)).toBe("vscsi");
    expect(detectFormat(CSV)).toBe("csv");
    expect(detectFormat(TXT)).toBe("txt");
  });

  it("detects by content when the name says nothing", () => {
    const dir = scratch();
    const cases: [string, string][] = [
      [OG, "oracleGeneral"],
      [VSCSI, "vscsi"],
      [CSV, "csv"],
      [TXT, "txt"],
    ];
    for (const [src, format] of cases) {
      const path = join(dir, `anon-${format}`);
      copyFileSync(src, path);
      expect(detectFormat(path)).toBe(format);
    }
    const tw = join(dir, "cluster52.0");
    writeFileSync(tw, "0,nz:u:eeW511W3dcH3de3d15ec,24,300,1,get,0\n");
    expect(detectFormat(tw)).toBe("twitter");
    const twCsv = join(dir, "cluster52.csv");
    writeFileSync(twCsv, "0,nz:u:eeW511W3dcH3de3d15ec,24,300,1,set,3600\n");
    expect(detectFormat(twCsv)).toBe("twitter");
  });

  it("cannot tell an unnamed binary file of no known layout", () => {
    const path = join(scratch(), "mystery");
    writeFileSync(path, Buffer.from([1, 2, 3, 0, 0, 0, 9]));
    expect(() => openTrace(path)).toThrow(/cannot tell the format of .*mystery: pass --format/);
  });

  it("gives clear input errors for a missing file, a directory, an empty file and an unknown format", () => {
    const dir = scratch();
    expect(() => openTrace(join(dir, "nope.bin"))).toThrow(`no such file: ${join(dir, "nope.bin")}`);
    mkdirSync(join(dir, "d"));
    expect(() => openTrace(join(dir, "d"))).toThrow(/is a directory/);
    writeFileSync(join(dir, "empty.csv"), "");
    expect(() => openTrace(join(dir, "empty.csv"))).toThrow(`${join(dir, "empty.csv")} is empty`);
    writeFileSync(join(dir, "empty.csv.zst"), zstdRawFrame(Buffer.alloc(0)));
    expect(() => openTrace(join(dir, "empty.csv.zst"))).toThrow(
      `${join(dir, "empty.csv.zst")} is empty (once decompressed)`,
    );
    let err: unknown;
    try {
      openTrace(OG, { format: "oracleGenral" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      "unknown trace format 'oracleGenral'. Did you mean oracleGeneral? Valid: oracleGeneral, vscsi, csv, txt, twitter.",
    );
  });

  it("takes format names case-insensitively and refuses CSV mapping flags for other formats", () => {
    expect(openTrace(OG, { format: "ORACLEGENERAL" }).format).toBe("oracleGeneral");
    expect(() => openTrace(OG, { csv: { idCol: "3" } })).toThrow(
      `--id-col applies to csv traces; ${OG} is oracleGeneral`,
    );
  });

  it("reads a trace named for another format as the format it is told", () => {
    expect(collect(openTrace(`${FIXTURES}cloudPhysicsIO.txt`, { format: "txt" })).key.length).toBe(REQUESTS);
  });
});
