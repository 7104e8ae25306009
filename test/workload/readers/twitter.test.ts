import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openTrace } from "../../../src/workload/formats.js";
import { readTwitter } from "../../../src/workload/readers/twitter.js";
import { DELETE, GET, SET } from "../../../src/workload/types.js";
import { collect, scratch } from "../helpers.js";

const dir = scratch();
let files = 0;
function file(text: string, name = `cluster${files++}.0`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("twitter traces", () => {
  it("reads timestamp, key, key+value size, op and TTL", () => {
    const path = file(
      [
        "0,nz:u:eeW511W3dcH3de3d15ec,24,300,1,get,0",
        "0,nz:u:eeW511W3dcH3de3d15ec,24,310,1,set,3600",
        "1,q:7,3,0,2,delete,0",
        "2,nz:u:eeW511W3dcH3de3d15ec,24,0,1,gets,0",
        "5,q:7,3,10,2,add,60",
      ].join("\n"),
    );
    const source = openTrace(path);
    expect(source.format).toBe("twitter");
    const t = collect(source);
    expect(t.ids).toEqual([
      "nz:u:eeW511W3dcH3de3d15ec",
      "nz:u:eeW511W3dcH3de3d15ec",
      "q:7",
      "nz:u:eeW511W3dcH3de3d15ec",
      "q:7",
    ]);
    expect(t.key).toEqual([0, 0, 1, 0, 1]);
    expect(t.time).toEqual([0, 0, 1, 2, 5]);
    expect(t.size).toEqual([324, 334, 3, 24, 13]);
    expect(t.op).toEqual([GET, SET, DELETE, GET, SET]);
    expect(t.ttl).toEqual([0, 3600, 0, 0, 60]);
  });

  it("maps every memcached verb: get/gets/incr/decr → GET, set/add/replace/cas/append/prepend → SET", () => {
    const verbs = ["get", "gets", "incr", "decr", "set", "add", "replace", "cas", "append", "prepend", "delete"];
    const t = collect(readTwitter(file(verbs.map((v, i) => `${i},k${i},2,5,1,${v},0`).join("\n"))));
    expect(t.op).toEqual([GET, GET, GET, GET, SET, SET, SET, SET, SET, SET, DELETE]);
  });

  it("keeps commas inside keys (fields are taken from both ends) and numeric keys are numbers", () => {
    const t = collect(readTwitter(file("7,a,b,c,1,2,3,get,0\n8,12345,5,5,1,get,0\r\n")));
    expect(t.ids).toEqual(["a,b,c", 12345]);
    expect(t.size).toEqual([3, 10]);
  });

  it("reports malformed lines with file and line", () => {
    let path = file("0,k,1,1,1,get,0\n1,k,1,1,1,fetch,0\n");
    expect(() => collect(readTwitter(path))).toThrow(`${path}:2: unknown operation 'fetch'`);
    path = file("0,k,1,1,get,0\n");
    expect(() => collect(readTwitter(path))).toThrow(`${path}:1: expected 7 comma-separated fields`);
    path = file("0,k,x,1,1,get,0\n");
    expect(() => collect(readTwitter(path))).toThrow(`${path}:1: key size 'x' is not a number`);
    path = file("0,k,1,1,1,get,-1\n");
    expect(() => collect(readTwitter(path))).toThrow(`${path}:1: TTL '-1' is not a whole number of seconds`);
    path = file("t0,k,1,1,1,get,0\n");
    expect(() => collect(readTwitter(path))).toThrow(`${path}:1: timestamp 't0' is not a number`);
  });
});
