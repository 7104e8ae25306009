// The working-set tally: both paths agree with a plain Map count, batch boundaries anywhere.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WorkingSetTally } from "../../src/workload/tally.js";

/** requests, objects, bytes and working set (first size per object) counted the obvious way */
function naive(key: number[], size: number[]) {
  const first = new Map<number, number>();
  key.forEach((k, i) => {
    if (!first.has(k)) first.set(k, size[i]);
  });
  return {
    requests: key.length,
    objects: first.size,
    requestedBytes: size.reduce((a, b) => a + b, 0),
    workingSetBytes: [...first.values()].reduce((a, b) => a + b, 0),
    idSpace: key.length === 0 ? 0 : Math.max(...key) + 1,
  };
}

function tally(key: number[], size: number[], firstSeenOrder: boolean, batch: number) {
  const t = new WorkingSetTally(firstSeenOrder);
  for (let i = 0; i < key.length; i += batch) {
    const k = Uint32Array.from(key.slice(i, i + batch));
    t.add(k, Uint32Array.from(size.slice(i, i + batch)), k.length);
  }
  const { requests, objects, requestedBytes, workingSetBytes, idSpace } = t;
  return { requests, objects, requestedBytes, workingSetBytes, idSpace };
}

const requests = fc.array(fc.tuple(fc.nat(200), fc.nat(5000)), { maxLength: 300 });

describe("WorkingSetTally", () => {
  it("counts any ids (byte map path) as a Map would", () => {
    fc.assert(
      fc.property(requests, fc.integer({ min: 1, max: 50 }), (reqs, batch) => {
        const key = reqs.map(([k]) => k);
        const size = reqs.map(([, s]) => s);
        expect(tally(key, size, false, batch)).toEqual(naive(key, size));
      }),
    );
  });

  it("counts ids in first-seen order (interned path) the same, storing nothing", () => {
    fc.assert(
      fc.property(requests, fc.integer({ min: 1, max: 50 }), (reqs, batch) => {
        // renumber ids in first-seen order, as an interner hands them out
        const dense = new Map<number, number>();
        const key = reqs.map(([k]) => {
          if (!dense.has(k)) dense.set(k, dense.size);
          return dense.get(k)!;
        });
        const size = reqs.map(([, s]) => s);
        expect(tally(key, size, true, batch)).toEqual(naive(key, size));
        expect(tally(key, size, true, batch)).toEqual(tally(key, size, false, batch));
      }),
    );
  });

  it("gives the id space of sparse ids", () => {
    expect(tally([5, 1_000_000, 5], [10, 20, 30], false, 2)).toEqual({
      requests: 3,
      objects: 2,
      requestedBytes: 60,
      workingSetBytes: 30,
      idSpace: 1_000_001,
    });
  });
});
