// The arena's location arithmetic: a location is page × 2^20 + offset in a double; the offset is
// read with a 32-bit mask, which must stay exact past 2^31 and 2^32 (more than 2048 / 4096 pages).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Arena } from "../../../src/cluster/node/arena.js";

describe("Arena locations", () => {
  it("gives back the offset of any page and offset, past 2^32", () => {
    expect(Arena.offset(0)).toBe(0);
    expect(Arena.offset(2048 * 2 ** 20 + 7)).toBe(7);
    expect(Arena.offset(4096 * 2 ** 20 + 2 ** 20 - 1)).toBe(2 ** 20 - 1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 }), fc.integer({ min: 0, max: 2 ** 20 - 1 }), (page, off) => {
        expect(Arena.offset(page * 2 ** 20 + off)).toBe(off);
      }),
    );
  });

  it("hands out chunks whose offsets and pages match the allocation order", () => {
    const a = new Arena();
    const c = a.classOf(116);
    expect(a.sizes[c]).toBe(120);
    const first = a.alloc(c, 116);
    const second = a.alloc(c, 116);
    expect(Arena.offset(second) - Arena.offset(first)).toBe(120);
    expect(a.page(first)).toBe(a.page(second));
  });
});
