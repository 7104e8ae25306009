// Issue 7, group 4 (parameters): every value that validation allows must run without crashing or
// hanging. Every parameter of every built-in strategy has finite bounds, and each strategy runs a
// short trace with each parameter at its minimum and at its maximum, in bounded time.
import { describe, expect, it } from "vitest";
import { CacheNode } from "../../src/engine/node.js";
import { admissionPolicies } from "../../src/policies/admission/registry.js";
import { evictionPolicies } from "../../src/policies/eviction/registry.js";
import { resolveParams } from "../../src/policies/resolve.js";
import type { Spec } from "../../src/policies/spec.js";
import { drive } from "../../src/sim/drive.js";
import { GET, type RequestBatch } from "../../src/workload/types.js";

type AnySpec = Spec<any, any, any>;
const N = 20_000;
const KEYS = 4000;

function trace(): RequestBatch {
  const key = new Uint32Array(N);
  let x = 1;
  for (let i = 0; i < N; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    key[i] = (x >>> 8) % (i % 3 === 0 ? 100 : KEYS);
  }
  return {
    length: N,
    key,
    size: new Uint32Array(N).fill(1),
    op: new Uint8Array(N).fill(GET),
    time: Float64Array.from(key, (_, i) => i),
  };
}

/** Next position of the same key, for oracle policies. */
function nextAccess(b: RequestBatch): Int32Array {
  const next = new Int32Array(b.length).fill(-1);
  const last = new Map<number, number>();
  for (let i = b.length - 1; i >= 0; i--) {
    next[i] = last.get(b.key[i]) ?? -1;
    last.set(b.key[i], i);
  }
  return next;
}

const specs: [string, AnySpec][] = [
  ...Object.values(evictionPolicies).map((s) => ["eviction policy", s as AnySpec] as [string, AnySpec]),
  ...Object.values(admissionPolicies).map((s) => ["admission policy", s as AnySpec] as [string, AnySpec]),
];

describe("parameter bounds keep memory and time sane (issue 7, group 4)", () => {
  it("every parameter states finite bounds", () => {
    for (const [, s] of specs) {
      for (const k of Object.keys(s.defaults)) {
        const d = s.params[k];
        expect(Number.isFinite(d?.min), `${s.name}.${k} min`).toBe(true);
        expect(Number.isFinite(d?.max), `${s.name}.${k} max`).toBe(true);
      }
    }
  });

  it("rejects the reported values", () => {
    const bad: [AnySpec, string, Record<string, number>][] = [
      [evictionPolicies.wtinylfu, "eviction policy", { doorkeeper: 1e9 }],
      [admissionPolicies.tinylfu as AnySpec, "admission policy", { doorkeeper: 1e300 }],
      [admissionPolicies.tinylfu as AnySpec, "admission policy", { width: 1e9 }],
      [evictionPolicies.beladySize, "eviction policy", { samples: 1_000_000 }],
      [evictionPolicies.lhd, "eviction policy", { reconfigureInterval: 1 }],
    ];
    for (const [s, kind, p] of bad) expect(() => resolveParams(s, p, kind)).toThrow(/must be/);
  });

  const b = trace();
  const next = nextAccess(b);
  for (const [kind, s] of specs) {
    for (const k of Object.keys(s.defaults)) {
      for (const edge of ["min", "max"] as const) {
        it(`${s.name}:${k}=${edge} runs`, () => {
          const v = s.params[k][edge] as number;
          const params = resolveParams(s, { [k]: v }, kind);
          const capacity = 1000;
          const ctx = { capacity, ids: KEYS, seed: 1, nextAccess: next };
          const t0 = performance.now();
          const node =
            kind === "eviction policy"
              ? new CacheNode(s.create(params, ctx), { capacity })
              : new CacheNode(evictionPolicies.lru.create(evictionPolicies.lru.defaults, ctx), {
                  capacity,
                  admission: s.create(params, ctx),
                });
          const d = drive(node, [b], { bytes: false, ops: false, warmup: 0, window: 0 });
          expect(d.counters.requests).toBe(N);
          expect(performance.now() - t0).toBeLessThan(5000);
        });
      }
    }
  }
});
