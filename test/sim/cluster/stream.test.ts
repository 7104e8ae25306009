// The id-space estimate a streamed cluster run decides dense or slot mode on (src/sim/cluster/
// stream.ts): the ids of the prefix (first-seen order: the largest id + 1) scaled to the whole
// trace, at most one per request. The streamed run itself (worker threads) is compared with the
// loaded run in test/e2e/cluster-stream.test.ts.
import { describe, expect, it } from "vitest";
import { estimateIds } from "../../../src/sim/cluster/stream.js";

describe("estimateIds", () => {
  it("scales the prefix's ids to the trace, capped at one id per request", () => {
    const key = Uint32Array.from([0, 1, 0, 2, 1, 3, 0, 3]); // 4 ids in 8 requests
    expect(estimateIds(key, 8, 8)).toBe(4);
    expect(estimateIds(key, 8, 100)).toBe(50); // 4 × 100 / 8
    expect(estimateIds(key, 4, 10)).toBe(8); // 3 ids in 4 requests: ceil(3 × 10 / 4)
    expect(estimateIds(Uint32Array.from([0, 1, 2, 3]), 4, 3)).toBe(3); // never above the requests
    expect(estimateIds(new Uint32Array(0), 0, 0)).toBe(1);
  });
});
