// Writers across formats: conversions of the fixture, clean failures, and writer → reader round trips.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openTrace, writeTrace } from "../../../src/workload/formats.js";
import { readCsv } from "../../../src/workload/readers/csv.js";
import { readOracleGeneral } from "../../../src/workload/readers/oracle-general.js";
import { readTxt } from "../../../src/workload/readers/txt.js";
import type { Op } from "../../../src/workload/types.js";
import { CSV, collect, memorySource, OG, REQUESTS, type Req, scratch, TXT, VSCSI } from "../helpers.js";

const fixture = readFileSync(OG);

describe("convert round trips on the fixture", () => {
  it("oracleGeneral → csv → oracleGeneral gives identical bytes", () => {
    const dir = scratch();
    const a = writeTrace(openTrace(OG), join(dir, "og.csv"), "csv");
    expect(a).toEqual({ requests: REQUESTS, droppedOps: 0, droppedTtls: 0 });
    expect(readFileSync(join(dir, "og.csv"), "latin1").split("\n", 3)).toEqual([
      "time,id,size,op",
      "5633898,42932745,512,get",
      "5633898,42932746,512,get",
    ]);
    writeTrace(openTrace(join(dir, "og.csv")), join(dir, "back.oracleGeneral.bin"), "oracleGeneral");
    expect(readFileSync(join(dir, "back.oracleGeneral.bin")).equals(fixture)).toBe(true);
  });

  it("vscsi → oracleGeneral and csv → oracleGeneral reproduce libCacheSim's file byte for byte", () => {
    // first size per object, floor(ts / 1e6) seconds, and next_access_vtime as libCacheSim writes it
    const dir = scratch();
    writeTrace(openTrace(VSCSI), join(dir, "v.bin"), "oracleGeneral");
    expect(readFileSync(join(dir, "v.bin")).equals(fixture)).toBe(true);
    writeTrace(openTrace(CSV), join(dir, "c.bin"), "oracleGeneral");
    expect(readFileSync(join(dir, "c.bin")).equals(fixture)).toBe(true);
  });

  it("csv → txt gives the txt fixture (plus the final newline it lacks)", () => {
    const dir = scratch();
    writeTrace(openTrace(CSV), join(dir, "c.txt"), "txt");
    expect(readFileSync(join(dir, "c.txt"), "latin1")).toBe(`${readFileSync(TXT, "latin1")}\n`);
  });

  it("csv round trip keeps per-request sizes (4,205,978,112 bytes), unlike oracleGeneral", () => {
    const dir = scratch();
    writeTrace(openTrace(VSCSI), join(dir, "v.csv"), "csv");
    const t = collect(readCsv(join(dir, "v.csv")));
    expect(t.size.reduce((x, y) => x + y, 0)).toBe(4_205_978_112);
    expect(t.key).toEqual(collect(openTrace(VSCSI)).key);
  });
});

