import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors.js";
import { openTrace } from "../../../src/workload/formats.js";
import { type CsvOptions, readCsv } from "../../../src/workload/readers/csv.js";
import { DELETE, GET, SET } from "../../../src/workload/types.js";
import { CSV, collect, OBJECTS, REQUESTS, scratch } from "../helpers.js";

const dir = scratch();
let files = 0;
function csvFile(text: string): string {
  const path = join(dir, `t${files++}.csv`);
  writeFileSync(path, text);
  return path;
}
const read = (text: string, options: CsvOptions = {}) => collect(readCsv(csvFile(text), options));

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("csv: header and column mapping", () => {
  it("understands a header naming time, key, size, op, ttl in any order, case-insensitively", () => {
    const t = read("Size,OP,key,Time,TTL\n100,get,a,1.5,0\n200,SET,b,2,60\n100,Delete,a,3,0\n");
    expect(t.ids).toEqual(["a", "b", "a"]);
    expect(t.key).toEqual([0, 1, 0]);
    expect(t.size).toEqual([100, 200, 100]);
    expect(t.time).toEqual([1.5, 2, 3]);
    expect(t.op).toEqual([GET, SET, DELETE]);
    expect(t.ttl).toEqual([0, 60, 0]);
  });

  it("maps columns by 1-based number without a header", () => {
    const t = read("x,7,512,10\ny,8,1024,11\n", { idCol: "2", sizeCol: 3, timeCol: "4" });
    expect(t.ids).toEqual([7, 8]);
    expect(t.size).toEqual([512, 1024]);
    expect(t.time).toEqual([10, 11]);
  });

  it("maps columns by header name, and a mapped name makes auto see the header", () => {
    const t = read("when,obj,bytes\n5,k1,10\n6,k2,20\n", { idCol: "obj", timeCol: "when" });
    expect(t.ids).toEqual(["k1", "k2"]);
    expect(t.size).toEqual([10, 20]); // 'bytes' is a known size name
    expect(t.time).toEqual([5, 6]);
  });

  it("auto sees a header of unknown names when a numeric column mapped by number holds a word over a number", () => {
    expect(read("a,b,c\nx,1,10\ny,2,20\n", { idCol: 1, sizeCol: 3 }).size).toEqual([10, 20]);
    expect(read("a,b,c\nx,1,10\n", { idCol: 1, timeCol: 2 }).time).toEqual([1]);
    expect(read("a,b\nx,y\n", { idCol: 1 }).ids).toEqual(["a", "x"]); // nothing numeric mapped: data
  });

  it("header yes/no override auto", () => {
    expect(read("1\n2\n3\n", { header: "yes" }).ids).toEqual([2, 3]);
    expect(read("id\n2\n", { header: "no" }).ids).toEqual(["id", 2]);
  });

  it("a single header-less column is the id; missing columns give size 1, GET and virtual time", () => {
    const source = readCsv(csvFile("5\n6\n5\n"));
    expect(source.hasTime).toBe(false);
    const t = collect(source);
    expect(t.ids).toEqual([5, 6, 5]);
    expect(t.size).toEqual([1, 1, 1]);
    expect(t.op).toEqual([GET, GET, GET]);
    expect(t.time).toEqual([0, 1, 2]);
    expect(t.ttl).toBeUndefined();
  });

  it("'none' drops a column that the header would map", () => {
    const t = read("time,id,size\n9,1,100\n", { sizeCol: "none", timeCol: "none" });
    expect(t.size).toEqual([1]);
    expect(t.time).toEqual([0]);
  });

  it("reads other delimiters, CRLF line ends, blank lines and a last line without newline", () => {
    const t = read("id\tsize\r\n\r\n1\t10\r\n2\t20", { delimiter: "tab" });
    expect(t.ids).toEqual([1, 2]);
    expect(t.size).toEqual([10, 20]);
    expect(read("id;size\n1;10\n", { delimiter: ";" }).size).toEqual([10]);
  });

  it("reads quoted fields, doubled quotes and spaces around fields", () => {
    const t = read('id,size\n"a,b",1\n"say ""hi""", 2 \n  c  ,3\n"42",4\n');
    expect(t.ids).toEqual(["a,b", 'say "hi"', "c", 42]);
    expect(t.size).toEqual([1, 2, 3, 4]);
  });

  it("interns decimal ids up to 2^64 - 1 as numbers (leading zeros do not matter), others as strings", () => {
    const t = read("id\n9007199254740993\n18446744073709551615\n18446744073709551616\n007\n7\n-7\n1e3\n0x10\n");
    expect(t.ids).toEqual([
      9007199254740993n,
      18446744073709551615n,
      "18446744073709551616",
      7,
      7,
      "-7",
      "1e3",
      "0x10",
    ]);
    expect(t.key).toEqual([0, 1, 2, 3, 3, 4, 5, 6]);
  });

  it("accepts all the op words, case-insensitively", () => {
    const words = "get read r 0 GETS set write W put 1 add replace cas append prepend delete DEL 2 incr decr";
    const t = read(
      `id,op\n${words
        .split(" ")
        .map((w, i) => `${i},${w}`)
        .join("\n")}\n`,
    );
    expect(t.op).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 0, 0]);
  });

  it("parses times with fractions, signs and exponents", () => {
    expect(read("time,id\n0.000001,1\n-2.5,1\n1e3,1\n1234567890.123456,1\n").time).toEqual([
      0.000001, -2.5, 1000, 1234567890.123456,
    ]);
  });

  it("accepts whole sizes written with a fraction, up to 4294967295", () => {
    expect(read("id,size\n1,4096.0\n2,4294967295\n").size).toEqual([4096, 4294967295]);
  });

  it("batches long files in 65,536-request batches", () => {
    const lines = Array.from({ length: 70_000 }, (_, i) => `${i % 1000},${i}`);
    const t = read(`id,time\n${lines.join("\n")}\n`);
    expect(t.batches).toBe(2);
    expect(t.key.length).toBe(70_000);
    expect(t.time[69_999]).toBe(69_999);
    expect(new Set(t.key).size).toBe(1000);
  });
});

