// Every writer in the registry round-trips through the reader of the same name: the file it writes
// is detected as that format, and reading it back gives the ids, and the times and sizes where the
// format holds them, that were written.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectFormat, openTrace, WRITABLE_FORMATS, writeTrace } from "../../../src/workload/formats.js";
import { READERS } from "../../../src/workload/readers/registry.js";
import { GET } from "../../../src/workload/types.js";
import { WRITERS } from "../../../src/workload/writers/registry.js";
import { collect, memorySource, type Req, scratch } from "../helpers.js";

// what every format can hold: whole-second times, GETs, one size per object, numeric ids up to 2^64 - 1
const REQS: Req[] = [1, 7, 1, 2 ** 40, 3, 7, 2n ** 64n - 1n, 1].map((id, i) => ({
  id,
  time: 10 + i,
  size: 100 + (typeof id === "bigint" ? 1 : Number(id % 1000)),
  op: GET,
}));

describe("writer registry", () => {
  it("lists only formats that have a reader", () => {
    expect(WRITABLE_FORMATS).toEqual(Object.keys(WRITERS));
    for (const name of WRITABLE_FORMATS) expect(READERS).toHaveProperty(name);
  });

  it.each(WRITABLE_FORMATS)("%s: written, detected and read back", (name) => {
    const path = join(scratch(), `out-${name}`);
    expect(writeTrace(memorySource(REQS), path, name)).toEqual({
      requests: REQS.length,
      droppedOps: 0,
      droppedTtls: 0,
    });
    expect(detectFormat(path)).toBe(name);
    const source = openTrace(path);
    const back = collect(source);
    expect(back.ids).toEqual(REQS.map((r) => r.id));
    if (source.hasTime) expect(back.time).toEqual(REQS.map((r) => r.time));
    // a format without sizes reads every request as 1 byte (no written size is 1)
    if (!back.size.every((s) => s === 1)) expect(back.size).toEqual(REQS.map((r) => r.size));
  });
});
