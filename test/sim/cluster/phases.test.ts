// The phase tracker, hand-worked: windows of 10 positions aligned to each phase's start; the level
// before an event is the last complete window plus the partial one the event cut; the dip is the
// lowest complete window; recovery is the end of the first window back within 2 % (relative).
import { describe, expect, it } from "vitest";
import { PhaseTracker } from "../../../src/sim/cluster/phases.js";

describe("PhaseTracker", () => {
  it("a down event: level before, dip, recovery, counts", () => {
    const t = new PhaseTracker(10);
    // positions 0–9: 10 requests, 8 hits; 10–19: 10 requests, 9 hits
    t.windowEnd(10, 10, 8);
    t.windowEnd(20, 20, 17);
    // positions 20–24 (partial): 5 requests, 5 hits; the event at 25
    expect(t.nextWindow).toBe(30);
    const p = t.open(25, "down node1", 0, 25, 22);
    // before = (9 + 5) / (10 + 5)
    expect(p.hitRatioBefore).toBeCloseTo(14 / 15, 12);
    expect(t.nextWindow).toBe(35);
    // 25–34: 10 requests, 3 hits (the dip); 35–44: 9 hits (0.9 ≥ 0.98 × 0.9333 = 0.9147? no); 45–54: 10 hits
    t.windowEnd(35, 35, 25);
    t.windowEnd(45, 45, 34);
    expect(p.recoveryRequests).toBeNull();
    t.windowEnd(55, 55, 44);
    expect(p.recoveryRequests).toBe(30);
    t.close(58, 46);
    expect(t.rows).toEqual([
      {
        index: 0,
        event: "start",
        atRequest: 0,
        requests: 25,
        hits: 22,
        misses: 3,
        hitRatioBefore: null,
        lowestHitRatio: 0.8,
        recoveryRequests: null,
        keysRemapped: 0,
      },
      {
        index: 1,
        event: "down node1",
        atRequest: 25,
        requests: 33,
        hits: 24,
        misses: 9,
        hitRatioBefore: 14 / 15,
        lowestHitRatio: 0.3,
        recoveryRequests: 30,
        keysRemapped: 0,
      },
    ]);
  });

  it("a phase shorter than a window reports its partial window; the warm-up resets counts", () => {
    const t = new PhaseTracker(100);
    t.resetCounts();
    const p = t.open(40, "add node4", 123, 40, 20);
    expect(p.hitRatioBefore).toBe(0.5);
    expect(p.keysRemapped).toBe(123);
    t.close(50, 21);
    expect(p).toMatchObject({ requests: 10, hits: 1, misses: 9, lowestHitRatio: 0.1, recoveryRequests: null });
  });

  it("no counted request before an event: no level before, so no recovery", () => {
    const t = new PhaseTracker(10);
    const p = t.open(0, "down node0", 0, 0, 0);
    t.windowEnd(10, 10, 10);
    expect(p.hitRatioBefore).toBeNull();
    expect(p.recoveryRequests).toBeNull();
    expect(p.lowestHitRatio).toBe(1);
  });
});
