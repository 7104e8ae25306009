// Golden-test helpers: load a fixture trace fully, replay it through one policy in the engine's node
// (CacheNode.replay, as the simulator does), and read libCacheSim's reference counts for the same trace × algorithm × size.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CacheNode } from "../../src/engine/node.js";
import type { EvictionSpec } from "../../src/policies/eviction/types.js";
import { nextAccess } from "../../src/sim/oracle.js";
import { readOracleGeneral } from "../../src/workload/readers/oracle-general.js";
import type { BatchSource, RequestBatch } from "../../src/workload/types.js";

export const FIXTURES = fileURLToPath(new URL("../fixtures/traces/", import.meta.url));
/** The CloudPhysics trace in libCacheSim's oracleGeneral format: the fixture most golden tests replay. */
export const ORACLE_TRACE = "cloudPhysicsIO.oracleGeneral.bin";
/**
 * The synthetic trace with lognormal sizes from 1 byte to 1 MiB (see the fixtures' README); its
 * reference (`reference-libcachesim-varsize.csv`) gives ratios to 4 decimals and no raw counts.
 */
export const VARSIZE_TRACE = "zipf0.9-lognormal.oracleGeneral.bin";
/** libCacheSim prints the variable-size reference to 4 decimals: identical runs agree within this. */
export const PRINTED = 0.00005 + 1e-9;
/** Allowed miss-ratio difference for algorithms libCacheSim's README does not call fully specified. */
export const TOLERANCE = 0.005;

export interface RefRow {
  trace: string;
  algorithm: string;
  cacheSize: number;
  unit: "objects" | "bytes";
  requests: number;
  misses: number;
  byteRequests: number;
  byteMisses: number;
  missRatio: number;
  byteMissRatio: number;
}

export function referenceRows(): RefRow[] {
  const lines = readFileSync(`${FIXTURES}reference-libcachesim.csv`, "utf8").trim().split("\n").slice(1);
  const varsize = readFileSync(`${FIXTURES}reference-libcachesim-varsize.csv`, "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => {
      // trace,algorithm,cache_size,size_unit,n_req,miss_ratio,byte_miss_ratio: no raw counts
      const f = l.split(",");
      return {
        trace: f[0],
        algorithm: f[1],
        cacheSize: Number(f[2]),
        unit: f[3] as "objects" | "bytes",
        requests: Number(f[4]),
        misses: Number.NaN,
        byteRequests: Number.NaN,
        byteMisses: Number.NaN,
        missRatio: Number(f[5]),
        byteMissRatio: Number(f[6]),
      };
    });
  return [
    ...varsize,
    ...lines.map((l) => {
      const f = l.split(",");
      return {
        trace: f[0],
        algorithm: f[1],
        cacheSize: Number(f[2]),
        unit: f[3] as "objects" | "bytes",
        requests: Number(f[4]),
        misses: Number(f[5]),
        byteRequests: Number(f[6]),
        byteMisses: Number(f[7]),
        missRatio: Number(f[8]),
        byteMissRatio: Number(f[9]),
      };
    }),
  ];
}

export interface Loaded {
  keys: Uint32Array;
  sizes: Uint32Array;
  length: number;
  objects: number;
}

const cache = new Map<string, Loaded>();

/** Loads a fixture trace (by file name) through its reader; memoised per test file. */
export function loadFixture(file: string, open: (path: string) => BatchSource = readOracleGeneral): Loaded {
  const hit = cache.get(file);
  if (hit) return hit;
  const src = open(`${FIXTURES}${file}`);
  const keys: number[] = [];
  const sizes: number[] = [];
  for (const b of src) {
    for (let i = 0; i < b.length; i++) {
      keys.push(b.key[i]);
      sizes.push(b.size[i]);
    }
  }
  const loaded = {
    keys: Uint32Array.from(keys),
    sizes: Uint32Array.from(sizes),
    length: keys.length,
    objects: src.objects,
  };
  cache.set(file, loaded);
  return loaded;
}

/** What a run measures: the reference rows' counts and ratios, under the same names. */
export type Outcome = Pick<
  RefRow,
  "requests" | "misses" | "byteRequests" | "byteMisses" | "missRatio" | "byteMissRatio"
>;