describe("writers fail cleanly", () => {
  it("a key a txt trace cannot hold is an error, and leaves neither the file nor a temp file", () => {
    const dir = scratch();
    const reqs: Req[] = [
      { id: "ok", size: 1, time: 0, op: 0 },
      { id: "two\nlines", size: 1, time: 0, op: 0 },
    ];
    expect(() => writeTrace(memorySource(reqs), join(dir, "t.txt"), "txt")).toThrow(/cannot be written to a txt trace/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("an unwritable format is an input error naming the writable ones", () => {
    const dir = scratch();
    expect(() => writeTrace(openTrace(TXT), join(dir, "x.vscsi"), "vscsi")).toThrow(
      "cannot write vscsi traces. Writable: oracleGeneral, csv, txt.",
    );
    expect(() => writeTrace(openTrace(TXT), join(dir, "x"), "cvs")).toThrow(
      /unknown trace format 'cvs'. Did you mean csv\?/,
    );
    expect(existsSync(join(dir, "x.vscsi"))).toBe(false);
  });
});

// ---- property: writer → reader preserves the request sequence ----

const MAX64 = 2n ** 64n - 1n;
const asOriginal = (v: bigint) => (v < 2n ** 53n ? Number(v) : v);
const op = fc.constantFrom<Op>(0, 1, 2);
const size = fc.nat({ max: 0xffffffff });
/** ids with repeats: a small pool of values up to 2^64 - 1, plus some up to 2^53 */
const numericId = fc.oneof(
  fc.bigInt({ min: 0n, max: 40n }),
  fc.bigInt({ min: 0n, max: 2n ** 53n }),
  fc.bigInt({ min: 0n, max: MAX64 }),
);
/** string keys a CSV can hold: one line, not empty, not a plain decimal number (those read back as numbers) */
const csvKey = fc
  .string({ unit: fc.constantFrom(...'ab:," é\u00ff-_19'), minLength: 1, maxLength: 8 })
  .filter((s) => !/^\d+$/.test(s));
const txtKey = csvKey.filter((s) => !/^\s|\s$/.test(s));

function roundTrip(reqs: Req[], format: "csv" | "txt" | "oracleGeneral") {
  const path = join(scratch(), `p.${format === "oracleGeneral" ? "bin" : format}`);
  writeTrace(memorySource(reqs), path, format);
  return collect(format === "csv" ? readCsv(path) : format === "txt" ? readTxt(path) : readOracleGeneral(path));
}

describe("property: writer → reader round trips", () => {
  it("csv keeps ids (numbers to 2^64 - 1 and strings), sizes, times, ops and TTLs exactly", () => {
    const req = fc.record({
      id: fc.oneof(numericId, csvKey),
      size,
      time: fc.oneof(
        fc.nat(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((t) => (t === 0 ? 0 : t)),
      ),
      op,
      ttl: fc.nat({ max: 0xffffffff }),
    });
    fc.assert(
      fc.property(fc.array(req, { minLength: 1, maxLength: 40 }), (reqs) => {
        const t = roundTrip(reqs, "csv");
        expect(t.ids).toEqual(reqs.map((r) => (typeof r.id === "bigint" ? asOriginal(r.id) : r.id)));
        expect(t.size).toEqual(reqs.map((r) => r.size));
        expect(t.time).toEqual(reqs.map((r) => r.time));
        expect(t.op).toEqual(reqs.map((r) => r.op));
        expect(t.ttl).toEqual(reqs.map((r) => r.ttl));
      }),
      { numRuns: 150 },
    );
  });

  it("txt keeps the id sequence", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(numericId, txtKey), { minLength: 1, maxLength: 40 }), (ids) => {
        const t = roundTrip(
          ids.map((id) => ({ id, size: 7, time: 0, op: 0 })),
          "txt",
        );
        expect(t.ids).toEqual(ids.map((id) => (typeof id === "bigint" ? asOriginal(id) : id)));
      }),
      { numRuns: 150 },
    );
  });

  it("oracleGeneral keeps ids and whole-second times; sizes become each object's first size", () => {
    const req = fc.record({ id: numericId, size, time: fc.nat({ max: 0xffffffff }), op: fc.constant<Op>(0) });
    fc.assert(
      fc.property(fc.array(req, { minLength: 1, maxLength: 40 }), (reqs) => {
        const t = roundTrip(reqs, "oracleGeneral");
        const first = new Map<bigint, number>();
        for (const r of reqs) if (!first.has(r.id as bigint)) first.set(r.id as bigint, r.size);
        expect(t.ids).toEqual(reqs.map((r) => asOriginal(r.id as bigint)));
        expect(t.size).toEqual(reqs.map((r) => first.get(r.id as bigint)));
        expect(t.time).toEqual(reqs.map((r) => r.time));
        // dense ids read back are the writer's, in the same first-seen order
        const dense = new Map<bigint, number>();
        expect(t.key).toEqual(
          reqs.map((r) => dense.get(r.id as bigint) ?? dense.set(r.id as bigint, dense.size).get(r.id as bigint)),
        );
      }),
      { numRuns: 150 },
    );
  });
});
