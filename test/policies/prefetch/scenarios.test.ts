// Prefetching end to end through the simulator (scenario loading, jobs, the twin run, workers):
// - with `none` every number equals the run without the prefetch feature, exactly;
// - on scenarios/context-prefetch.yaml, `context` raises the hit ratio over `none` and beats
//   `markov`, with its accuracy and coverage reported;
// - on a context-free Zipf workload, `context` fetches little and the row says it was not useful;
// - a user module is loaded like an eviction module; one that throws fails with one line.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { toSimulateRequest } from "../../../src/cli/run-simulation.js";
import { CliError } from "../../../src/core/errors.js";
import { loadRun, type RunFlags } from "../../../src/scenario/load.js";
import { runJob } from "../../../src/sim/job.js";
import { simulate } from "../../../src/sim/simulate.js";
import { syntheticWorkload } from "../../../src/workload/generators/schema.js";
import { synthetic } from "../../../src/workload/generators/synthetic.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const here = fileURLToPath(new URL("./fixtures/", import.meta.url));

async function run(file: string | undefined, flags: RunFlags) {
  const r = await loadRun(file, flags);
  return simulate(await toSimulateRequest(r, 1));
}

function strip<T extends { timing?: unknown; prefetch?: unknown }>(row: T) {
  const { timing: _t, prefetch: _p, ...rest } = row;
  return rest;
}

const zipf = syntheticWorkload.parse({
  type: "synthetic",
  requests: 200_000,
  rate: 1, // 2.3 days: the context rules get to fire
  objects: 10_000,
  keys: { dist: "zipf", alpha: 0.9 },
});

function job(prefetch?: string, params: Record<string, number> = {}) {
  return {
    eviction: { name: "lru", params: {} },
    capacity: 1000,
    capacityText: "1000",
    unit: "objects" as const,
    seed: 1,
    warmup: 50_000,
    window: "auto" as const,
    ...(prefetch
      ? {
          prefetch: prefetch.endsWith(".mjs")
            ? { name: prefetch, params, module: prefetch }
            : { name: prefetch, params },
        }
      : {}),
  };
}

function input() {
  const src = synthetic(zipf, 1);
  return { batches: src, ids: src.expectedObjects, ops: false, contexts: src.contexts };
}

describe("prefetching through the simulator", () => {
  it("none: every number equals the run without the prefetch feature", async () => {
    const plain = await runJob(job(), input());
    const none = await runJob(job("none"), input());
    expect(plain.prefetch).toBeUndefined();
    expect(strip(none)).toEqual(strip(plain));
    expect(none.prefetch).toMatchObject({ prefetcher: "none", prefetches: 0, coverage: 0, verdict: "baseline" });
    expect(none.prefetch!.baselineMisses).toBe(plain.misses);
  });

  it("context on a context-free Zipf workload: few prefetches, reported as not useful", async () => {
    const row = await runJob(job("context"), input());
    const p = row.prefetch!;
    expect(p.prefetches).toBeLessThanOrEqual(row.requests * 0.01);
    expect(p.verdict).toBe("not useful");
    expect(Math.abs(p.hitRatioGain)).toBeLessThan(0.001);
  });

  it("context-prefetch.yaml: context beats none and markov, with accuracy and coverage reported", async () => {
    const result = await run(`${root}scenarios/context-prefetch.yaml`, { prefetch: "markov,context" });
    const [markov, context] = result.results;
    expect(markov.prefetch!.prefetcher).toBe("markov");
    expect(context.prefetch!.prefetcher).toBe("context");
    // none's numbers are the twin's: the same baseline for both rows
    expect(context.prefetch!.baselineMisses).toBe(markov.prefetch!.baselineMisses);
    const noneHitRatio = 1 - context.prefetch!.baselineMisses / context.requests;
    expect(context.hitRatio).toBeGreaterThan(noneHitRatio + 0.01);
    expect(context.hitRatio).toBeGreaterThan(markov.hitRatio + 0.01);
    expect(context.prefetch!.verdict).toBe("useful");
    expect(context.prefetch!.accuracy).toBeGreaterThan(0.3);
    expect(context.prefetch!.coverage).toBeGreaterThan(0.02);
  }, 60_000);

  it("a user module prefetcher is loaded, labelled and measured", async () => {
    const row = await runJob(job(`${here}next-id.mjs`, { step: 1 }), input());
    expect(row.prefetch!.prefetcher).toBe(`${here}next-id.mjs(step=1)`);
    expect(row.prefetch!.prefetches).toBeGreaterThan(0);
  });

  it("a user module that throws fails the run with one line naming it", async () => {
    const err = await runJob(job(`${here}throws.mjs`), input()).catch((e) => e);
    expect(err).toBeInstanceOf(CliError);
    expect(String(err.message)).toMatch(/prefetcher module .*throws\.mjs: access\(\) threw Error: boom/);
  });

  it("a prefetch list in a scenario is checked where it is written", async () => {
    const err = await loadRun(undefined, {
      trace: `${root}test/fixtures/traces/cloudPhysicsIO.txt`,
      prefetch: "nope",
    }).catch((e) => e);
    expect(String(err.message)).toMatch(/--prefetch.*nope/);
  });
});
