import { describe, expect, it } from "vitest";
import { parseRef } from "../../src/policies/resolve.js";

describe("parseRef", () => {
  it("reads name:param=value pairs as numbers", () => {
    expect(parseRef("s3fifo:smallSizeRatio=0.2", "eviction policy")).toEqual({
      name: "s3fifo",
      params: { smallSizeRatio: 0.2 },
    });
  });

  it("takes true/false for switches (wtinylfu:adaptive=true, as the issue writes it)", () => {
    expect(parseRef("wtinylfu:adaptive=true:libcachesimAging=false", "eviction policy").params).toEqual({
      adaptive: 1,
      libcachesimAging: 0,
    });
  });

  it("refuses a value that is neither a number nor true/false", () => {
    expect(() => parseRef("wtinylfu:adaptive=yes", "eviction policy")).toThrow(/name=number \(or name=true\|false\)/);
  });
});
