// What the simulator reports for the views: loading progress from 0 requests read, each job's start
// (progress 0) before its first batch, progress at most every PROGRESS_MS per job (≤ 20 per second),
// on the streamed path (one pair) and the loaded one (several pairs) alike.
import { describe, expect, it } from "vitest";
import { toSimulateRequest } from "../../src/cli/run-simulation.js";
import { loadRun } from "../../src/scenario/load.js";
import { PROGRESS_MS, type SimulateEvent, simulate } from "../../src/sim/simulate.js";
import { FIXTURES } from "../commands/run.js";

const OG = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;

async function events(eviction: string, capacity: string): Promise<{ e: SimulateEvent; at: number }[]> {
  const run = await loadRun(undefined, { trace: OG, eviction, capacity });
  const req = await toSimulateRequest(run, 1);
  const out: { e: SimulateEvent; at: number }[] = [];
  await simulate(req, (e) => out.push({ e, at: performance.now() }));
  return out;
}

function progressGaps(list: { e: SimulateEvent; at: number }[], job: number): number[] {
  const at = list.filter((x) => x.e.type === "progress" && x.e.job === job).map((x) => x.at);
  return at.slice(1).map((t, i) => t - at[i]);
}

describe("simulate's progress events", () => {
  it("one streamed pair: start, progress from 0, throttled, finished", async () => {
    const list = await events("lru", "489");
    const types = list.map((x) => x.e.type);
    expect(types[0]).toBe("start");
    expect(list[1].e).toEqual({ type: "progress", job: 0, done: 0 });
    expect(types.at(-1)).toBe("finished");
    expect(types).not.toContain("loading");
    for (const gap of progressGaps(list, 0)) expect(gap).toBeGreaterThanOrEqual(PROGRESS_MS - 1);
  });

  it("several pairs: loading from 0 requests read with the expected total, then each job from 0", async () => {
    const list = await events("lru,fifo", "48");
    const loading = list.filter((x) => x.e.type === "loading").map((x) => x.e);
    expect(loading[0]).toMatchObject({ type: "loading", requests: 0, expectedRequests: 113872 });
    expect((loading[0] as { fileBytes: number }).fileBytes).toBe(113872 * 24);
    const types = list.map((x) => x.e.type);
    expect(types.indexOf("loaded")).toBeGreaterThan(types.indexOf("loading"));
    for (const job of [0, 1]) {
      const first = list.find((x) => x.e.type === "progress" && x.e.job === job);
      expect(first?.e).toEqual({ type: "progress", job, done: 0 });
      for (const gap of progressGaps(list, job)) expect(gap).toBeGreaterThanOrEqual(PROGRESS_MS - 1);
    }
    expect(types.filter((t) => t === "finished")).toHaveLength(2);
  });
});