export function run(
  spec: EvictionSpec,
  t: Loaded,
  capacity: number,
  unit: "objects" | "bytes",
  params: Record<string, number> = {},
  seed = 42,
): Outcome {
  const policy = spec.create(
    { ...spec.defaults, ...params },
    {
      capacity,
      ids: t.objects,
      seed,
      nextAccess: spec.oracle ? nextAccess(t.keys, t.length, t.objects) : undefined,
    },
  );
  // the whole trace as one batch, through the simulator's replay loop
  const node = new CacheNode(policy, { capacity });
  const b: RequestBatch = {
    length: t.length,
    key: t.keys,
    size: t.sizes,
    op: new Uint8Array(t.length),
    time: new Float64Array(t.length),
  };
  node.replay(b, 0, t.length, unit === "bytes", false);
  const k = node.counts();
  return { ...k, missRatio: k.misses / k.requests, byteMissRatio: k.byteMisses / k.byteRequests };
}

/** What one golden test asserts for a reference row (each check is off unless given). */
export interface GoldenCheck {
  /** Appended to the test's name, "<cacheSize> <unit>". */
  name?: string;
  /** Policy parameters over the spec's defaults. */
  params?: Record<string, number>;
  /** The run's seed (default 42). */
  seed?: number;
  /** Counts that must equal libCacheSim's, each on its own (those that do not depend on the policy). */
  counts?: ReadonlyArray<"requests" | "byteRequests">;
  /** Allowed |miss ratio − libCacheSim's|. */
  tolerance?: number;
  /**
   * A tighter bound on the same differences, asserted as well as `tolerance`: what the policy's
   * header documents it achieves, plus a small margin. TOLERANCE (0.005) is wider than the gap
   * between many policies (and between a policy and itself with other parameters) on this trace;
   * this bound tells them apart.
   */
  bound?: number;
  /** With `tolerance` or `bound`: hold the byte miss ratio to it too (default true). */
  byteRatio?: boolean;
  /** The rows whose requests, misses, byte requests and byte misses must all equal libCacheSim's. */
  exact?: boolean | ((row: RefRow) => boolean);
}

export interface GoldenOptions extends GoldenCheck {
  /** The fixture replayed (default ORACLE_TRACE). */
  trace?: string;
  /** Require reference rows in both units, not just some rows. */
  bothUnits?: boolean;
  /** Several tests per row, in this order (default: one test making this object's checks). */
  checks?: readonly GoldenCheck[];
}

/**
 * The golden suite of one policy: a test that libCacheSim's reference has rows for it on the trace,
 * then, per row, a test for each check, replaying the trace through the engine at the row's size.
 */
export function goldenSuite(title: string, spec: EvictionSpec, options: GoldenOptions): void {
  const trace = options.trace ?? ORACLE_TRACE;
  const checks = options.checks ?? [options];
  describe(title, () => {
    const rows = referenceRows().filter((r) => r.trace === trace && r.algorithm === spec.name);
    if (options.bothUnits) {
      it("has reference rows for both units", () => {
        expect(rows.filter((r) => r.unit === "objects").length).toBeGreaterThan(0);
        expect(rows.filter((r) => r.unit === "bytes").length).toBeGreaterThan(0);
      });
    } else {
      it("has reference rows", () => expect(rows.length).toBeGreaterThan(0));
    }
    for (const row of rows) {
      for (const check of checks) {
        it(`${row.cacheSize} ${row.unit}${check.name ?? ""}`, () => {
          const out = run(spec, loadFixture(trace), row.cacheSize, row.unit, check.params, check.seed);
          for (const count of check.counts ?? []) expect(out[count]).toBe(row[count]);
          for (const limit of [check.tolerance, check.bound]) {
            if (limit === undefined) continue;
            expect(Math.abs(out.missRatio - row.missRatio)).toBeLessThanOrEqual(limit);
            if (check.byteRatio !== false) {
              expect(Math.abs(out.byteMissRatio - row.byteMissRatio)).toBeLessThanOrEqual(limit);
            }
          }
          const exact = typeof check.exact === "function" ? check.exact(row) : check.exact === true;
          if (exact) {
            expect([out.requests, out.misses, out.byteRequests, out.byteMisses]).toEqual([
              row.requests,
              row.misses,
              row.byteRequests,
              row.byteMisses,
            ]);
          }
        });
      }
    }
  });
}
