// The binary and text readers against the CloudPhysics fixtures: the same requests in every format.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openTrace } from "../../../src/workload/formats.js";
import { readOracleGeneral } from "../../../src/workload/readers/oracle-general.js";
import { readTxt } from "../../../src/workload/readers/txt.js";
import { readVscsi } from "../../../src/workload/readers/vscsi.js";
import { type Collected, CSV, collect, OBJECTS, OG, REQUESTS, TXT, VSCSI } from "../helpers.js";

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
