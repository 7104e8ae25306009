// Issue 7, group 4: a pair that stops sending progress (a user's policy looping in evict()) is shown
// as stalled, on a terminal and in plain logs, and the line says how to stop it (--timeout).
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyEvent, initialState, jobText, STALL_MS, stalledFor, tick } from "../../src/ui/progress.js";
import { PLAIN_PROGRESS_MS, plainView } from "../../src/ui/render.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("a stalled pair", () => {
  it("is marked once it has not moved for STALL_MS, and only then", () => {
    const s = initialState(0);
    applyEvent(s, { type: "start", jobs: [{ eviction: "mine", capacityText: "100" }], requests: 1000 }, 0);
    applyEvent(s, { type: "progress", job: 0, done: 100 }, 0);
    tick(s, STALL_MS - 1);
    expect(stalledFor(s, 0)).toBe(0);
    expect(jobText(s, 0)).not.toContain("no progress");
    tick(s, 12_000);
    expect(stalledFor(s, 0)).toBe(12_000);
    expect(jobText(s, 0)).toContain("no progress for 12 s: stuck? (--timeout SECONDS stops a pair)");
    // progress that moves clears it; a repeat of the same count does not
    applyEvent(s, { type: "progress", job: 0, done: 100 }, 13_000);
    expect(stalledFor(s, 0)).toBe(13_000);
    applyEvent(s, { type: "progress", job: 0, done: 200 }, 13_000);
    expect(stalledFor(s, 0)).toBe(0);
  });

  it("a plain log reports it although no event arrives", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const lines: string[] = [];
    const view = plainView((l) => lines.push(l));
    view.onEvent({ type: "start", jobs: [{ eviction: "mine", capacityText: "100" }], requests: 1000 });
    view.onEvent({ type: "progress", job: 0, done: 100 });
    await vi.advanceTimersByTimeAsync(STALL_MS + PLAIN_PROGRESS_MS);
    expect(lines.some((l) => /^mine @ 100: .*no progress for 1\d\.\d s|no progress for 1\d s/.test(l))).toBe(true);
    await view.close();
    const n = lines.length;
    await vi.advanceTimersByTimeAsync(5 * PLAIN_PROGRESS_MS);
    expect(lines.length).toBe(n);
  });
});
