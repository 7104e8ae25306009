// txt: one id per line.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTxt } from "../../../src/workload/readers/txt.js";
import { collect, REQUESTS, scratch, TXT } from "../helpers.js";

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
