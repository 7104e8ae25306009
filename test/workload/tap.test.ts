import { describe, expect, it } from "vitest";
import { tapped } from "../../src/workload/tap.js";
import { newBatch, type RequestBatch } from "../../src/workload/types.js";

function source(lengths: number[]) {
  let objects = 0;
  return {
    note: "kept",
    get objects() {
      return objects;
    },
    *[Symbol.iterator](): Generator<RequestBatch> {
      for (const n of lengths) {
        const b = newBatch(n);
        b.length = n;
        objects += n;
        yield b;
      }
    },
  };
}

describe("tapped", () => {
  it("calls the listener once per batch and the start hook once per pass, and yields the same batches", () => {
    const seen: number[] = [];
    let starts = 0;
    const s = tapped(
      source([3, 5, 2]),
      (b) => seen.push(b.length),
      () => starts++,
    );
    expect([...s].map((b) => b.length)).toEqual([3, 5, 2]);
    expect([...s].map((b) => b.length)).toEqual([3, 5, 2]);
    expect(seen).toEqual([3, 5, 2, 3, 5, 2]);
    expect(starts).toBe(2);
  });

  it("passes the source's properties through (getters read live) and adds extras without touching the source", () => {
    const src = source([4]);
    const s = tapped(src, () => {}, undefined, { summary: () => 42 });
    expect(s.note).toBe("kept");
    expect(s.objects).toBe(0);
    for (const _ of s);
    expect(s.objects).toBe(4);
    expect(s.summary()).toBe(42);
    expect("summary" in src).toBe(false);
  });
});
