import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import type { JobResult } from "../../src/sim/job.js";
import { applyEvent, initialState, SimulationView } from "../../src/ui/components/SimulationApp.js";

const row = (eviction: string, capacity: number, missRatio: number): JobResult =>
  ({
    eviction,
    capacity,
    capacityText: String(capacity),
    unit: "objects",
    missRatio,
    byteMissRatio: missRatio,
  }) as JobResult;

describe("SimulationView (ink)", () => {
  it("shows loading, then a progress bar per running pair and finished pairs above", () => {
    const s = initialState();
    const view = render(<SimulationView state={{ ...s }} />);
    expect(view.lastFrame()).toContain("loading trace…");

    applyEvent(s, {
      type: "start",
      jobs: [
        { eviction: "lru", capacityText: "1%" },
        { eviction: "s3fifo", capacityText: "1%" },
      ],
      requests: 1000,
    });
    applyEvent(s, { type: "progress", job: 0, done: 500 });
    applyEvent(s, { type: "progress", job: 1, done: 250 });
    view.rerender(<SimulationView state={{ ...s, done: [...s.done] }} />);
    const mid = view.lastFrame() ?? "";
    expect(mid).toMatch(/lru\s+1%\s+█{12}░{12} 50%/);
    expect(mid).toMatch(/s3fifo\s+1%\s+█{6}░{18} 25%/);
    expect(mid).toContain("0/2 pairs done");

    applyEvent(s, { type: "finished", job: 0, result: row("lru", 489, 0.838) });
    view.rerender(<SimulationView state={{ ...s, done: [...s.done], finished: [...s.finished] }} />);
    const end = view.lastFrame() ?? "";
    expect(end).toMatch(/✔ lru\s+489 obj\s+miss ratio 0\.8380/);
    expect(end).not.toMatch(/▸ lru/);
    expect(end).toContain("1/2 pairs done");
    view.unmount();
  });
});
