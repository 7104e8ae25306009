// Without a TTY (CI logs, pipes) the run is shown as plain lines on stderr: phases as they happen,
// progress at most every PLAIN_PROGRESS_MS, and the summary line counts the warm-up apart.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RunResult } from "../../src/sim/result.js";
import { PLAIN_PROGRESS_MS, plainView, summaryLine } from "../../src/ui/render.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("plain view", () => {
  it("a line per phase, progress lines only every PLAIN_PROGRESS_MS, no escape codes", () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const lines: string[] = [];
    const view = plainView((l) => lines.push(l));
    const loading = (requests: number) =>
      view.onEvent({ type: "loading", requests, expectedRequests: 4_000_000, fileBytes: 96 << 20 });
    loading(0);
    for (let t = 50; t < PLAIN_PROGRESS_MS; t += 50) {
      vi.setSystemTime(t);
      loading(t * 1000);
    }
    expect(lines).toEqual(["loading trace…"]);
    vi.setSystemTime(PLAIN_PROGRESS_MS);
    loading(2_000_000);
    expect(lines[1]).toBe(
      "loading trace: 2,000,000 / 4,000,000 requests (48 MiB of 96 MiB) · 50% · 2.0 s · 1.0 M req/s · ETA 2.0 s",
    );
    view.onEvent({ type: "loaded", requests: 4_000_000, objects: 1000 });
    view.onEvent({ type: "start", jobs: [{ eviction: "lru", capacityText: "1%" }], requests: 4_000_000 });
    view.onEvent({ type: "progress", job: 0, done: 0 });
    vi.setSystemTime(2 * PLAIN_PROGRESS_MS);
    view.onEvent({ type: "progress", job: 0, done: 1_000_000 });
    expect(lines.slice(2)).toEqual([
      "loaded 4,000,000 requests, 1,000 objects",
      "lru @ 1%: 25% · 2.0 s · 500 k req/s · ETA 6.0 s",
      "0/1 pair done · 4,000,000 requests · 4.0 s",
    ]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes
    expect(lines.join("\n")).not.toMatch(/\u001b/);
  });

  it("with --json (progressOnly): no phase lines, only the periodic progress of a long run", () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const lines: string[] = [];
    const view = plainView((l) => lines.push(l), { progressOnly: true });
    view.onEvent({ type: "loading", requests: 0, expectedRequests: null, fileBytes: null });
    view.onEvent({ type: "loaded", requests: 10, objects: 5 });
    view.onEvent({
      type: "start",
      jobs: [
        { eviction: "lru", capacityText: "1%" },
        { eviction: "fifo", capacityText: "1%" },
      ],
      requests: 10,
    });
    view.onEvent({ type: "progress", job: 0, done: 0 });
    view.onEvent({ type: "finished", job: 0, result: { eviction: "lru", missRatio: 0.5 } as never });
    expect(lines).toEqual([]);
    vi.setSystemTime(PLAIN_PROGRESS_MS);
    view.onEvent({ type: "progress", job: 1, done: 5 });
    expect(lines).toEqual(["fifo @ 1%: 50% · 0.0 s", "1/2 pairs done · 10 requests each · 2.0 s"]);
  });

  it("the summary line says how many requests were warm-up and how many were counted", () => {
    const r = {
      name: "quickstart",
      trace: { requests: 1_000_000, objects: 100_000, requestedBytes: 0, workingSetBytes: 0 },
      warmupRequests: 100_000,
      results: [{}, {}],
      run: { elapsedMs: 2310 },
    } as unknown as RunResult;
    expect(summaryLine(r)).toBe(
      "quickstart: 1,000,000 requests (100,000 warm-up, 900,000 counted), 100,000 objects, 2 pairs in 2.31 s",
    );
    expect(summaryLine({ ...r, warmupRequests: 0 })).toBe(
      "quickstart: 1,000,000 requests, 100,000 objects, 2 pairs in 2.31 s",
    );
  });
});
