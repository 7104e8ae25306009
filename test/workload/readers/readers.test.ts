import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors.js";
import { detectFormat, openTrace } from "../../../src/workload/formats.js";
import { openInput } from "../../../src/workload/input/byte-input.js";
import { readOracleGeneral } from "../../../src/workload/readers/oracle-general.js";
import { readTxt } from "../../../src/workload/readers/txt.js";
import { readVscsi } from "../../../src/workload/readers/vscsi.js";
import {
  type Collected,
  CSV,
  CSV_ZST,
  collect,
  FIXTURES,
  OBJECTS,
  OG,
  OG_ZST,
  REQUESTS,
  scratch,
  TXT,
  VSCSI,
} from "../helpers.js";

const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

/** The fixture's records decoded independently of the readers (Buffer reads, Map interning). */
function rawOracleGeneral(path = OG) {
  const buf = readFileSync(path);
  const dense = new Map<bigint, number>();
  const key: number[] = [];
  const size: number[] = [];
  const time: number[] = [];
  for (let o = 0; o < buf.length; o += 24) {
    const id = buf.readBigUInt64LE(o + 4);
    if (!dense.has(id)) dense.set(id, dense.size);
    key.push(dense.get(id)!);
    time.push(buf.readUInt32LE(o));
    size.push(buf.readUInt32LE(o + 12));
  }
  return { key, size, time };
}

describe("readers on the CloudPhysics fixtures", () => {
  const og = collect(readOracleGeneral(OG));
  const vscsi = collect(readVscsi(VSCSI));
  const csv = collect(openTrace(CSV));
  const txt = collect(readTxt(TXT));
  const raw = rawOracleGeneral();

  it("read 113,872 requests over 48,974 objects in batches of at most 65,536", () => {
    for (const t of [og, vscsi, csv, txt]) {
      expect(t.key.length).toBe(REQUESTS);
      expect(new Set(t.key).size).toBe(OBJECTS);
      expect(Math.max(...t.key)).toBe(OBJECTS - 1);
      expect(t.batches).toBe(2);
    }
  });

  it("give the same dense-id sequence in all four formats, in first-seen order", () => {
    expect(og.key).toEqual(raw.key);
    expect(vscsi.key).toEqual(og.key);
    expect(csv.key).toEqual(og.key);
    expect(txt.key).toEqual(og.key);
    // first-seen order: each new id is exactly one more than the largest before it
    let max = -1;
    let firstSeenOrder = true;
    for (const k of og.key) {
      if (k > max + 1) firstSeenOrder = false;
      if (k > max) max = k;
    }
    expect(firstSeenOrder).toBe(true);
  });

  it("keep the original 64-bit ids (lbn) per dense id, the same in every format", () => {
    expect(og.ids.slice(0, 3)).toEqual([42932745, 42932746, 42932747]);
    expect(vscsi.ids).toEqual(og.ids);
    expect(csv.ids).toEqual(og.ids);
    expect(txt.ids).toEqual(og.ids);
  });

  it("sum the README's requested bytes: 4,368,040,448 (oracleGeneral) and 4,205,978,112 (vscsi, csv)", () => {
    expect(sum(og.size)).toBe(4_368_040_448);
    expect(sum(vscsi.size)).toBe(4_205_978_112);
    expect(sum(csv.size)).toBe(4_205_978_112);
    expect(vscsi.size).toEqual(csv.size);
    expect(sum(txt.size)).toBe(REQUESTS); // no sizes: 1 each
  });

  it("give a working set of 2,029,769,728 bytes (first size per object) in every sized format", () => {
    const workingSet = (t: Collected) => {
      const first = new Map<number, number>();
      t.key.forEach((k, i) => {
        if (!first.has(k)) first.set(k, t.size[i]);
      });
      return sum([...first.values()]);
    };
    expect(workingSet(og)).toBe(2_029_769_728);
    expect(workingSet(vscsi)).toBe(2_029_769_728);
    expect(workingSet(csv)).toBe(2_029_769_728);
  });

  it("read times in seconds: oracleGeneral as stored, vscsi µs / 1e6, csv as written, txt the request index", () => {
    expect(og.time).toEqual(raw.time);
    expect(og.time[0]).toBe(5_633_898);
    expect(csv.time).toEqual(og.time);
    const vs = readFileSync(VSCSI);
    expect(vscsi.time[1]).toBe(Number(vs.readBigUInt64LE(32 + 24)) / 1e6);
    expect(vscsi.time.map(Math.floor)).toEqual(og.time);
    expect(txt.time.slice(0, 3)).toEqual([0, 1, 2]);
    expect(txt.time[REQUESTS - 1]).toBe(REQUESTS - 1);
  });

  it("read every request as a GET (the CSV's SCSI opcode column is ignored, with a note)", () => {
    for (const t of [og, vscsi, csv, txt]) expect(t.op.every((o) => o === 0)).toBe(true);
    const source = openTrace(CSV);
    expect(source.notes).toHaveLength(1);
    expect(source.notes[0]).toContain("'2a'");
    expect(source.hasTime).toBe(true);
    expect(readTxt(TXT).hasTime).toBe(false);
  });

  it("iterate again with the same interner and get the same dense ids", () => {
    const source = readOracleGeneral(OG);
    const first = collect(source).key;
    expect(collect(source).key).toEqual(first);
    expect(source.objects).toBe(OBJECTS);
  });

  it("share an interner across traces: dense ids agree", () => {
    const a = openTrace(TXT);
    const b = openTrace(VSCSI, { interner: a.interner });
    expect(collect(b).key).toEqual(collect(a).key);
    expect(b.objects).toBe(OBJECTS);
  });
});

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

/** A minimal zstd frame holding `data` in one raw block (RFC 8878: no checksum, content size given). */
function zstdRawFrame(data: Buffer): Buffer {
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20 /* single segment, 1-byte size */, data.length]);
  const block = Buffer.alloc(3);
  const b = (data.length << 3) | 1; // last block, raw
  block[0] = b & 0xff;
  block[1] = (b >> 8) & 0xff;
  block[2] = (b >> 16) & 0xff;
  return Buffer.concat([header, block, data]);
}

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

describe("txt", () => {
  it("takes numeric and string ids, skips blank lines, handles CRLF and a missing last newline", () => {
    const path = join(scratch(), "t.txt");
    writeFileSync(path, "10\r\nabc\n\n  10  \nx y\n18446744073709551615\n18446744073709551616\nabc");
    const t = collect(readTxt(path));
    expect(t.ids).toEqual([10, "abc", 10, "x y", 18446744073709551615n, "18446744073709551616", "abc"]);
    expect(t.key).toEqual([0, 1, 0, 2, 3, 4, 1]);
    expect(t.time).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(t.size).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it("reads the fixture whose last line has no newline (the last id is counted)", () => {
    const text = readFileSync(TXT, "latin1");
    expect(text.endsWith("\n")).toBe(false);
    const t = collect(readTxt(TXT));
    expect(t.ids[REQUESTS - 1]).toBe(Number(text.slice(text.lastIndexOf("\n") + 1)));
  });
});

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
