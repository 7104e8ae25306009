// CSV traces may carry context columns (region, device), mapped like the other columns: each
// request gets an index into the source's context table, filled in first-seen order.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../../src/workload/readers/csv.js";

const dir = mkdtempSync(join(tmpdir(), "cachelab-csv-ctx-"));

function read(text: string, options = {}) {
  const path = join(dir, `t${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, text);
  const src = readCsv(path, options);
  const ctx: number[] = [];
  for (const b of src) for (let i = 0; i < b.length; i++) ctx.push(b.ctx ? b.ctx[i] : -1);
  return { ctx, contexts: src.contexts };
}

describe("CSV context columns", () => {
  it("region and device headers are understood; the table is in first-seen order", () => {
    const { ctx, contexts } = read(
      "time,key,size,region,device\n0,a,1,eu,phone\n1,b,1,us,tv\n2,a,1,eu,phone\n3,c,1,eu,a-very-long-device-name\n",
    );
    expect(ctx).toEqual([0, 1, 0, 2]);
    expect(contexts).toEqual([
      { region: "eu", device: "phone", utcOffsetHours: 0 },
      { region: "us", device: "tv", utcOffsetHours: 0 },
      { region: "eu", device: "a-very-long-device-name", utcOffsetHours: 0 },
    ]);
  });

  it("mapped by number, region only", () => {
    const { ctx, contexts } = read("1,k,apac\n2,k,eu\n3,j,apac\n", { idCol: 2, timeCol: 1, regionCol: 3 });
    expect(ctx).toEqual([0, 1, 0]);
    expect(contexts?.map((c) => c.region)).toEqual(["apac", "eu"]);
  });

  it("no context column: no ctx column and no table", () => {
    const { ctx, contexts } = read("time,key\n0,a\n1,b\n");
    expect(ctx).toEqual([-1, -1]);
    expect(contexts).toBeUndefined();
  });
});
