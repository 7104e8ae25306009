// The five shipped cluster scenarios, shrunk as the README test shrinks them (20,000 requests over
// 2,000 objects), each still shows the one thing its comment says it shows.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { ResultRow } from "../../../src/sim/result.js";
import { runScenario } from "./run.js";

const SCENARIOS = fileURLToPath(new URL("../../../scenarios/", import.meta.url));

async function shrunk(name: string): Promise<ResultRow[]> {
  const doc = parse(readFileSync(`${SCENARIOS}${name}.yaml`, "utf8"));
  doc.workload.requests = Math.min(doc.workload.requests, 20_000);
  doc.workload.objects = Math.min(doc.workload.objects, 2_000);
  return (await runScenario(stringify(doc), 2)).results;
}

describe("shipped cluster scenarios, shrunk", () => {
  it("placement-skew: one row per scheme, every node's load share", async () => {
    const rows = await shrunk("placement-skew");
    expect(rows.map((r) => r.cluster!.placement)).toEqual(["modulo", "ring", "jump", "bounded(epsilon=0.25)"]);
    for (const r of rows) {
      expect(r.nodes).toHaveLength(8);
      expect(r.nodes!.reduce((s, n) => s + n.loadShare, 0)).toBeCloseTo(1, 9);
    }
  });

  it("node-failure: failovers, no read lost, a dip when node1 goes down", async () => {
    const [r] = await shrunk("node-failure");
    expect(r.tiers!.failovers).toBeGreaterThan(0);
    expect(r.hits + r.misses).toBe(r.requests);
    expect(r.phases!.map((p) => p.event)).toEqual(["start", "down node1", "up node1"]);
    expect(r.phases![1].lowestHitRatio!).toBeLessThan(r.phases![1].hitRatioBefore!);
  });

  it("scale-out: modulo remaps far more keys than ring and jump", async () => {
    const [modulo, ring, jump] = await shrunk("scale-out");
    const moved = (r: ResultRow) => r.phases![1].keysRemapped;
    expect(moved(modulo)).toBeGreaterThan(2 * moved(ring));
    expect(moved(modulo)).toBeGreaterThan(2 * moved(jump));
  });

  it("blue-green: copy-hot dips less than cold", async () => {
    const [cold, hot] = await shrunk("blue-green");
    expect(hot.phases![1].lowestHitRatio!).toBeGreaterThan(cold.phases![1].lowestHitRatio!);
  });

  it("near-cache: ttl serves stale reads, broadcast sends invalidations instead", async () => {
    const [ttl, broadcast] = await shrunk("near-cache");
    expect(ttl.tiers!.staleReads).toBeGreaterThan(0);
    expect(broadcast.tiers!.staleReads).toBe(0);
    expect(broadcast.tiers!.invalidations.messages).toBeGreaterThan(0);
  });
});
