// vscsi: v2 records, and a file that is neither version.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openTrace } from "../../../src/workload/formats.js";
import { readVscsi } from "../../../src/workload/readers/vscsi.js";
import { collect, scratch, VSCSI } from "../helpers.js";

describe("vscsi v2", () => {
  it("reads 40-byte records with the version at byte 2, same requests as v1", () => {
    const v1 = readFileSync(VSCSI);
    const n = v1.length / 32;
    const v2 = Buffer.alloc(n * 40);
    for (let r = 0; r < n; r++) {
      const a = r * 32;
      const b = r * 40;
      v2.writeUInt16LE(v1.readUInt16LE(a + 12), b); // cmd
      v2.writeUInt16LE(0x0200, b + 2); // ver: 2 << 8
      v2.writeUInt32LE(v1.readUInt32LE(a), b + 4); // sn
      v2.writeUInt32LE(v1.readUInt32LE(a + 4), b + 8); // len
      v2.writeUInt32LE(v1.readUInt32LE(a + 8), b + 12); // nSG
      v1.copy(v2, b + 16, a + 16, a + 32); // lbn, ts
      v2.writeBigUInt64LE(123n, b + 32); // rt
    }
    const path = join(scratch(), "v2.vscsi");
    writeFileSync(path, v2);
    const got = collect(openTrace(path));
    const want = collect(readVscsi(VSCSI));
    expect(got.key).toEqual(want.key);
    expect(got.size).toEqual(want.size);
    expect(got.time).toEqual(want.time);
  });

  it("rejects a file whose first record is neither v1 nor v2", () => {
    const path = join(scratch(), "bad.vscsi");
    writeFileSync(path, Buffer.alloc(64));
    expect(() => readVscsi(path)).toThrow(/not a vscsi trace/);
  });
});