describe("csv: the CloudPhysics fixture", () => {
  it("needs no flags: lbn is the id, and the SCSI opcode column is ignored with a note", () => {
    const source = openTrace(CSV);
    const t = collect(source);
    expect(t.key.length).toBe(REQUESTS);
    expect(source.objects).toBe(OBJECTS);
    expect(t.op.every((o) => o === GET)).toBe(true);
    expect(source.notes[0]).toMatch(/column 'op' holds values other than get\/set\/delete \(e\.g\. '2a'\)/);
  });

  it("an explicitly mapped op column with opcodes is an error naming the line", () => {
    const source = openTrace(CSV, { csv: { opCol: "op" } });
    expect(() => collect(source)).toThrow(`${CSV}:2: unknown op '2a'`);
  });

  it("--op-col none reads it quietly", () => {
    const source = openTrace(CSV, { csv: { opCol: "none" } });
    expect(source.notes).toEqual([]);
  });
});

describe("csv: errors name the file and line, on one line", () => {
  it("a bad size on line N", () => {
    const path = csvFile("id,size\n1,10\n2,20\n\n3,abc\n");
    const err = errorOf(() => collect(readCsv(path)));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(`${path}:5: size 'abc' is not a number`);
    expect(err.message).not.toContain("\n");
  });

  it("a negative or too large size", () => {
    const path = csvFile("id,size\n1,-5\n");
    expect(() => collect(readCsv(path))).toThrow(
      `${path}:2: size -5 is not a whole number of bytes from 0 to 4294967295`,
    );
    const big = csvFile("id,size\n1,4294967296\n");
    expect(() => collect(readCsv(big))).toThrow(`${big}:2: size 4294967296 is not`);
  });

  it("an unknown op after the first MiB, in an op column that looked valid there", () => {
    const lines = Array.from({ length: 150_000 }, (_, i) => `${i},${i % 2 ? "get" : "set"}`);
    const path = csvFile(`id,op\n${lines.join("\n")}\n7,frobnicate\n`);
    const source = readCsv(path);
    expect(source.notes).toEqual([]);
    expect(() => collect(source)).toThrow(`${path}:150002: unknown op 'frobnicate'`);
  });

  it("an op column found by name whose first MiB holds other values is ignored, with a note", () => {
    const path = csvFile("id,op\n1,get\n2,frobnicate\n3,set\n");
    const source = readCsv(path);
    expect(source.notes[0]).toContain("(e.g. 'frobnicate')");
    expect(collect(source).op).toEqual([GET, GET, GET]);
  });

  it("a bad time, an empty id, a short line, an unterminated quote", () => {
    let path = csvFile("time,id\nnoon,1\n");
    expect(() => collect(readCsv(path))).toThrow(`${path}:2: time 'noon' is not a number`);
    path = csvFile("time,id\n1,\n");
    expect(() => collect(readCsv(path))).toThrow(`${path}:2: empty id`);
    path = csvFile("time,id,size\n1,2,3\n4,5\n");
    expect(() => collect(readCsv(path))).toThrow(`${path}:3: 2 fields, but column 3 is mapped`);
    path = csvFile('id,size\n"abc,1\n');
    expect(() => collect(readCsv(path))).toThrow(`${path}:2: unterminated quote`);
  });

  it("a header-less first line that fails hints at --header yes", () => {
    const path = csvFile("k,b\n1,x\n");
    expect(() => collect(readCsv(path, { idCol: 1, sizeCol: 2 }))).toThrow(
      `${path}:1: size 'b' is not a number (if line 1 is a header, pass --header yes)`,
    );
  });

  it("layout problems are reported when the trace is opened", () => {
    const path = csvFile("a,b,c\n1,2,3\n");
    expect(() => readCsv(path)).toThrow(/cannot tell which column of .* holds the object id: pass --id-col/);
    expect(() => readCsv(path, { idCol: "zz", header: "yes" })).toThrow(
      `--id-col 'zz': no such column in ${path} (columns: a, b, c)`,
    );
    expect(() => readCsv(path, { idCol: "4" })).toThrow(`--id-col 4: ${path} has 3 columns`);
    expect(() => readCsv(path, { idCol: "0" })).toThrow("--id-col 0: columns are numbered from 1");
    expect(() => readCsv(path, { idCol: "none" })).toThrow("--id-col cannot be 'none'");
    expect(() => readCsv(csvFile("1,2\n"), { idCol: "key" })).toThrow(/names a column, but .* has no header/);
    expect(() => readCsv(path, { idCol: 1, delimiter: "ab" })).toThrow(/delimiter must be one ASCII character/);
  });
});
