// The live view's states, drawn by ink-testing-library from events folded at given times: starting,
// loading (requests and bytes read, rate, ETA), running pairs (bar, counts, elapsed, rate, ETA),
// finished pairs above, an unknown total, and no colour codes with colour off.
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import type { JobResult } from "../../src/sim/job.js";
import { SimulationView } from "../../src/ui/components/SimulationApp.js";
import { applyEvent, initialState, snapshot } from "../../src/ui/progress.js";

const row = (eviction: string, capacity: number, missRatio: number): JobResult =>
  ({
    eviction,
    capacity,
    capacityText: String(capacity),
    unit: "objects",
    missRatio,
    byteMissRatio: missRatio,
  }) as JobResult;

const MiB = 1 << 20;

describe("SimulationView (ink)", () => {
  it("starting, then loading with requests and bytes read, elapsed, rate and ETA", () => {
    const s = initialState(0);
    const view = render(<SimulationView state={snapshot(s)} />);
    expect(view.lastFrame()).toContain("starting…");

    applyEvent(s, { type: "loading", requests: 0, expectedRequests: 10_000_000, fileBytes: 240 * MiB }, 100);
    view.rerender(<SimulationView state={snapshot(s)} />);
    expect(view.lastFrame()).toMatch(/loading trace 0 \/ 10,000,000 requests \(0 B of 240 MiB\) · 0%\n\s+0\.0 s$/);

    // 2.5 M requests in 1 s: a quarter of the file, 2.5 M req/s, 3 s to go
    applyEvent(s, { type: "loading", requests: 2_500_000, expectedRequests: 10_000_000, fileBytes: 240 * MiB }, 1100);
    view.rerender(<SimulationView state={snapshot(s)} />);
    expect(view.lastFrame()).toMatch(
      /^loading trace 2,500,000 \/ 10,000,000 requests \(60 MiB of 240 MiB\) · 25%\n\s+1\.0 s · 2\.5 M req\/s · ETA 3\.0 s$/,
    );
    view.unmount();
  });

  it("a progress bar per running pair with counts, elapsed, rate and ETA; finished pairs above", () => {
    const s = initialState(0);
    const view = render(<SimulationView state={snapshot(s)} />);
    applyEvent(
      s,
      {
        type: "start",
        jobs: [
          { eviction: "lru", capacityText: "1%" },
          { eviction: "s3fifo", capacityText: "1%" },
          { eviction: "sieve", capacityText: "1%" },
        ],
        requests: 1_000_000,
      },
      0,
    );
    applyEvent(s, { type: "progress", job: 0, done: 0 }, 0);
    applyEvent(s, { type: "progress", job: 1, done: 0 }, 1000);
    applyEvent(s, { type: "progress", job: 0, done: 500_000 }, 2000);
    applyEvent(s, { type: "progress", job: 1, done: 250_000 }, 2000);
    view.rerender(<SimulationView state={snapshot(s)} />);
    const mid = view.lastFrame() ?? "";
    expect(mid).toMatch(/▸ lru\s+1%\s+█{10}░{10}\s+50% · 2\.0 s · 250 k req\/s · ETA 2\.0 s$/m);
    expect(mid).toMatch(/▸ s3fifo\s+1%\s+█{5}░{15}\s+25% · 1\.0 s · 250 k req\/s · ETA 3\.0 s$/m);
    expect(mid).not.toContain("sieve"); // not started yet
    expect(mid).toContain("0/3 pairs done · 1,000,000 requests each · 2.0 s");

    applyEvent(s, { type: "finished", job: 0, result: row("lru", 489, 0.838) }, 3000);
    view.rerender(<SimulationView state={snapshot(s)} />);
    const end = view.lastFrame() ?? "";
    expect(end).toMatch(/✔ lru\s+489 obj\s+miss ratio 0\.8380/);
    expect(end).not.toMatch(/▸ lru/);
    expect(end).toContain("1/3 pairs done · 1,000,000 requests each · 3.0 s");
    view.unmount();
  });

  it("a streamed trace of unknown length: counts and rate, no bar, no ETA", () => {
    const s = initialState(0);
    applyEvent(s, { type: "start", jobs: [{ eviction: "lru", capacityText: "4897" }], requests: null }, 0);
    applyEvent(s, { type: "progress", job: 0, done: 0 }, 0);
    applyEvent(s, { type: "progress", job: 0, done: 3_000_000 }, 500);
    const view = render(<SimulationView state={snapshot(s)} />);
    const f = view.lastFrame() ?? "";
    expect(f).toMatch(/▸ lru\s+4897\s+3,000,000 · 0\.5 s · 6\.0 M req\/s$/m);
    expect(f).not.toContain("ETA");
    expect(f).not.toContain("█");
    expect(f).toContain("0/1 pair done");
    view.unmount();
  });

  it("colour off (NO_COLOR): no escape codes in the frame", () => {
    const s = initialState(0);
    applyEvent(s, { type: "start", jobs: [{ eviction: "lru", capacityText: "1%" }], requests: 100 }, 0);
    applyEvent(s, { type: "progress", job: 0, done: 50 }, 10);
    applyEvent(s, { type: "finished", job: 0, result: row("lru", 1, 0.5) }, 20);
    const view = render(<SimulationView state={snapshot(s)} color={false} />);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes
    expect(view.lastFrame()).not.toMatch(/\u001b\[/);
    view.unmount();
  });
});
