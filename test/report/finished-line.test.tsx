// The live view's line for a finished pair shows the byte miss ratio only in the bytes unit: in
// the objects unit every object counts 1 and it would only repeat the miss ratio.
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { SimulationView } from "../../src/ui/components/SimulationApp.js";
import { applyEvent, initialState, snapshot } from "../../src/ui/progress.js";
import { row } from "./fixture.js";

function finishedLine(unit: "objects" | "bytes"): string {
  const s = initialState(0);
  applyEvent(s, { type: "start", jobs: [{ eviction: "lru", capacityText: "10" }], requests: 1000 }, 0);
  const result = row({ eviction: "lru", capacity: 10, unit, misses: 250, byteRequests: 4000, byteMisses: 2000 });
  applyEvent(s, { type: "finished", job: 0, result }, 10);
  const view = render(<SimulationView state={snapshot(s)} color={false} />);
  const frame = view.lastFrame() ?? "";
  view.unmount();
  return frame.split("\n")[0];
}

describe("a finished pair's line", () => {
  it("objects: the miss ratio alone", () => {
    expect(finishedLine("objects")).toMatch(/^✔ lru\s+10 obj\s+miss ratio 0\.2500$/);
  });
  it("bytes: the byte miss ratio too (2,000 of 4,000 bytes)", () => {
    expect(finishedLine("bytes")).toMatch(/^✔ lru\s+10 B\s+miss ratio 0\.2500 byte miss ratio 0\.5000$/);
  });
});
