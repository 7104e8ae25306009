// The oracleGeneral writer: libCacheSim's next-access field, first sizes, what it cannot hold.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeTrace } from "../../../src/workload/formats.js";
import { hashKey } from "../../../src/workload/hash-key.js";
import { readOracleGeneral } from "../../../src/workload/readers/oracle-general.js";
import { SET } from "../../../src/workload/types.js";
import { collect, memorySource, type Req, scratch } from "../helpers.js";

describe("oracleGeneral writer", () => {
  it("computes next_access_vtime (1-based, -1 = never) and keeps each object's first size", () => {
    const reqs: Req[] = [
      { id: 1, size: 10, time: 0, op: 0 },
      { id: 2, size: 20, time: 1.9, op: 0 },
      { id: 1, size: 99, time: 2, op: 0 },
      { id: 2 ** 40, size: 30, time: 3, op: 0 },
      { id: 2, size: 21, time: 4, op: 0 },
      { id: 1, size: 98, time: 5, op: 0 },
    ];
    const path = join(scratch(), "t.oracleGeneral.bin");
    writeTrace(memorySource(reqs, 4), path, "oracleGeneral");
    const buf = readFileSync(path);
    expect(buf.length).toBe(6 * 24);
    const rec = (r: number) => [
      buf.readUInt32LE(r * 24),
      buf.readBigUInt64LE(r * 24 + 4),
      buf.readUInt32LE(r * 24 + 12),
      buf.readBigInt64LE(r * 24 + 16),
    ];
    expect([0, 1, 2, 3, 4, 5].map(rec)).toEqual([
      [0, 1n, 10, 3n],
      [1, 2n, 20, 5n],
      [2, 1n, 10, 6n],
      [3, 2n ** 40n, 30, -1n],
      [4, 2n, 20, -1n],
      [5, 1n, 10, -1n],
    ]);
  });

  it("next access is right across the writer's 65,536-record backward chunks", () => {
    const reqs: Req[] = Array.from({ length: 140_000 }, (_, i) => ({ id: i % 70_001, size: 1, time: 0, op: 0 }));
    const path = join(scratch(), "long.oracleGeneral.bin");
    writeTrace(memorySource(reqs, 65_536), path, "oracleGeneral");
    const buf = readFileSync(path);
    const next = (r: number) => buf.readBigInt64LE(r * 24 + 16);
    expect(next(0)).toBe(70_002n);
    expect(next(69_998)).toBe(140_000n);
    expect(next(69_999)).toBe(-1n);
    expect(next(70_000)).toBe(-1n);
    expect(next(70_001)).toBe(-1n);
  });

  it("counts the SETs, DELETEs and TTLs it cannot hold; writes string keys as their 64-bit hash", () => {
    const reqs: Req[] = [
      { id: "user:1", size: 5, time: 0, op: SET, ttl: 60 },
      { id: "user:2", size: 5, time: 0, op: 2 },
      { id: "user:1", size: 5, time: 0, op: 0 },
    ];
    const path = join(scratch(), "s.oracleGeneral.bin");
    expect(writeTrace(memorySource(reqs), path, "oracleGeneral")).toEqual({
      requests: 3,
      droppedOps: 2,
      droppedTtls: 1,
    });
    const t = collect(readOracleGeneral(path));
    const [lo, hi] = hashKey("user:1");
    expect(t.ids[0]).toBe(t.ids[2]);
    expect(t.ids[0]).not.toBe(t.ids[1]);
    expect(BigInt(t.ids[0] as number | bigint)).toBe((BigInt(hi) << 32n) | BigInt(lo));
    expect(t.key).toEqual([0, 1, 0]);
  });
});
